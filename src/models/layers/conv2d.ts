/**
 * tfjs-layers' Conv2D with a fused path: on a backend with the fused layer kernels (the native
 * engine), channels-last, 'same'/'valid' padding and dilation 1, y = act(conv2d(x, W) + b) is
 * one kernel forward, and backward one kernel for the activation's derivative and the bias
 * gradient plus one convolution gradient per needed input (see backend/fused-layers.ts).
 * Everything else runs the stock layer.
 *
 * Same weights, config and className as the stock layer, so saved models stay Keras/tfjs
 * models; registering it under 'Conv2D' makes loading a saved model build it too.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Conv2D as StockConv2D, ConvLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/convolutional.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { conv2dBiasActivation, hasFusedLayers, type FusedActivation } from '../../backend/fused-layers.js';
import { withKerasKernelInitializer } from './keras-defaults.js';
import { fusedActivationOf, onlyTensor, stockLayerClass, type BiasActivationFields } from './stock-class.js';
import { chargeLayer } from '../limits.js';
import { inputShapeOf } from './shape.js';

export type { ConvLayerArgs };

const Stock = stockLayerClass<typeof StockConv2D>('Conv2D');

/** The stock layer's fields this subclass reads (protected in its typings). */
interface StockFields extends BiasActivationFields {
  strides: number[];
  padding: string;
  dataFormat: string;
  dilationRate: number[];
}

export class Conv2D extends Stock {
  static override className = 'Conv2D';

  private get fields(): StockFields {
    // Cast: these fields are private in tfjs-layers' typings, public at run time; the subclass reads them as the stock class does.
    return this as unknown as StockFields;
  }

  /** The activation to fuse, or null when this call takes the stock path. */
  private fusable(input: tf.Tensor): FusedActivation | null {
    const { dataFormat, padding, dilationRate, activation } = this.fields;
    const supported = input.dtype === 'float32' && input.rank === 4 && dataFormat === 'channelsLast'
      && (padding === 'same' || padding === 'valid') && dilationRate.every((d) => d === 1) && hasFusedLayers();
    return supported ? fusedActivationOf(activation) : null;
  }

  /** Refuses a layer beyond MODEL_LIMITS (weights, or output values per sample) before tfjs allocates it. */
  override build(inputShape: Parameters<InstanceType<typeof Stock>['build']>[0]): void {
    const shape = inputShapeOf(inputShape);
    const config = this.getConfig();
    const filters = Number(config['filters']);
    const [kh, kw] = (config['kernelSize'] as number[]).map(Number) as [number, number];
    const [sh, sw] = (config['strides'] as number[]).map(Number) as [number, number];
    const channelsLast = config['dataFormat'] !== 'channelsFirst';
    const [h, w, channels] = channelsLast ? [shape[1] ?? 0, shape[2] ?? 0, shape[3] ?? 0] : [shape[2] ?? 0, shape[3] ?? 0, shape[1] ?? 0];
    const weights = kh * kw * channels * filters + filters;
    chargeLayer(this.name, weights, `${kh}x${kw} kernel x ${channels} channels x ${filters} filters + bias`, Math.ceil(h / sh) * Math.ceil(w / sw) * filters);
    super.build(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = onlyTensor(inputs);
    const activation = input && this.fusable(input);
    if (!input || !activation) return super.call(inputs, kwargs);
    const { kernel, bias, strides, padding } = this.fields;
    return conv2dBiasActivation(input as tf.Tensor4D, kernel.read() as tf.Tensor4D, bias ? bias.read() as tf.Tensor1D : null,
      { strides: [strides[0]!, strides[1]!], padding: padding as 'same' | 'valid' }, { activation });
  }
}

// Replaces the stock class in the SerializationMap: loaded models build this one.
tf.serialization.registerClass(Conv2D);

export function conv2d(args: ConvLayerArgs): Conv2D {
  return new Conv2D(withKerasKernelInitializer(args));
}
