/**
 * Seed 002's demo: a synthetic 3-D point cloud (Géron's dataset: points on a curved band near a
 * plane, standardised) projected to 2-D by a 3-2-3 linear autoencoder (MSE) and by PCA, plotted
 * side by side. The two projections match up to a rotation/reflection within the plane.
 */
import { buildModel } from '../models/registry.js';
import { fit } from '../training/trainer.js';
import { Random } from '../util/random.js';
import { sideBySide, scatterPlot, writeFigure } from '../viz/index.js';
import { encodeAll } from '../models/inference.js';
import { fitPca } from '../evaluation/pca.js';

/** Géron's 3-D dataset (m points), standardised per feature. */
export function geronPointCloud(count: number, seed: number): Float32Array {
  const random = Random.derive(seed, 0x3d);
  const [w1, w2, noise] = [0.1, 0.3, 0.1];
  const data = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const angle = (random.next() * 3 * Math.PI) / 2 - 0.5;
    const x = Math.cos(angle) + Math.sin(angle) / 2 + (noise * random.normal()) / 2;
    const y = Math.sin(angle) * 0.7 + (noise * random.normal()) / 2;
    data.set([x, y, x * w1 + y * w2 + noise * random.normal()], i * 3);
  }
  for (let d = 0; d < 3; d++) {
    let mean = 0;
    for (let i = 0; i < count; i++) mean += data[i * 3 + d]!;
    mean /= count;
    let variance = 0;
    for (let i = 0; i < count; i++) variance += (data[i * 3 + d]! - mean) ** 2;
    const std = Math.sqrt(variance / count);
    for (let i = 0; i < count; i++) data[i * 3 + d] = (data[i * 3 + d]! - mean) / std;
  }
  return data;
}

export interface LinearVsPcaResult {
  aeMse: number;
  pcaMse: number;
}

/** Trains the 3-2-3 linear autoencoder on the 3-D cloud, fits PCA, writes both projections side by side and returns both MSEs. */
export async function linearVsPcaDemo(outPng: string, options: { seed?: number; count?: number } = {}): Promise<LinearVsPcaResult> {
  const seed = options.seed ?? 42;
  const count = options.count ?? 200;
  const data = geronPointCloud(count, seed);
  const set = { data, count, sampleShape: [3] };
  const model = buildModel('linear', { inputShape: [3], options: { codeSize: 2 }, seed });
  // Full batch, as in the seed (Adam, learning rate 0.01).
  const history = await fit(model, set, { epochs: 1000, batchSize: count, learningRate: 0.01, seed });
  const codes = await encodeAll(model, set);
  const pca = fitPca(data, count, 3, 2);
  const pcaCodes = pca.transform(data, count);
  const back = pca.inverseTransform(pcaCodes, count);
  let pcaMse = 0;
  for (let i = 0; i < data.length; i++) pcaMse += (data[i]! - back[i]!) ** 2;
  const figure = sideBySide([
    { title: 'linear autoencoder (3-2-3, MSE)', figure: scatterPlot(codes.data, undefined, { xLabel: 'code 1', yLabel: 'code 2' }) },
    { title: 'PCA (2 components)', figure: scatterPlot(pcaCodes, undefined, { xLabel: 'PC 1', yLabel: 'PC 2' }) },
  ]);
  await writeFigure(outPng, figure);
  return { aeMse: history.metrics['loss']!.at(-1)!, pcaMse: pcaMse / data.length };
}
