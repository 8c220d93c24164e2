/**
 * `aekit import`: a Keras model file becomes an aekit run folder. The network is rebuilt as the
 * 'imported' model (its layer list in the spec), the file's weights set layer by layer, and the
 * folder laid out as a run that has trained 0 epochs: best/ for evaluate, encode, detect, denoise
 * and serve; last/ with a fresh optimizer so `aekit train --resume RUN --epochs N` fine-tunes it
 * on the run's dataset.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ReconstructionLoss } from '../models/autoencoder.js';
import { buildFromSpec } from '../models/registry.js';
import type { ImportedAutoencoder } from '../models/imported/imported.js';
import type { LayerGraph } from '../io/export/layer-graph.js';
import { readKerasModel } from '../io/keras/read-keras.js';
import { saveAutoencoder } from '../io/model-io.js';
import { loadSplit } from '../data/splits.js';
import { backendInfo } from '../backend/select.js';
import { writeFileAtomic } from '../util/atomic.js';
import { VERSION } from '../util/version.js';
import { Adam } from '../optimizers/adam.js';
import { SEED_DEFAULTS, type RunConfig } from './run.js';
import type { ResumeState } from './run-recorder.js';
import { runFile, type RunStatus } from './run-layout.js';

export interface ImportOptions {
  /** The dataset fine-tuning and evaluation use by default; default 'mnist'. */
  dataset?: string;
  dataDir?: string;
  download?: boolean;
  /** Fine-tuning and evaluation use only the first N samples of each split. */
  limit?: number;
  /** Default: the loss the file was compiled with (binary cross-entropy -> 'bce'), else 'mse'. */
  loss?: ReconstructionLoss;
  /** The layer whose output is the code (--code-layer); default: see `chooseCodeLayer`. */
  codeLayer?: string;
}

export interface ImportResult {
  runDir: string;
  autoencoder: ImportedAutoencoder;
  format: 'keras3' | 'keras2-h5';
  codeLayer: string;
  parameters: number;
}

const CODE_NAMES = /^(code|z_mean|latent|bottleneck|encoded|embedding)$/i;
/** Layers after which the decoder grows its output back: the encoder ends before the first. */
const GROWING = /^(UpSampling[123]D|Conv[123]DTranspose)$/;
/** Layers that keep the size of what they follow (activations, normalisation): part of the block they close. */
const SAME_SIZE = /^(LeakyReLU|ReLU|ELU|PReLU|Activation|BatchNormalization|LayerNormalization|Dropout)$/;

/**
 * The layer whose output is the code: one named like a code (code, z_mean, latent, bottleneck,
 * encoded, embedding); else the end of the encoder: among the layers before the decoder starts
 * to grow (its first upsampling or transposed convolution; every layer in a model without one),
 * the first of the smallest output, taken on through the activations and normalisations that
 * follow it at that size (conv2's encoder_pool2 -> encoder_leaky2 -> encoder_bn2), never into the
 * decoder's first convolution. The smallest layer of the whole model can sit in the decoder
 * (conv2's decoder_conv2, 14x14x1), so it is not taken.
 */
export function chooseCodeLayer(graph: LayerGraph, outputSizes: Map<string, number>): string {
  const output = graph.outputs[0]?.[0];
  const inner = graph.layers.filter((l) => l.className !== 'InputLayer' && l.name !== output);
  const named = inner.find((l) => CODE_NAMES.test(l.name));
  if (named) return named.name;
  const growth = inner.findIndex((l) => GROWING.test(l.className));
  const encoder = (growth === -1 ? inner : inner.slice(0, growth)).filter((l) => outputSizes.has(l.name));
  if (encoder.length === 0) throw new Error(`model '${graph.name}': has no layer between its input and output to take as the code`);
  const smallest = Math.min(...encoder.map((l) => outputSizes.get(l.name)!));
  let at = encoder.findIndex((l) => outputSizes.get(l.name) === smallest);
  while (at + 1 < encoder.length && SAME_SIZE.test(encoder[at + 1]!.className) && outputSizes.get(encoder[at + 1]!.name) === smallest) at++;
  return encoder[at]!.name;
}

function lossOf(name: string | undefined): ReconstructionLoss | undefined {
  if (!name) return undefined;
  const normal = name.toLowerCase().replace(/[^a-z]/g, '');
  if (normal === 'binarycrossentropy') return 'bce';
  if (normal === 'mse' || normal === 'meansquarederror') return 'mse';
  return undefined;
}

