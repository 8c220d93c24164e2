import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkTreeInside, confinedReader, resolveFileInside, safeSegments } from './safe-path.js';
import { HttpError } from './http-util.js';

function status(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
}

async function statusAsync(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
}

test('safeSegments decodes plain names and refuses every way out of the folder', () => {
  assert.deepEqual(safeSegments('run-1/best/decoder/model.json'), ['run-1', 'best', 'decoder', 'model.json']);
  assert.deepEqual(safeSegments('a%20b/c.png'), ['a b', 'c.png']);
  for (const bad of ['..', 'a/../b', '%2e%2e/x', '%2E%2e/x', '.%2e/x', './x', 'a/%2F/etc', '%2Fetc%2Fpasswd', '/etc/passwd', 'a//b', 'a%5C..%5Cb', 'a%00b', '..%2f..%2fetc']) {
    assert.equal(status(() => safeSegments(bad)), 403, bad);
  }
  assert.equal(status(() => safeSegments('%E0%A4%A')), 400);
});

test('resolveFileInside follows symlinks only when they stay inside the root', async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-safe-path-'));
  try {
    const root = path.join(base, 'runs');
    await fs.mkdir(path.join(root, 'r1'), { recursive: true });
    await fs.writeFile(path.join(root, 'r1', 'status.json'), '{"state":"completed"}');
    await fs.writeFile(path.join(base, 'secret.txt'), 'outside');
    await fs.symlink(path.join(base, 'secret.txt'), path.join(root, 'r1', 'leak.txt'));
    await fs.symlink(base, path.join(root, 'up'));
    await fs.symlink(path.join(root, 'r1', 'status.json'), path.join(root, 'r1', 'alias.json'));

    assert.equal(await fs.readFile(await resolveFileInside(root, 'r1/status.json'), 'utf8'), '{"state":"completed"}');
    assert.equal(await fs.readFile(await resolveFileInside(root, 'r1/alias.json'), 'utf8'), '{"state":"completed"}');
    assert.equal(await statusAsync(resolveFileInside(root, 'r1/leak.txt')), 403);
    assert.equal(await statusAsync(resolveFileInside(root, 'up/secret.txt')), 403);
    assert.equal(await statusAsync(resolveFileInside(root, 'r1/missing.json')), 404);
    assert.equal(await statusAsync(resolveFileInside(root, 'r1')), 404, 'a folder is no file');
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
});

test('confinedReader and checkTreeInside, what the JSON API reads through, refuse whatever leads outside', async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-confined-'));
  try {
    const root = path.join(base, 'runs');
    await fs.mkdir(path.join(root, 'r1', 'best', 'decoder'), { recursive: true });
    await fs.writeFile(path.join(root, 'r1', 'config.json'), '{"seed":1}');
    await fs.writeFile(path.join(base, 'secret.json'), '{"secret":true}');
    await fs.symlink(path.join(base, 'secret.json'), path.join(root, 'r1', 'status.json'));
    await fs.symlink(base, path.join(root, 'up'));
    const read = confinedReader(root);
    assert.equal(await read(path.join(root, 'r1', 'config.json')), '{"seed":1}');
    assert.equal(await read(path.join(root, 'r1', 'missing.json')), undefined);
    assert.equal(await statusAsync(read(path.join(root, 'r1', 'status.json'))), 403);
    assert.equal(await statusAsync(read(path.join(root, 'up', 'secret.json'))), 403);
    assert.equal(await confinedReader(path.join(base, 'no-runs-yet'))(path.join(base, 'no-runs-yet', 'r', 'config.json')), undefined);

    await fs.writeFile(path.join(root, 'r1', 'best', 'decoder', 'model.json'), '{}');
    await checkTreeInside(root, path.join(root, 'r1', 'best'));
    await fs.symlink(path.join(base, 'secret.json'), path.join(root, 'r1', 'best', 'decoder', 'weights.bin'));
    assert.equal(await statusAsync(checkTreeInside(root, path.join(root, 'r1', 'best'))), 403, 'a file two folders down leads out');
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
});
