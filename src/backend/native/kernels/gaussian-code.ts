/**
 * The VAE's code and KL term of ../../gaussian-code.ts, forward and backward. The tensors are
 * [batch, latent] (a few hundred to a few thousand values), so the loops run in JavaScript: a
 * call into the addon would cost more than the arithmetic. Sums run in double.
 */
import * as tf from '@tensorflow/tfjs-core';
import { floatInput, nativeKernelConfig, output, type KernelArgs } from '../backend.js';
import { GAUSSIAN_CODE, GAUSSIAN_CODE_GRAD } from '../../gaussian-code.js';

function rowsAndUnits(kernel: string, inputs: Record<string, tf.TensorInfo>, names: string[]): [number, number] {
  const shape = inputs[names[0]!]!.shape;
  for (const name of names) {
    const other = inputs[name]!.shape;
    if (other.length !== 2 || !tf.util.arraysEqual(other, shape)) {
      throw new Error(`${kernel}: ${names.join(', ')} must share one shape [rows, units], found '${name}' of shape [${other.join(', ')}]`);
    }
  }
  return shape as [number, number];
}

function forward({ backend, inputs }: KernelArgs): tf.TensorInfo[] {
  const k = GAUSSIAN_CODE;
  const [rows, units] = rowsAndUnits(k, inputs, ['mean', 'logVariance', 'noise']);
  const [mean, logVariance, noise] = ['mean', 'logVariance', 'noise'].map((name) => floatInput(k, backend, inputs, name)) as [Float32Array, Float32Array, Float32Array];
  const code = backend.allocate(rows * units), kl = backend.allocate(rows);
  for (let r = 0, i = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < units; j++, i++) {
      const m = mean[i]!, lv = logVariance[i]!;
      code[i] = m + Math.exp(0.5 * lv) * noise[i]!;
      sum += 1 + lv - m * m - Math.exp(lv);
    }
    kl[r] = -0.5 * sum;
  }
  return [output(backend, [rows, units], code), output(backend, [rows], kl)];
}

// d code / d mean = 1, d code / d logVariance = exp(lv / 2) * noise / 2;
// d kl / d mean = mean, d kl / d logVariance = (exp(lv) - 1) / 2.
function backward({ backend, inputs }: KernelArgs): tf.TensorInfo[] {
  const k = GAUSSIAN_CODE_GRAD;
  const [rows, units] = rowsAndUnits(k, inputs, ['dCode', 'mean', 'logVariance', 'noise']);
  if (inputs.dKl!.shape.length !== 1 || inputs.dKl!.shape[0] !== rows) {
    throw new Error(`${k}: dKl must be of shape [${rows}], found [${inputs.dKl!.shape.join(', ')}]`);
  }
  const [dCode, dKl, mean, logVariance, noise] = ['dCode', 'dKl', 'mean', 'logVariance', 'noise']
    .map((name) => floatInput(k, backend, inputs, name)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const dMean = backend.allocate(rows * units), dLogVariance = backend.allocate(rows * units);
  for (let r = 0, i = 0; r < rows; r++) {
    const dk = dKl[r]!;
    for (let j = 0; j < units; j++, i++) {
      const lv = logVariance[i]!;
      dMean[i] = dCode[i]! + dk * mean[i]!;
      dLogVariance[i] = 0.5 * (dCode[i]! * Math.exp(0.5 * lv) * noise[i]! + dk * (Math.exp(lv) - 1));
    }
  }
  return [output(backend, [rows, units], dMean), output(backend, [rows, units], dLogVariance)];
}

export function gaussianCodeKernels(): tf.KernelConfig[] {
  return [
    nativeKernelConfig(GAUSSIAN_CODE, forward),
    nativeKernelConfig(GAUSSIAN_CODE_GRAD, backward),
  ];
}
