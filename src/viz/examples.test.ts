/**
 * One example of each figure kind, from real MNIST test images, written to test-artifacts/viz/ as
 * PNG (and the first as SVG) for a person to look at. Each also checks that the file on disk is
 * the figure that was drawn, and the digits' pixels come through the renderer exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Random } from '../util/random.js';
import { comparisonGrid, imageGridWithPlacement, lineChart, renderPng, scatterPlot, sideBySide, stackVertically, writeFigure, type Figure } from './index.js';
import { toByte } from './image-grid.js';
import { decodePng, pixelAt, readMnistTestSubset, VIZ_ARTIFACT_DIR } from '../../testing/support/viz.js';
import { missing } from '../../testing/support/datasets.js';

const PIXELS = 28 * 28;
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const skip = missing('mnist');
const mnist = skip ? { images: new Float32Array(0), labels: new Int32Array(0) } : readMnistTestSubset(1000);

async function writeAndCheck(name: string, figure: Figure): Promise<void> {
  const file = path.join(VIZ_ARTIFACT_DIR, name);
  await writeFigure(file, figure);
  assert.deepEqual(await readFile(file), Buffer.from(renderPng(figure)), `${name} on disk differs from the figure`);
}

test('example: image grid of the first 32 MNIST test digits, pixel-exact through the renderer', { skip }, async () => {
  const images = mnist.images.subarray(0, 32 * PIXELS);
  const { figure, placement } = imageGridWithPlacement(images, [28, 28, 1], { columns: 8, rowLabels: ['0-7', '8-15', '16-23', '24-31'], title: 'MNIST test digits' });
  await writeAndCheck('image-grid.png', figure);
  await writeFigure(path.join(VIZ_ARTIFACT_DIR, 'image-grid.svg'), figure);
  const image = decodePng(await readFile(path.join(VIZ_ARTIFACT_DIR, 'image-grid.png')));
  for (const index of [0, 9, 31]) {
    const { left, top } = placement.imageAt(index);
    for (let p = 0; p < PIXELS; p += 13) {
      const v = toByte(images[index * PIXELS + p]!);
      assert.deepEqual(pixelAt(image, left + 2 * (p % 28) + 1, top + 2 * Math.floor(p / 28)), [v, v, v], `digit ${index} pixel ${p}`);
    }
  }
  assert.equal(mnist.labels[0], 7);
});

test('example: comparison grid, noisy / smoothed / clean', { skip }, async () => {
  const count = 10;
  const clean = mnist.images.subarray(0, count * PIXELS);
  const random = new Random(7);
  const noisy = clean.map((v) => Math.min(1, Math.max(0, v + 0.35 * random.normal())));
  const smoothed = boxBlur(noisy, count);
  const figure = comparisonGrid(
    [
      { label: 'noisy', images: noisy },
      { label: 'smoothed', images: smoothed },
      { label: 'clean', images: clean },
    ],
    [28, 28, 1],
    { title: 'Noise, a 3x3 box blur, and the originals' },
  );
  await writeAndCheck('comparison-grid.png', figure);
});

test('example: PCA scatter of 1000 MNIST test digits, side by side with a random projection', { skip }, async () => {
  const pca = projectPca(mnist.images, 1000);
  const scatter = scatterPlot(pca, mnist.labels, { title: 'PCA of MNIST', classNames: DIGITS, xLabel: 'component 1', yLabel: 'component 2' });
  await writeAndCheck('scatter.png', scatter);
  const random = projectRandom(mnist.images, 1000, new Random(3));
  const other = scatterPlot(random, mnist.labels, { title: 'Random projection', classNames: DIGITS, xLabel: 'r1', yLabel: 'r2' });
  await writeAndCheck('side-by-side.png', sideBySide([{ title: 'PCA', figure: scatter }, { title: 'random', figure: other }]));
  // Digits 0 and 1 separate along the first principal component: their class means differ in sign.
  const meanOf = (digit: number) => {
    let sum = 0;
    let n = 0;
    mnist.labels.forEach((label, i) => {
      if (label === digit) (sum += pca[2 * i]!), n++;
    });
    return sum / n;
  };
  assert.ok(meanOf(0) * meanOf(1) < 0, `PCA means of 0 (${meanOf(0)}) and 1 (${meanOf(1)}) should lie on opposite sides`);
});

test('example: loss curves on a log axis, stacked under a comparison grid', { skip }, async () => {
  // Illustrative curves (no model is trained here): exponential decay with seeded noise and one NaN epoch.
  const random = new Random(11);
  const epochs = 40;
  const train = Array.from({ length: epochs }, (_, e) => 0.07 * Math.exp(-e / 8) + 0.012 + 0.002 * random.next());
  const val = Array.from({ length: epochs }, (_, e) => (e === 17 ? NaN : 0.075 * Math.exp(-e / 9) + 0.016 + 0.003 * random.next()));
  const chart = lineChart(
    [
      { name: 'train', values: train },
      { name: 'validation', values: val },
    ],
    { title: 'Reconstruction loss (illustrative)', xLabel: 'epoch', yLabel: 'MSE', logY: true },
  );
  await writeAndCheck('line-chart.png', chart);
  const grid = imageGridWithPlacement(mnist.images.subarray(0, 10 * PIXELS), [28, 28, 1], { columns: 10 });
  const stacked = stackVertically([grid.figure, chart]);
  await writeAndCheck('stacked.png', stacked);
  // The first MNIST test image's brightest pixel shows through at scale 2 in the stacked figure.
  const image = decodePng(renderPng(stacked));
  const left = Math.floor((stacked.width - grid.figure.width) / 2) + grid.placement.imageAt(0).left;
  const top = 8 + grid.placement.imageAt(0).top;
  const brightest = argmax(mnist.images.subarray(0, PIXELS));
  const [x, y] = [brightest % 28, Math.floor(brightest / 28)];
  assert.deepEqual(pixelAt(image, left + 2 * x + 1, top + 2 * y + 1), [255, 255, 255]);
  assert.deepEqual(pixelAt(image, left, top), [0, 0, 0]); // MNIST corners are black
});

function boxBlur(images: Float32Array, count: number): Float32Array {
  const out = new Float32Array(images.length);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        let sum = 0;
        let k = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            if (y + dy < 0 || y + dy >= 28 || x + dx < 0 || x + dx >= 28) continue;
            sum += images[n * PIXELS + (y + dy) * 28 + x + dx]!;
            k++;
          }
        }
        out[n * PIXELS + y * 28 + x] = sum / k;
      }
    }
  }
  return out;
}

/** Top two principal components by power iteration on the centred data (deflating the first). */
function projectPca(images: Float32Array, count: number): Float32Array {
  const mean = new Float64Array(PIXELS);
  for (let i = 0; i < count; i++) for (let p = 0; p < PIXELS; p++) mean[p]! += images[i * PIXELS + p]! / count;
  const centred = new Float64Array(count * PIXELS);
  for (let i = 0; i < count; i++) for (let p = 0; p < PIXELS; p++) centred[i * PIXELS + p] = images[i * PIXELS + p]! - mean[p]!;
  const components: Float64Array[] = [];
  const random = new Random(1);
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: PIXELS }, () => random.normal());
    for (let iteration = 0; iteration < 60; iteration++) {
      const scores = new Float64Array(count);
      for (let i = 0; i < count; i++) scores[i] = dot(centred, i * PIXELS, v);
      const next = new Float64Array(PIXELS);
      for (let i = 0; i < count; i++) for (let p = 0; p < PIXELS; p++) next[p]! += centred[i * PIXELS + p]! * scores[i]!;
      for (const previous of components) {
        const overlap = dot(previous, 0, next);
        for (let p = 0; p < PIXELS; p++) next[p]! -= overlap * previous[p]!;
      }
      const norm = Math.sqrt(dot(next, 0, next));
      v = next.map((x) => x / norm);
    }
    components.push(v);
  }
  const out = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) for (let c = 0; c < 2; c++) out[2 * i + c] = dot(centred, i * PIXELS, components[c]!);
  return out;
}

function projectRandom(images: Float32Array, count: number, random: Random): Float32Array {
  const axes = [0, 1].map(() => Float64Array.from({ length: PIXELS }, () => random.normal()));
  const out = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < 2; c++) {
      let sum = 0;
      for (let p = 0; p < PIXELS; p++) sum += images[i * PIXELS + p]! * axes[c]![p]!;
      out[2 * i + c] = sum;
    }
  }
  return out;
}

function dot(matrix: Float64Array, offset: number, vector: Float64Array): number {
  let sum = 0;
  for (let p = 0; p < PIXELS; p++) sum += matrix[offset + p]! * vector[p]!;
  return sum;
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
