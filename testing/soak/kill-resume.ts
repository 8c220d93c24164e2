/**
 * The fault-injection test at soak length: many runs, each SIGKILLed many times at random moments
 * (mid-save too) and resumed, every one compared with an uninterrupted run of the same seed.
 *
 *   node dist/testing/soak/kill-resume.js [--runs 40] [--kills 6] [--seed 1]
 *
 * Prints one line per run and a summary; exits 1 at the first run that differs or leaves anything behind.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { AEKIT_BIN } from '../support/cli.js';
import { killAndResume, leftoversIn } from '../support/fault-injection.js';
import { writeTinyNpy } from '../support/tiny-data.js';
import { Random } from '../../src/util/random.js';
import { readRunStatus } from '../../src/training/run-status.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' }, kills: { type: 'string', default: '6' }, seed: { type: 'string', default: '1' } } });
const runs = Number(values.runs);
const kills = Number(values.kills);
const seed = Number(values.seed);

const base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-soak-'));
const runsDir = path.join(base, 'runs');
const dataset = await writeTinyNpy(base, 96, 8);
const trainArgs = ['--model', 'dense', '-o', 'codeSize=4', '--dataset', dataset, '--epochs', '8', '--batch-size', '4', '--seed', '4', '--backend', 'cpu'];

const started = Date.now();
const straight = spawnSync(process.execPath, [AEKIT_BIN, 'train', ...trainArgs, '--runs-dir', runsDir, '--name', 'straight'], { encoding: 'utf8' });
if (straight.status !== 0) throw new Error(`the uninterrupted run failed: ${straight.stderr}`);
const trainingMs = Math.max(200, Date.now() - started - 1500);
const reference = path.join(runsDir, 'straight');
const same = async (runDir: string, file: string) => (await fs.readFile(path.join(runDir, file))).equals(await fs.readFile(path.join(reference, file)));

const random = new Random(seed);
const total = { kills: 0, midSave: 0, beforeConfig: 0, loggedAheadOfSave: 0, processes: 0 };
for (let i = 0; i < runs; i++) {
  const name = `soak-${i}`;
  const runDir = path.join(runsDir, name);
  const report = await killAndResume({ runsDir, name, trainArgs, kills, random, trainingMs });
  for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += report[key];
  const problems = [
    (await readRunStatus(runDir))?.state === 'completed' ? '' : 'not completed',
    ...(await Promise.all(['metrics.json', 'metrics.csv', 'last/weights.bin', 'best/weights.bin', 'last/optimizer.bin'].map(async (file) => ((await same(runDir, file)) ? '' : `${file} differs`)))),
    ...(await leftoversIn(runDir)).map((left) => `left ${left}`),
  ].filter(Boolean);
  process.stdout.write(`${name}: ${report.kills} kills (${report.midSave} mid-save, ${report.loggedAheadOfSave} logged ahead of the save, ${report.beforeConfig} before config.json), ${report.processes} processes: ${problems.length ? problems.join(', ') : 'equal to the uninterrupted run, nothing left behind'}\n`);
  if (problems.length) process.exit(1);
}
process.stdout.write(`soak (seed ${seed}): ${total.kills} SIGKILLs over ${runs} runs (${total.midSave} mid-save, ${total.loggedAheadOfSave} logged ahead of the save, ${total.beforeConfig} before config.json), ${total.processes} processes, ${Math.round((Date.now() - started) / 1000)} s: every run equal to the uninterrupted one\n`);
await fs.rm(base, { recursive: true, force: true });
