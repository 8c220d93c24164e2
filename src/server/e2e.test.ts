/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core): the run list,
 * live curves while `aekit train` runs (started from the page's form), decoding by clicking the
 * latent plane (canvas pixels checked against the decoder run in Node), the anomaly view, and a
 * refused path traversal. Screenshots go to test-artifacts/dashboard/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { initBackend } from '../backend/select.js';
import { loadAutoencoder } from '../io/model-io.js';
import { missing, REPO_ROOT, realDatasetDir } from '../../testing/support/datasets.js';
import { startDashboardServer, type DashboardServer } from './server.js';
import { makeFixtureRun, type FixtureRun } from '../../testing/support/server-fixtures.js';
import { liftPoint, normalQuantile } from './latent-plane.js';
import type { AnomalyView, LatentView } from './run-analysis.js';
import { precisionRecallAt } from '../evaluation/ranking.js';

const CHROMIUM = '/usr/bin/chromium';
const APP = path.join(REPO_ROOT, 'dashboard', 'dist', 'index.html');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'dashboard');
const skip = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get install chromium); skipping the browser tests`
  : !existsSync(APP)
    ? `${APP} is missing (npm run build:dashboard); skipping the browser tests`
    : missing('mnist')
      ? `${missing('mnist')}; skipping the browser tests`
      : false;
if (skip) process.stderr.write(`e2e: ${skip}\n`);

let base: string;
let server: DashboardServer;
let context: BrowserContext;
let page: Page;
let trainedRun = '';
let vae: FixtureRun;

before(async () => {
  if (skip) return;
  await initBackend({ backend: 'auto' });
  base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-e2e-'));
  const runsDir = path.join(base, 'runs');
  const fixture = await makeFixtureRun(runsDir, 'fixture-run', { codeSize: 2, seed: 4 });
  vae = await makeFixtureRun(runsDir, 'vae-run', { model: 'vae', seed: 8 });
  await fs.writeFile(path.join(base, 'outside.txt'), 'root:x:0:0');
  await fs.symlink(path.join(base, 'outside.txt'), path.join(fixture.runDir, 'leak.txt'));
  await fs.mkdir(ARTIFACTS, { recursive: true });
  server = await startDashboardServer({ runsDir, port: 0, dataDir: realDatasetDir('mnist'), analysisSamples: 300 });
  context = await chromium.launchPersistentContext(path.join(base, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
});

after(async () => {
  if (skip) return;
  await context?.close();
  await server?.close();
  await fs.rm(base, { recursive: true, force: true });
});

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

test('the page loads and lists the runs with their state and final metrics', { skip }, async () => {
  await page.goto(server.url);
  const row = page.locator('tr[data-run="fixture-run"]');
  await row.waitFor({ timeout: 10_000 });
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(1), ['fixture-run', 'completed', 'dense', 'mnist', '3 / 3', '0.06667', '0.08333', '']);
  await shot('1-run-list');
});

// Long enough that the server's event poll (POLL_INTERVAL_MS) cannot fold every epoch into one update
// even on a fast machine: 5 epochs of 128 steps each.
const LIVE_EPOCHS = 5;

declare global {
  interface Window {
    /** The loss chart's point counts in the order the page drew them (set by the live-curves test). */
    seenPoints?: number[];
  }
}

test('curves update live while a training started from the page runs', { skip, timeout: 240_000 }, async () => {
  await page.goto(server.url);
  // Record every point count the chart is ever drawn with (hash routes keep this document alive), so
  // a state shown between two polls of the test is not missed.
  await page.evaluate(() => {
    const seen: number[] = [];
    window.seenPoints = seen;
    const record = (): void => {
      const points = document.querySelector('[data-chart="loss"]')?.getAttribute('data-points');
      if (points != null && seen[seen.length - 1] !== Number(points)) seen.push(Number(points));
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-points'] });
  });
  const form = page.locator('form.train');
  await form.locator('select[name=model]').selectOption('dense');
  await form.locator('select[name=dataset]').selectOption('mnist');
  for (const [name, value] of [['epochs', String(LIVE_EPOCHS)], ['batchSize', '8'], ['learningRate', '0.003'], ['limit', '1024'], ['seed', '3']]) {
    await form.locator(`input[name=${name}]`).fill(value!);
  }
  await form.locator('button[type=submit]').click();
  await page.waitForURL(/#\/run\//);
  trainedRun = decodeURIComponent(page.url().split('#/run/')[1]!);
  assert.match(trainedRun, /^dense-mnist-\d{8}-\d{6}-1$/);
  await page.waitForFunction(() => Number(document.querySelector('[data-chart="loss"]')?.getAttribute('data-points') ?? 0) >= 1, undefined, { timeout: 200_000 });
  await shot('2-training-live');

  // The page must come to show the final state without a reload (slowly on a loaded machine).
  await page
    .waitForFunction(() => ['completed', 'failed', 'stopped'].includes(document.querySelector('p.status')?.getAttribute('data-state') ?? ''), undefined, { timeout: 200_000 })
    .catch(() => undefined);
  const state = (await page.locator('p.status').getAttribute('data-state')) ?? '';
  const job = server.jobs.list().find((j) => j.runId === trainedRun);
  const statusFile = await fs.readFile(path.join(base, 'runs', trainedRun, 'status.json'), 'utf8').catch(() => 'no status.json');
  assert.equal(state, 'completed', `page shows the run as '${state}'; job ${JSON.stringify(job)}; status.json ${statusFile}`);
  await page.waitForFunction((n) => document.querySelector('[data-chart="loss"]')?.getAttribute('data-points') === String(n), LIVE_EPOCHS);
  const seen = await page.evaluate(() => window.seenPoints ?? []);
  assert.ok(seen.length >= 2 && seen[0]! < LIVE_EPOCHS, `the chart should have shown fewer epochs before all ${LIVE_EPOCHS}, saw ${seen.join(' -> ')}`);
  assert.equal(seen[seen.length - 1], LIVE_EPOCHS);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'epochs only ever grow');
  assert.equal(await page.locator('[data-epochs-done]').innerText(), String(LIVE_EPOCHS));
  // The reconstruction grid of the run is shown once the trainer wrote it.
  await page.locator('img.reconstructions').waitFor();
  assert.ok(await page.locator('img.reconstructions').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0));
  await shot('3-training-done');
});

/** The decoded canvas as 28x28 bytes (its red channel at each 7x7 block's centre). */
function readDecoded(): Promise<number[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector('#decoded') as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const block = canvas.width / 28;
    const out: number[] = [];
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) out.push(data[(Math.floor((r + 0.5) * block) * canvas.width + Math.floor((c + 0.5) * block)) * 4]!);
    return out;
  });
}

test('clicking the latent plane decodes that point in the page', { skip, timeout: 120_000 }, async (t) => {
  if (!trainedRun) return t.skip('the training test did not produce a run');
  await page.goto(`${server.url}#/run/${encodeURIComponent(trainedRun)}/latent`);
  const plane = page.locator('#latent-plane');
  await plane.waitFor({ timeout: 60_000 });
  const view = (await (await page.request.get(`${server.url}api/runs/${encodeURIComponent(trainedRun)}/latent`)).json()) as LatentView;
  assert.equal(view.projection, 'pca', 'dense has a 32-value code');
  const { autoencoder } = await loadAutoencoder(path.join(server ? path.join(base, 'runs', trainedRun) : '', view.modelFolder));
  const box = (await plane.boundingBox())!;

  const decodedAt = async (fx: number, fy: number): Promise<number[]> => {
    const before = await page.locator('#decoded').getAttribute('data-x');
    await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    await page.waitForFunction((old) => document.querySelector('#decoded')?.getAttribute('data-x') !== old, before);
    await page.waitForTimeout(100);
    const x = Number(await page.locator('#decoded').getAttribute('data-x'));
    const y = Number(await page.locator('#decoded').getAttribute('data-y'));
    const pixels = await readDecoded();
    // The same point lifted and decoded in Node: the page must show exactly this image.
    const expected = tf.tidy(() => autoencoder.decodeBatch(tf.tensor(liftPoint(view.lift, x, y), [1, 32])).dataSync());
    const worst = Math.max(...pixels.map((p, i) => Math.abs(p - Math.round(expected[i]! * 255))));
    assert.ok(worst <= 1, `decoded canvas differs from the Node decoder by up to ${worst}/255 at (${x}, ${y})`);
    return pixels;
  };
  const first = await decodedAt(0.3, 0.3);
  await shot('4-latent-first-click');
  const second = await decodedAt(0.75, 0.8);
  await shot('5-latent-second-click');
  const changed = first.filter((p, i) => Math.abs(p - second[i]!) > 10).length;
  assert.ok(changed > 20, `a different point should decode to a different image (${changed} pixels changed)`);
});

