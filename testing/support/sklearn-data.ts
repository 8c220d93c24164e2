/**
 * Test-only: real tabular data from Debian's python3-sklearn (breast cancer, digits), written
 * by /usr/bin/python3 to a CSV with a header and a label column. Tests skip, with the reason
 * this returns, when that Python or sklearn is missing (.ci/run installs python3-sklearn).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const DEBIAN_PYTHON = '/usr/bin/python3';

const SCRIPT = `
import csv, sys
from sklearn import datasets
name, out = sys.argv[1], sys.argv[2]
d = getattr(datasets, 'load_' + name)()
names = [str(n) for n in getattr(d, 'feature_names', [])] or ['x%d' % i for i in range(d.data.shape[1])]
with open(out, 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(names + ['label'])
    for x, y in zip(d.data, d.target):
        w.writerow([repr(float(v)) for v in x] + [str(d.target_names[y])])
`;

/** Writes sklearn's `load_<name>()` to `<dir>/<name>.csv`; returns the file, or why it cannot. */
export async function sklearnCsv(name: 'breast_cancer' | 'digits', dir: string): Promise<{ file: string } | { skip: string }> {
  if (!existsSync(DEBIAN_PYTHON)) return { skip: `${DEBIAN_PYTHON} is missing (Debian's python3 with python3-sklearn)` };
  const file = path.join(dir, `${name}.csv`);
  try {
    await run(DEBIAN_PYTHON, ['-c', SCRIPT, name, file]);
  } catch (error) {
    return { skip: `${DEBIAN_PYTHON} cannot load sklearn's ${name} data (install python3-sklearn): ${(error as Error).message.split('\n').find((l) => /Error/.test(l)) ?? 'failed'}` };
  }
  return { file };
}