function setWeights(autoencoder: ImportedAutoencoder, graph: LayerGraph, file: string): void {
  for (const layer of autoencoder.model.layers) {
    const expected = layer.weights;
    if (expected.length === 0) continue;
    const arrays = graph.weights.get(layer.name) ?? [];
    const want = expected.map((w) => `[${w.shape.join(', ')}]`).join(', ');
    const found = arrays.map((a) => `[${a.shape.join(', ')}]`).join(', ');
    if (arrays.length !== expected.length || arrays.some((a, i) => a.shape.join('x') !== expected[i]!.shape.join('x'))) {
      throw new Error(`${file}: layer '${layer.name}' (${layer.getClassName()}) needs weights ${want}; the file holds ${arrays.length ? found : 'none'}`);
    }
    const tensors = arrays.map((a) => tf.tensor(a.values, a.shape));
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}

async function makeRunFolder(runDir: string): Promise<void> {
  try {
    await fs.mkdir(runDir, { recursive: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Error(`run folder ${runDir} already exists: choose another --out`);
    if (code === 'ENOENT') await fs.mkdir(runDir, { recursive: true });
    else throw error;
  }
}

export async function importKerasRun(file: string, runDir: string, options: ImportOptions = {}): Promise<ImportResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new Error(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const imported = await readKerasModel(bytes, file);
  const { graph } = imported;
  const inputLayer = graph.layers.find((l) => l.name === graph.inputs[0]?.[0]);
  const inputShape = (inputLayer?.config['batch_input_shape'] as number[] | undefined)?.slice(1) ?? [];
  const layers = graph.layers.map(({ outputShape: _unused, ...layer }) => layer);
  const specOf = (codeLayer: string) => ({
    name: 'imported',
    inputShape,
    loss: options.loss ?? lossOf(imported.loss) ?? 'mse',
    options: { layers, inputs: graph.inputs, outputs: graph.outputs, codeLayer },
  });
  let codeLayer = options.codeLayer;
  if (codeLayer === undefined) {
    // Build once with the output as 'code' to learn every layer's output size.
    const probe = buildFromSpec(specOf(graph.outputs[0]![0])) as ImportedAutoencoder;
    const sizes = new Map(probe.model.layers.map((l) => [l.name, (l.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1)]));
    probe.dispose();
    codeLayer = chooseCodeLayer(graph, sizes);
  }
  let autoencoder: ImportedAutoencoder;
  try {
    autoencoder = buildFromSpec(specOf(codeLayer)) as ImportedAutoencoder;
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  setWeights(autoencoder, graph, file);

  const dataset = options.dataset ?? 'mnist';
  const sample = await loadSplit({ dataset, limit: 1, ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.download !== undefined ? { download: options.download } : {}) }, 'test');
  const imageSize = sample.shape.reduce((a, b) => a * b, 1);
  const modelSize = inputShape.reduce((a, b) => a * b, 1);
  if (imageSize !== modelSize) {
    throw new Error(`${file}: the model takes [${inputShape.join(', ')}] (${modelSize} values), dataset '${dataset}' has images of [${sample.shape.join(', ')}] (${imageSize}); pick a matching --dataset`);
  }

  await makeRunFolder(runDir);
  const now = new Date().toISOString();
  const config: RunConfig & { importedFrom: string } = {
    model: 'imported',
    modelSpec: autoencoder.spec,
    dataset,
    download: options.download ?? true,
    validation: 'test',
    // Keras models take their inputs as they are: no feature scaling in front.
    scale: 'none',
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.limit ? { limit: options.limit } : {}),
    imageShape: sample.shape,
    dataSource: sample.source,
    ...(sample.classNames ? { classNames: sample.classNames } : {}),
    epochs: 0,
    batchSize: SEED_DEFAULTS.batchSize,
    learningRate: SEED_DEFAULTS.learningRate,
    shuffle: true,
    seed: Math.floor(Math.random() * 2 ** 31),
    patience: SEED_DEFAULTS.patience,
    reduceLr: { ...SEED_DEFAULTS.reduceLr },
    runsDir: path.dirname(runDir),
    ...(backendInfo() ? { backend: backendInfo()!.name } : {}),
    aekitVersion: VERSION,
    createdAt: now,
    importedFrom: path.resolve(file),
  };
  const history = { epoch: [], metrics: {} };
  const state: ResumeState = { epochsDone: 0, history, callbacks: {} };
  const status: RunStatus = { state: 'completed', epochsDone: 0, epochs: 0, updatedAt: now, pid: process.pid, stopReason: `imported from ${path.basename(file)}` };
  await writeFileAtomic(runFile(runDir, 'config'), `${JSON.stringify(config, null, 2)}\n`);
  await saveAutoencoder(autoencoder, runFile(runDir, 'best'));
  await saveAutoencoder(autoencoder, runFile(runDir, 'last'), { optimizer: new Adam({ learningRate: config.learningRate }), state });
  await writeFileAtomic(runFile(runDir, 'metrics'), `${JSON.stringify(history, null, 2)}\n`);
  await writeFileAtomic(runFile(runDir, 'status'), `${JSON.stringify(status, null, 2)}\n`);
  const parameters = autoencoder.model.countParams();
  return { runDir, autoencoder, format: imported.format, codeLayer, parameters };
}

