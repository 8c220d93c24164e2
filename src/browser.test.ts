/**
 * The browser entry as a user meets it: the packed package, bundled into a page by Vite and by
 * esbuild, run in headless Chromium. The page (testing/fixtures/browser-page) trains dense and
 * conv1 on real MNIST digits with `fit` and the browser's callbacks, saves to IndexedDB and loads
 * back, and reports; the esbuild page also downloads its model and loads the files picked back.
 * The loss curves must equal those of the same training run here in Node on the same engine.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { initBackend } from './backend/select.js';
import { loadDataset } from './data/load.js';
import { datasetSamples } from './data/samples.js';
import { buildModel } from './models/registry.js';
import { reconstructAll } from './models/inference.js';
import { encodeNpy } from './data/npy-format.js';
import { saveAutoencoder } from './io/model-io.js';
import { fit } from './training/trainer.js';
import {
  browserSkipReason, bundleWithEsbuild, bundleWithVite, launchChromium, makePageProject, openPage, serveStatic, writeDigits,
  type PageLog, type StaticServer,
} from '../testing/support/browser-page.js';

const skip = browserSkipReason();
if (skip) process.stderr.write(`browser tests: ${skip}\n`);

const TRAIN_DIGITS = 320;
const TEST_DIGITS = 64;

interface ModelReport {
  loss: number[];
  valLoss: number[];
  epochEnds: number[];
  trainMs: number;
  samples: number;
  testMse: number;
  reloadMaxDiff: number;
  bestMaxDiff: number;
}

interface PageReport {
  version: string;
  errors: string[];
  done: boolean;
  isolated: boolean;
  backend: { name: string; threads: number; simd?: string; reason: string; note?: string; skipped: { name: string; why: string }[] };
  data: { train: number; test: number; shape: number[]; labels: number[] };
  models: Record<string, ModelReport>;
  webgl: string;
  nodeModel?: { name: string; maxDiff: number };
  pixels: { imageData: number; png: number; pngShape: number[] };
  uses?: {
    mse: number;
    ssim: number;
    detection: { count: number; flagged: number; rocAuc: number; scoreDiff: number };
    generated: { length: number; min: number; max: number };
  };
}

/** The same training in this Node process, on the same WebAssembly engine: the page must match it. */
const nodeLosses: Record<string, { loss: number[]; valLoss: number[] }> = {};

/**
 * Trains as the page will, and leaves in `out` a conv1 model folder saved by Node with its
 * reconstructions of the test digits, for the page to load over http and compare.
 */
async function trainInNode(out: string): Promise<void> {
  await initBackend({ backend: 'wasm-simd' });
  const train = await loadDataset('mnist', 'train', { limit: TRAIN_DIGITS });
  const test = await loadDataset('mnist', 'test', { limit: TEST_DIGITS });
  const saved = buildModel('conv1', { seed: 11 });
  await saveAutoencoder(saved, path.join(out, 'node-model'));
  const expected = await reconstructAll(saved, datasetSamples(test, saved.inputShape));
  await fs.writeFile(path.join(out, 'node-expected.npy'), encodeNpy(expected, [TEST_DIGITS, 28, 28]));
  for (const name of ['dense', 'conv1']) {
    const model = buildModel(name, { seed: 7 });
    const history = await fit(model, datasetSamples(train, model.inputShape), { epochs: 3, batchSize: 32, seed: 7, validationData: datasetSamples(test, model.inputShape) });
    nodeLosses[name] = { loss: history.metrics['loss']!, valLoss: history.metrics['val_loss']! };
  }
}

function assertSameAsNode(report: PageReport): void {
  for (const [name, m] of Object.entries(report.models)) {
    const node = nodeLosses[name]!;
    // A page that trained fewer epochs matches Node's first ones.
    const close = (a: number[], b: number[]) => a.length <= b.length && a.every((v, i) => Math.abs(v - b[i]!) <= 1e-5 * Math.abs(b[i]!));
    assert.ok(close(m.loss, node.loss) && close(m.valLoss, node.valLoss), `${name}: the page's losses equal Node's on the same engine (page ${m.loss} / ${m.valLoss}, Node ${node.loss} / ${node.valLoss})`);
  }
}

