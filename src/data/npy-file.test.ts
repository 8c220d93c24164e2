import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openNpyFile } from './npy-file.js';
import { encodeNpy, readNpy } from './npy.js';
import { finiteFloat32 } from './finite.js';
import { npyBytes } from '../../testing/support/hostile-files.js';

test('openNpyFile reads the values readNpy reads, any slice of them, in any supported dtype', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-npyfile-'));
  const values = Float32Array.from({ length: 24 }, (_, i) => i / 7 - 1);
  const files = {
    f4: encodeNpy(values, [2, 3, 4]),
    f8: npyBytes('<f8', [2, 3, 4], new Uint8Array(Float64Array.from(values).buffer)),
    i4: npyBytes('<i4', [6, 4], new Uint8Array(Int32Array.from(values, (v) => Math.round(v * 100)).buffer)),
    u1: npyBytes('|u1', [24], Uint8Array.from(values, (_, i) => i * 10)),
  };
  for (const [name, bytes] of Object.entries(files)) {
    const file = path.join(dir, `${name}.npy`);
    await fs.writeFile(file, bytes);
    const whole = readNpy(bytes, name);
    const npy = await openNpyFile(file);
    try {
      assert.deepEqual(npy.layout.shape, whole.shape, name);
      assert.deepEqual(Array.from(await npy.read(0, 24)), Array.from(whole.data), name);
      assert.deepEqual(Array.from(await npy.read(5, 7)), Array.from(whole.data.subarray(5, 12)), name);
    } finally {
      await npy.close();
    }
  }
  await fs.rm(dir, { recursive: true });
});

test('finiteFloat32 passes finite values, scales bytes, and names the first bad value by row, column and index', () => {
  assert.deepEqual(Array.from(finiteFloat32(Float64Array.of(0.5, -2, 3e38), 'a', 0, [3])), [0.5, -2, Math.fround(3e38)]);
  assert.deepEqual(Array.from(finiteFloat32(Uint8Array.of(0, 255), 'a', 0, [2])), [0, 1]);
  const images = new Float32Array(2 * 2 * 3 * 3).fill(0.1);
  images[1 * 18 + 1 * 9 + 2 * 3 + 1] = NaN;
  assert.throws(() => finiteFloat32(images, 'x.npy', 10, [2, 3, 3]), {
    message: 'x.npy: row 11, column 16 (index [11, 1, 2, 1], counting from 0) is NaN; aekit trains on finite numbers: replace or drop such values (e.g. numpy.nan_to_num) first',
  });
  assert.throws(() => finiteFloat32(Float64Array.of(1, -4e38), 'y.npy', 0, [2]), /y\.npy: row 0, column 1 \(index \[0, 1\], counting from 0\) is -4e\+38, beyond float32's largest value 3\.40e\+38 \(it would become -Infinity\)/);
});
