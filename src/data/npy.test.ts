import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeNpy, NpyStreamWriter, readNpy } from './npy.js';

// Files written by numpy 2.4 (np.save), base64: the reference both readers and writers must match.
const NUMPY = {
  float32: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIArNzMw9AAAgwIKo+zcAAH9DAACAPwAAAAA=',
  uint8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoA/zNm',
  float64: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5P5x1AIg85Df+AAAAAAAAAEA=',
  int32: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr5////////fw==',
  bigEndianFloat32: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/wAAAvoAAAA==',
  fortran: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA=',
  int64: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAAIAAAAAAAAA',
};
const bytes = (name: keyof typeof NUMPY) => new Uint8Array(Buffer.from(NUMPY[name], 'base64'));
const F32_VALUES = [0.1, -2.5, 3e-5, 255, 1, 0].map(Math.fround);

test('encodeNpy writes exactly what numpy.save writes', () => {
  assert.deepEqual(encodeNpy(Float32Array.from(F32_VALUES), [2, 3]), bytes('float32'));
});

test('encodeNpy -> readNpy round trip keeps shape and values', () => {
  const data = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.fround(Math.sin(i) * 100));
  const back = readNpy(encodeNpy(data, [2, 3, 4]), 'round.npy');
  assert.deepEqual(back.shape, [2, 3, 4]);
  assert.equal(back.dtype, 'float32');
  assert.deepEqual(Array.from(back.data), Array.from(data));
  assert.deepEqual(readNpy(encodeNpy(Float32Array.from([7]), [1]), 'one.npy').shape, [1]);
  // A Node Buffer (as fs.readFile returns) may be a view at an odd offset into a shared pool.
  const pooled = Buffer.concat([Buffer.from([1, 2, 3]), encodeNpy(data, [2, 3, 4])]).subarray(3);
  assert.deepEqual(Array.from(readNpy(pooled, 'pooled.npy').data), Array.from(data));
});

test('reads numpy files of each supported dtype', () => {
  const f32 = readNpy(bytes('float32'), 'f32.npy');
  assert.deepEqual([f32.shape, f32.dtype, Array.from(f32.data)], [[2, 3], 'float32', F32_VALUES]);
  const u8 = readNpy(bytes('uint8'), 'u8.npy');
  assert.deepEqual([u8.shape, u8.dtype, Array.from(u8.data)], [[1, 2, 2], 'uint8', [0, 255, 51, 102]]);
  const f64 = readNpy(bytes('float64'), 'f64.npy');
  assert.deepEqual([f64.shape, f64.dtype, Array.from(f64.data)], [[3], 'float64', [0.1, -1e300, 2]]);
  const i32 = readNpy(bytes('int32'), 'i32.npy');
  assert.deepEqual([i32.shape, i32.dtype, Array.from(i32.data)], [[1, 2], 'int32', [-7, 2147483647]]);
  const big = readNpy(bytes('bigEndianFloat32'), 'be.npy');
  assert.deepEqual(Array.from(big.data), [1.5, -0.25]);
});

test('refuses Fortran order, other dtypes, truncation and non-npy files with clear messages', () => {
  assert.throws(() => readNpy(bytes('fortran'), 'f.npy'), {
    message: 'f.npy: array is stored in Fortran (column-major) order, which is not supported; save it in C order, e.g. np.save(path, np.ascontiguousarray(array))',
  });
  assert.throws(() => readNpy(bytes('int64'), 'i64.npy'), {
    message: "i64.npy: dtype '<i8' is not supported (expected float32 '<f4', float64 '<f8', int32 '<i4' or uint8 '|u1')",
  });
  const cut = bytes('float32').subarray(0, 128 + 10);
  assert.throws(() => readNpy(cut, 'cut.npy'), { message: 'cut.npy: truncated: shape (2, 3) of float32 needs 24 bytes of data, found 10' });
  assert.throws(() => readNpy(new TextEncoder().encode('1,2,3\n4,5,6\n'), 'data.csv'), {
    message: 'data.csv: not a .npy file (it does not start with the magic "\\x93NUMPY")',
  });
  assert.throws(() => encodeNpy(new Float32Array(5), [2, 3]), { message: 'encodeNpy: shape (2, 3) holds 6 values but the data has 5' });
});

test('NpyStreamWriter appends in pieces to the same bytes numpy.save writes, and only a complete file appears', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-npy-stream-'));
  try {
    const file = path.join(dir, 'out.npy');
    const writer = await NpyStreamWriter.create(file, [2, 3]);
    await writer.append(Float32Array.from(F32_VALUES.slice(0, 2)));
    await assert.rejects(fs.access(file), 'nothing at the target before finish');
    await writer.append(Float32Array.from(F32_VALUES.slice(2)));
    await writer.finish();
    assert.deepEqual(new Uint8Array(await fs.readFile(file)), bytes('float32'));

    const tooMany = await NpyStreamWriter.create(file, [2]);
    await assert.rejects(tooMany.append(new Float32Array(3)), /out.npy: shape \(2\) holds 2 values; appending 3 after 0 is too many/);
    await tooMany.abort();
    const tooFew = await NpyStreamWriter.create(file, [4]);
    await tooFew.append(new Float32Array(3));
    await assert.rejects(tooFew.finish(), /out.npy: shape \(4\) holds 4 values but only 3 were written/);
    assert.deepEqual(new Uint8Array(await fs.readFile(file)), bytes('float32'), 'a failed write leaves the previous file');
    assert.deepEqual(await fs.readdir(dir), ['out.npy'], 'no temporary files left behind');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