let browser: Browser;
let viteOut: string;
let esbuildOut: string;
const servers: StaticServer[] = [];

before(async () => {
  if (skip) return;
  const project = await makePageProject();
  [viteOut, esbuildOut] = [await bundleWithVite(project), await bundleWithEsbuild(project)];
  for (const out of [viteOut, esbuildOut]) await writeDigits(out, TRAIN_DIGITS, TEST_DIGITS);
  browser = await launchChromium();
  await trainInNode(viteOut);
});

after(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

async function runPage(root: string, isolated: boolean, query: string, missing?: RegExp): Promise<{ page: Page; log: PageLog; report: PageReport }> {
  const server = await serveStatic(root, { isolated, ...(missing ? { missing } : {}) });
  servers.push(server);
  const { page, log } = await openPage(browser, `${server.url}?${query}`);
  await page.waitForFunction(() => (window as unknown as { aekitReport?: { done: boolean } }).aekitReport?.done === true, null, { timeout: 90_000 });
  const report = (await page.evaluate(() => (window as unknown as { aekitReport: unknown }).aekitReport)) as PageReport;
  return { page, log, report };
}

/** What the test run's log shows of a page: its engine and each model's loss curve. */
function describe(label: string, report: PageReport): string {
  const lines = [`${label}: ${report.backend.name}, ${report.backend.threads} thread(s), ${report.backend.simd}; ${report.backend.reason}`];
  for (const [name, m] of Object.entries(report.models)) {
    lines.push(`  ${name}: loss ${m.loss.map((v) => v.toFixed(4)).join(' -> ')}; val_loss ${m.valLoss.map((v) => v.toFixed(4)).join(' -> ')}; ${Math.round((m.samples / m.trainMs) * 1000)} samples/s`);
  }
  return lines.join('\n');
}

function checkTraining(report: PageReport, log: PageLog, models: string[], epochs: number): void {
  assert.deepEqual(report.errors, [], 'the page script raised no error');
  assert.deepEqual(log.errors, [], 'no page errors');
  assert.deepEqual(report.data, { train: TRAIN_DIGITS, test: TEST_DIGITS, shape: [28, 28, 1], labels: [5, 0, 4, 1, 9, 2, 1, 3, 1, 4] }, 'the real MNIST training digits arrived with their labels');
  assert.deepEqual(Object.keys(report.models), models);
  for (const [name, m] of Object.entries(report.models)) {
    assert.equal(m.loss.length, epochs, `${name}: every epoch ran`);
    assert.deepEqual(m.epochEnds, [...Array(epochs).keys()], `${name}: the LambdaCallback saw each epoch`);
    assert.ok(m.loss.every(Number.isFinite) && m.valLoss.every(Number.isFinite), `${name}: finite losses`);
    assert.ok(m.loss.at(-1)! < 0.9 * m.loss[0]!, `${name}: training loss falls by more than 10% (${m.loss.join(', ')})`);
    assert.ok(m.valLoss.at(-1)! < m.valLoss[0]!, `${name}: validation loss on held-out digits falls (${m.valLoss.join(', ')})`);
    assert.ok(Math.abs(m.testMse - m.valLoss.at(-1)!) < 1e-4, `${name}: the reconstructions' MSE is the last val_loss (${m.testMse} vs ${m.valLoss.at(-1)})`);
    assert.equal(m.reloadMaxDiff, 0, `${name}: the model saved to IndexedDB and loaded back reconstructs identically`);
    assert.ok(Number.isFinite(m.bestMaxDiff), `${name}: ModelCheckpoint's IndexedDB save loads`);
  }
  assert.ok(report.pixels.imageData < 1e-6 && report.pixels.png < 1e-6, `canvas pixels and a PNG over http give the IDX digit (${JSON.stringify(report.pixels)})`);
  assert.deepEqual(report.pixels.pngShape, [28, 28, 1]);
  if (report.models['dense']) {
    const uses = report.uses!;
    assert.ok(Math.abs(uses.mse - report.models['dense'].testMse) < 1e-6, `evaluateReconstruction's MSE is the page's own (${uses.mse})`);
    assert.ok(uses.ssim > 0 && uses.ssim < 1);
    assert.equal(uses.detection.count, TRAIN_DIGITS);
    assert.ok(Math.abs(uses.detection.flagged - 0.1 * TRAIN_DIGITS) <= 2, `contamination 0.1 flags a tenth (${uses.detection.flagged})`);
    assert.ok(uses.detection.scoreDiff < 1e-6, `detection scores are the digits' reconstruction MSE (max |diff| ${uses.detection.scoreDiff})`);
    assert.ok(uses.detection.rocAuc > 0 && uses.detection.rocAuc < 1, `a ROC-AUC against digit 1 as the normal class (${uses.detection.rocAuc})`);
    assert.ok(uses.generated.length === 4 * 784 && uses.generated.min >= 0 && uses.generated.max <= 1, `generated digits: ${JSON.stringify(uses.generated)}`);
  }
  assert.match(report.webgl, /backend 'webgl' \(requested by the backend option\) is not available: @tensorflow\/tfjs-backend-webgl is not in the page: npm install @tensorflow\/tfjs-backend-webgl, and import '@tensorflow\/tfjs-backend-webgl' in the page before initBackend\. Available backends: (wasm-simd, )?wasm, cpu$/);
}

test("Vite: the page trains dense and conv1 on MNIST on aekit's WebAssembly SIMD engine (one thread: not isolated) and reloads them from IndexedDB", { skip, timeout: 150_000 }, async () => {
  const { page, log, report } = await runPage(viteOut, false, 'models=dense,conv1&epochs=3&nodeModel=1');
  process.stdout.write(`${describe('vite, not isolated', report)}\n`);
  checkTraining(report, log, ['dense', 'conv1'], 3);
  assertSameAsNode(report);
  assert.equal(report.nodeModel?.name, 'conv1', 'a model folder saved by Node loads over http');
  assert.ok(report.nodeModel.maxDiff < 1e-6, `and reconstructs as in Node (max |diff| ${report.nodeModel.maxDiff})`);
  assert.equal(report.isolated, false);
  assert.deepEqual([report.backend.name, report.backend.threads, report.backend.simd], ['wasm-simd', 1, 'simd128']);
  assert.match(report.backend.note ?? '', /runs 1 thread\(s\): SharedArrayBuffer is not available \(in a browser: the page is not cross-origin isolated/);
  const warnings = log.console.filter((line) => line.includes('aekit:'));
  assert.deepEqual(warnings, [`warning: aekit: ${report.backend.note}`], 'one console line names what was missing');
  await page.context().close();
});

test('esbuild: in a cross-origin isolated page the engine runs a thread per core; a downloaded model loads back from the picked files', { skip, timeout: 150_000 }, async () => {
  const { page, log, report } = await runPage(esbuildOut, true, 'models=dense,conv1&epochs=3&wasmPaths=./&download=1');
  process.stdout.write(`${describe('esbuild, isolated', report)}\n`);
  checkTraining(report, log, ['dense', 'conv1'], 3);
  assertSameAsNode(report);
  assert.equal(report.isolated, true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.deepEqual([report.backend.name, report.backend.threads, report.backend.note], ['wasm-simd', cores, undefined]);
  assert.deepEqual(log.console.filter((line) => line.includes('aekit:')), [], 'nothing missing, nothing said');

  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-downloads-'));
  const files = await Promise.all(log.downloads.map(async (download) => {
    const file = path.join(folder, download.suggestedFilename());
    await download.saveAs(file);
    return file;
  }));
  assert.deepEqual(files.map((f) => path.basename(f)).sort(), ['aekit-dense.json', 'aekit-dense.weights.bin']);
  await page.setInputFiles('#pick', files);
  assert.equal(await page.evaluate(() => (window as unknown as { loadPicked(): Promise<number> }).loadPicked()), 0, 'the downloaded files reconstruct identically');
  await page.context().close();
});

test("Vite's minified bundle in an isolated page: the engine's module workers survive minification and run a thread per core", { skip, timeout: 90_000 }, async () => {
  const { page, log, report } = await runPage(viteOut, true, 'models=dense&epochs=2');
  process.stdout.write(`${describe('vite, isolated', report)}\n`);
  checkTraining(report, log, ['dense'], 2);
  assertSameAsNode(report);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.deepEqual([report.isolated, report.backend.name, report.backend.threads], [true, 'wasm-simd', cores]);
  await page.context().close();
});

test("the tfjs-backend-wasm fallback, asked for by name: its threaded build where the bundle kept its glue whole (esbuild), one thread and one line why where a minifier did not (Vite)", { skip, timeout: 90_000 }, async () => {
  const esbuild = await runPage(esbuildOut, true, 'models=dense&epochs=2&backend=wasm&wasmPaths=./');
  process.stdout.write(`${describe('esbuild, isolated, backend wasm', esbuild.report)}\n`);
  checkTraining(esbuild.report, esbuild.log, ['dense'], 2);
  assertSameAsNode(esbuild.report);
  assert.equal(esbuild.report.backend.name, 'wasm');
  assert.match(esbuild.report.backend.reason, /^requested by the backend option: WebAssembly\/XNNPACK, threaded SIMD build/);
  // tfjs caps its pool at half of navigator.hardwareConcurrency: 1 thread on a 2-core machine.
  const cores = await esbuild.page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(esbuild.report.backend.threads, Math.max(1, Math.min(8, Math.floor(cores / 2))));
  if (esbuild.report.backend.threads < cores) {
    assert.match(esbuild.report.backend.note ?? '', /tfjs-backend-wasm runs \d+ of the \d+ threads asked for \(it caps its pool at half of navigator.hardwareConcurrency\)/);
    assert.deepEqual(esbuild.log.console.filter((line) => line.includes('aekit:')), [`warning: aekit: ${esbuild.report.backend.note}`]);
  }
  await esbuild.page.context().close();

  const vite = await runPage(viteOut, true, 'models=dense&epochs=2&backend=wasm');
  process.stdout.write(`${describe('vite, isolated, backend wasm', vite.report)}\n`);
  checkTraining(vite.report, vite.log, ['dense'], 2);
  assert.deepEqual([vite.report.backend.name, vite.report.backend.threads], ['wasm', 1]);
  assert.match(vite.report.backend.note ?? '', /no threads: this bundle's minifier renamed variables inside tfjs-backend-wasm's threaded glue/);
  assert.deepEqual(vite.log.console.filter((line) => line.includes('aekit:')), [`warning: aekit: ${vite.report.backend.note}`]);
  await vite.page.context().close();
});

test("a bundle that lost the engine's .wasm files falls back to tfjs's wasm backend with one line naming what was missing", { skip, timeout: 90_000 }, async () => {
  const { page, log, report } = await runPage(esbuildOut, false, 'models=dense&epochs=2&wasmPaths=./', /aekit-simd/);
  process.stdout.write(`${describe('esbuild, aekit-simd*.wasm missing', report)}\n`);
  checkTraining(report, log, ['dense'], 2);
  assertSameAsNode(report);
  assert.equal(report.backend.name, 'wasm');
  assert.deepEqual(report.backend.skipped.map((s) => s.name), ['wasm-simd']);
  assert.match(report.backend.skipped[0]!.why, /aekit-simd\.wasm failed: HTTP 404/);
  const lines = log.console.filter((line) => line.includes('aekit:'));
  assert.equal(lines.length, 1, `one line: ${lines.join(' | ')}`);
  assert.match(lines[0]!, /^warning: aekit: WebAssembly SIMD engine unavailable \(fetching .*aekit-simd\.wasm failed: HTTP 404\); using wasm/);
  await page.context().close();
});