test('a VAE shows its manifold: the decoder at the standard-normal quantiles of the plane', { skip, timeout: 120_000 }, async () => {
  await page.goto(`${server.url}#/run/vae-run/latent`);
  const manifold = page.locator('#manifold');
  await manifold.waitFor({ timeout: 60_000 });
  await page.waitForTimeout(200);
  const steps = 15;
  const tiles: [number, number][] = [[0, 0], [7, 7], [14, 3], [2, 13]];
  const drawn = await manifold.evaluate((canvas: HTMLCanvasElement, at: [number, number][]) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return at.map(([row, col]) => {
      const out: number[] = [];
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) out.push(data[((row * 28 + y) * canvas.width + col * 28 + x) * 4]!);
      return out;
    });
  }, tiles);
  tiles.forEach(([row, col], k) => {
    const code = [normalQuantile((col + 0.5) / steps), normalQuantile(1 - (row + 0.5) / steps)];
    const expected = tf.tidy(() => vae.model.decodeBatch(tf.tensor([code])).dataSync());
    const worst = Math.max(...drawn[k]!.map((p, i) => Math.abs(p - Math.round(expected[i]! * 255))));
    assert.ok(worst <= 1, `manifold tile (${row}, ${col}) differs from the Node decoder by up to ${worst}/255`);
  });
  await shot('7-vae-manifold');
});

