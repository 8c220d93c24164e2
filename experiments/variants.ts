/**
 * Issue 4's report: every autoencoder variant on MNIST, each against the baseline its property is
 * defined by, with the figure of that property:
 * - denoising (gaussian, salt-pepper, masking) vs a plain dense AE: PSNR gain on corrupted test images;
 * - sparse (KL, L1) vs the same net without penalty: mean code activation ratio;
 * - contractive vs plain: mean encoder Jacobian (Frobenius) norm ratio;
 * - linear vs PCA: largest principal angle between the decoder's subspace and PCA's;
 * - rbm / stacked pretraining vs random init: test error ratio at the start of fine-tuning;
 * - vae, conv-vae: KL and the negative ELBO per image (first -> last epoch);
 * - unet vs conv1 (plain conv AE, same budget): PSNR gain on corrupted test images.
 * Test reconstruction error is the MSE per pixel of the variant on the clean test images.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendInfo, initBackend, type BackendName } from '../src/backend/select.js';
import { loadDataset } from '../src/data/index.js';
import type { Autoencoder } from '../src/models/autoencoder.js';
import { buildModel } from '../src/models/registry.js';
import { pretrain } from '../src/training/pretraining/index.js';
import type { ContractiveAutoencoder } from '../src/models/variants/contractive.js';
import { NOISE_KINDS, type NoiseConfig } from '../src/models/variants/corruption.js';
import { evaluateLoss, fit } from '../src/training/trainer.js';
import { datasetSamples, gatherBatch, type SampleSet } from '../src/data/samples.js';
import { denoiseSamples } from '../src/applications/denoising.js';
import { reconstructAll } from '../src/models/inference.js';
import { encodeAll } from '../src/models/inference.js';
import { mean, perSampleErrors } from '../src/evaluation/per-sample.js';
import { fitPca, principalAngles } from '../src/evaluation/pca.js';
import { writeFileAtomic } from '../src/util/atomic.js';
import { commandLine, parseFlags } from './lib/args.js';
import { formatSeconds, markdownTable, RESULTS_DIR } from './lib/results.js';
import * as path from 'node:path';

const flags = parseFlags(
  process.argv.slice(2),
  { epochs: 15, limit: 10000, 'conv-limit': 6000, 'conv-epochs': 8, 'test-limit': 1000, 'batch-size': 64, backend: 'auto', seed: 1, 'data-dir': '' },
  'Every autoencoder variant on MNIST vs its baseline, with the figure of its property (experiments/results/variants.md).',
);
const epochs = Number(flags.epochs);
const convEpochs = Number(flags['conv-epochs']);
const batchSize = Number(flags['batch-size']);
const seed = Number(flags.seed);

await initBackend({ backend: flags.backend as BackendName });
const dataOptions = flags['data-dir'] ? { dataDir: String(flags['data-dir']) } : {};
const load = async (split: 'train' | 'test', limit: number, shape: number[]) => datasetSamples(await loadDataset('mnist', split, { ...dataOptions, limit }), shape);
const train = await load('train', Number(flags.limit), [784]);
const test = await load('test', Number(flags['test-limit']), [784]);
const convTrain = await load('train', Number(flags['conv-limit']), [28, 28, 1]);
const convTest = await load('test', Number(flags['test-limit']), [28, 28, 1]);

interface Row {
  variant: string;
  epochs: number;
  samples: number;
  testMse: number;
  property: string;
  seconds: number;
}
const rows: Row[] = [];

async function trainFor(model: Autoencoder, set: SampleSet, n: number, learningRate = 1e-3): Promise<Record<string, number[]>> {
  return (await fit(model, set, { epochs: n, batchSize, learningRate, seed })).metrics;
}

async function testMse(model: Autoencoder, set: SampleSet): Promise<number> {
  return mean(perSampleErrors(set.data, await reconstructAll(model, set), set.count, 'mse'));
}

/** Times one row: `run` trains the variant (and its baseline) and returns the variant and its figure. */
async function row(variant: string, n: number, set: SampleSet, testSet: SampleSet, run: () => Promise<{ model: Autoencoder; property: string }>): Promise<void> {
  const started = Date.now();
  const { model, property } = await run();
  const seconds = (Date.now() - started) / 1000;
  rows.push({ variant, epochs: n, samples: set.count, testMse: await testMse(model, testSet), property, seconds });
  process.stdout.write(`${variant}: ${property} (${formatSeconds(seconds)})\n`);
}

