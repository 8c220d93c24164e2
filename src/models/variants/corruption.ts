/**
 * Input corruption for denoising autoencoders (Vincent et al. 2008): additive Gaussian noise
 * (clipped to [0, 1], as the Keras denoising example does), salt-and-pepper (a fraction of pixels
 * set to 0 or 1 with equal odds) and masking (a fraction of pixels dropped to 0). The model
 * applies it during training only; applications/denoising.ts applies it to test images.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../util/random.js';

export const NOISE_KINDS = ['gaussian', 'salt-pepper', 'masking'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

export interface NoiseConfig {
  noise: NoiseKind;
  /** Gaussian: the standard deviation; salt-pepper and masking: the fraction of pixels hit. */
  noiseLevel: number;
}

export function checkNoise(config: NoiseConfig, where: string): void {
  if (!(NOISE_KINDS as readonly string[]).includes(config.noise)) {
    throw new Error(`${where}: noise must be one of ${NOISE_KINDS.join(', ')}, got ${JSON.stringify(config.noise)}`);
  }
  const max = config.noise === 'gaussian' ? Infinity : 1;
  if (!(typeof config.noiseLevel === 'number' && config.noiseLevel >= 0 && config.noiseLevel <= max)) {
    throw new Error(`${where}: noise level for '${config.noise}' must be a number from 0 to ${max === 1 ? 1 : 'any size'}, got ${JSON.stringify(config.noiseLevel)}`);
  }
}

/** A corrupted copy of `x` (values in [0, 1]); every random draw is seeded from `random`. */
export function corrupt(x: tf.Tensor, config: NoiseConfig, random: Random): tf.Tensor {
  return tf.tidy(() => {
    const level = config.noiseLevel;
    switch (config.noise) {
      case 'gaussian':
        return tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, level, 'float32', random.nextSeed())), 0, 1);
      case 'salt-pepper': {
        const hit = tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', random.nextSeed()), level);
        const salt = tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', random.nextSeed()), 0.5), 'float32');
        return tf.where(hit, salt, x);
      }
      case 'masking': {
        const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', random.nextSeed()), level);
        return tf.mul(x, tf.cast(keep, 'float32'));
      }
    }
  });
}