test('the anomaly view ranks test images and reports precision/recall at the threshold', { skip, timeout: 120_000 }, async () => {
  await page.goto(`${server.url}#/run/fixture-run/anomaly`);
  await page.locator('.tiles .tile').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.tiles .tile').count(), 60);
  // Default threshold: the top 10% of 300 images flagged.
  assert.equal(await page.locator('p.pr').getAttribute('data-flagged'), '30');
  await page.locator('#threshold').fill('149');
  assert.equal(await page.locator('p.pr').getAttribute('data-flagged'), '150');
  // The page's precision/recall at that threshold, against the same scores ranked in Node.
  const view = (await (await page.request.get(`${server.url}api/runs/fixture-run/anomaly`)).json()) as AnomalyView;
  const ranked = [...view.scores].sort((a, b) => b - a);
  const expected = precisionRecallAt(view.scores, view.labels!.map((label) => label !== 0), (ranked[149]! + ranked[150]!) / 2);
  assert.equal(expected.flagged, 150);
  assert.equal(Number(await page.locator('[data-recall]').innerText()), Number(expected.recall.toPrecision(4)));
  assert.equal(Number(await page.locator('[data-precision]').innerText()), Number(expected.precision.toPrecision(4)));
  await page.locator('#threshold').fill('29');
  await shot('6-anomaly');
});

test('a path traversal from the page is refused', { skip }, async () => {
  const replies = await page.evaluate(async () => {
    const get = async (url: string): Promise<[number, string]> => {
      const reply = await fetch(url);
      return [reply.status, await reply.text()];
    };
    return [await get('/runs/fixture-run/leak.txt'), await get('/runs/fixture-run/..%2F..%2Foutside.txt'), await get('/runs/%2e%2e/%2e%2e/etc/passwd')];
  });
  for (const [status, body] of replies) {
    assert.ok(status === 403 || status === 404, `status ${status}`);
    assert.doesNotMatch(body, /root:x/);
  }
  assert.equal(replies[0]![0], 403, 'a symlink out of the runs folder');
  assert.equal(replies[1]![0], 403, 'encoded slashes');
});
