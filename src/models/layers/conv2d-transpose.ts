/** tfjs-layers' Conv2DTranspose (no fused path) with Keras's kernel initializer by default. */
import * as tfl from '@tensorflow/tfjs-layers';
import type { ConvLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/convolutional.js';
import { withKerasKernelInitializer } from './keras-defaults.js';

export function conv2dTranspose(args: ConvLayerArgs): tfl.layers.Layer {
  return tfl.layers.conv2dTranspose(withKerasKernelInitializer(args));
}