const db = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} dB`;

async function psnrGain(variant: Autoencoder, plain: Autoencoder, testSet: SampleSet, noise: NoiseConfig): Promise<string> {
  const [v, p] = [await denoiseSamples(variant, testSet, noise, seed), await denoiseSamples(plain, testSet, noise, seed)];
  return `PSNR gain ${db(v.psnrDenoised - p.psnrDenoised)} (noisy ${v.psnrNoisy.toFixed(2)}, plain ${p.psnrDenoised.toFixed(2)}, variant ${v.psnrDenoised.toFixed(2)} dB)`;
}

async function meanActivation(model: Autoencoder, set: SampleSet): Promise<number> {
  return mean(Array.from((await encodeAll(model, set)).data, Math.abs));
}

function meanJacobianNorm(model: ContractiveAutoencoder, set: SampleSet): number {
  return tf.tidy(() => tf.mean(tf.sqrt(model.jacobianNormSquared(gatherBatch(set, null, 0, set.count)))).dataSync()[0]!);
}

/** Start-of-fine-tuning test loss ratio (pretrained / random), then both fine-tuned. */
async function pretrainingRow(name: string, options: Record<string, unknown>): Promise<{ model: Autoencoder; property: string }> {
  const random = buildModel(name, { options, seed });
  const pretrained = buildModel(name, { options, seed });
  const report = await pretrain(pretrained, train, { epochs: Math.max(1, Math.round(epochs / 2)), seed });
  const [before, after] = [(await evaluateLoss(random, test, 250))['loss']!, (await evaluateLoss(pretrained, test, 250))['loss']!];
  await trainFor(random, train, epochs);
  await trainFor(pretrained, train, epochs);
  const [randomEnd, pretrainedEnd] = [await testMse(random, test), await testMse(pretrained, test)];
  return {
    model: pretrained,
    property: `start-of-fine-tuning test loss ratio ${(after / before).toFixed(3)} (${after.toFixed(4)} vs random ${before.toFixed(4)}; ${report?.kind} layer errors ${report?.layerErrors.map((e) => e.toFixed(4)).join(', ')}); after fine-tuning MSE ${pretrainedEnd.toFixed(4)} vs random ${randomEnd.toFixed(4)}`,
  };
}

async function vaeRow(name: string, set: SampleSet, n: number, options: Record<string, unknown>): Promise<{ model: Autoencoder; property: string }> {
  const model = buildModel(name, { options, seed });
  // Batches of 50 at lr 3e-3: more steps per image get the VAE out of its early posterior collapse (see conv-vae.test.ts).
  const metrics = await fit(model, set, { epochs: n, batchSize: 50, learningRate: 3e-3, seed });
  const [loss, kl] = [metrics.metrics['loss']!, metrics.metrics['kl']!];
  return { model, property: `-ELBO/image ${loss[0]!.toFixed(1)} -> ${loss.at(-1)!.toFixed(1)}, KL ${kl[0]!.toFixed(2)} -> ${kl.at(-1)!.toFixed(2)} (min over epochs ${Math.min(...kl).toFixed(2)})` };
}

const started = Date.now();
const DENSE = { codeSize: 64 };
const plain = buildModel('dense', { options: DENSE, seed });
const LEVELS: Record<(typeof NOISE_KINDS)[number], number> = { gaussian: 0.5, 'salt-pepper': 0.3, masking: 0.5 };
await row('plain dense 784-64-784 (baseline)', epochs, train, test, async () => {
  await trainFor(plain, train, epochs);
  return { model: plain, property: 'baseline of the denoising rows' };
});
for (const kind of NOISE_KINDS) {
  const noise: NoiseConfig = { noise: kind, noiseLevel: LEVELS[kind] };
  await row(`denoising ${kind} ${noise.noiseLevel} vs plain`, epochs, train, test, async () => {
    const model = buildModel('denoising', { options: { ...DENSE, ...noise }, seed });
    await trainFor(model, train, epochs);
    return { model, property: await psnrGain(model, plain, test, noise) };
  });
}
for (const [label, options] of [
  ['KL (rho 0.05, beta 0.01, sigmoid code)', { codeSize: 64, codeActivation: 'sigmoid', l1: 0, sparsityWeight: 0.01, sparsityTarget: 0.05 }],
  ['L1 (1e-4, relu code)', { codeSize: 64, codeActivation: 'relu', sparsityWeight: 0, l1: 1e-4 }],
] as const) {
  await row(`sparse ${label} vs plain`, epochs, train, test, async () => {
    const base = buildModel('sparse', { options: { ...options, l1: 0, sparsityWeight: 0 }, seed });
    const model = buildModel('sparse', { options, seed });
    await trainFor(base, train, epochs, 5e-3);
    await trainFor(model, train, epochs, 5e-3);
    const [a, b] = [await meanActivation(model, test), await meanActivation(base, test)];
    return { model, property: `mean activation ratio ${(a / b).toFixed(3)} (${a.toFixed(4)} vs ${b.toFixed(4)}; plain MSE ${(await testMse(base, test)).toFixed(4)})` };
  });
}
await row('contractive 1e-4 (tanh code 32) vs plain', epochs, train, test, async () => {
  const options = { codeSize: 32, codeActivation: 'tanh' };
  const base = buildModel('contractive', { options: { ...options, contractiveWeight: 0 }, seed }) as ContractiveAutoencoder;
  const model = buildModel('contractive', { options: { ...options, contractiveWeight: 1e-4 }, seed }) as ContractiveAutoencoder;
  await trainFor(base, train, epochs, 5e-3);
  await trainFor(model, train, epochs, 5e-3);
  const [a, b] = [meanJacobianNorm(model, test), meanJacobianNorm(base, test)];
  return { model, property: `Jacobian norm ratio ${(a / b).toFixed(3)} (${a.toFixed(3)} vs ${b.toFixed(3)}; plain MSE ${(await testMse(base, test)).toFixed(4)})` };
});
await row('linear (code 9) vs PCA', epochs, train, test, async () => {
  const k = 9;
  const model = buildModel('linear', { options: { codeSize: k }, seed });
  await trainFor(model, train, epochs, 5e-3);
  const pca = fitPca(train.data, train.count, 784, k);
  const kernel = Float64Array.from(model.decoder.getLayer('reconstruction').getWeights()[0]!.dataSync());
  const largest = (principalAngles(pca.components, kernel, k, 784).at(-1)! * 180) / Math.PI;
  const pcaMse = mean(perSampleErrors(test.data, pca.inverseTransform(pca.transform(test.data, test.count), test.count), test.count, 'mse'));
  return { model, property: `largest principal angle ${largest.toFixed(2)} deg (PCA-${k} test MSE ${pcaMse.toFixed(4)})` };
});
await row('rbm 784-256-64-16 pretrained vs random init', epochs, train, test, () => pretrainingRow('rbm', { hidden: [256, 64], codeSize: 16 }));
await row('stacked 784-128-32 layer-wise vs random init', epochs, train, test, () => pretrainingRow('stacked', { hidden: [128], codeSize: 32, pretrain: true }));
await row('vae (dense 512, latent 2)', epochs, train, test, () => vaeRow('vae', train, epochs, {}));
await row('conv-vae (32/64, dense 16, latent 2)', convEpochs, convTrain, convTest, () => vaeRow('conv-vae', convTrain, convEpochs, {}));
await row('unet (gaussian 0.5) vs conv1', convEpochs, convTrain, convTest, async () => {
  const noise: NoiseConfig = { noise: 'gaussian', noiseLevel: 0.5 };
  const base = buildModel('conv1', { seed });
  const model = buildModel('unet', { options: { ...noise }, seed });
  await trainFor(base, convTrain, convEpochs, 2e-3);
  await trainFor(model, convTrain, convEpochs, 2e-3);
  return { model, property: await psnrGain(model, base, convTest, noise) };
});

const seconds = (Date.now() - started) / 1000;
const engine = backendInfo();
const text = [
  '# Autoencoder variants on MNIST (issue 4)',
  '',
  markdownTable(
    ['variant', 'epochs', 'samples', 'test MSE', 'figure of its property', 'wall time'],
    rows.map((r) => [r.variant, String(r.epochs), String(r.samples), r.testMse.toFixed(4), r.property, formatSeconds(r.seconds)]),
  ),
  '',
  `Wall time: ${formatSeconds(seconds)} on engine '${engine?.name ?? 'unknown'}' (${engine?.threads ?? '?'} thread(s)), ${new Date().toISOString()}.`,
  '',
  `Command: \`${commandLine('variants', flags)}\``,
  '',
  `- Test MSE: mean squared error per pixel of the variant on ${test.count} clean MNIST test images. Wall time of a row: training of the variant and its baseline plus the measurement.`,
  `- Adam, batch ${batchSize} (VAEs 50, lr 3e-3); lr 1e-3, except sparse and contractive (5e-3, the settings of their tests), linear (5e-3) and conv1/unet (2e-3). Pretraining (rbm CD-1, stacked layer-wise) runs half as many epochs as fine-tuning.`,
  '- PSNR gain: mean PSNR (dB, against the clean image) of the variant minus that of its plain baseline, both given the same corrupted test images. Ratios are variant / baseline (lower is the property).',
  '',
].join('\n');
const file = path.join(RESULTS_DIR, 'variants.md');
await writeFileAtomic(file, text);
process.stdout.write(`wrote ${file}\n`);
