/**
 * tfjs-layers' BatchNormalization with a fused training path: in training mode, on a backend
 * with the fused kernels (the native engine), the batch statistics, the normalisation and the
 * whole gradient take one kernel each way instead of ~15 (see backend/batch-norm-training.ts).
 * Everything else (inference, other backends, other axes, no scale/centre) is the stock layer.
 *
 * Same weights, config and className as the stock layer, so saved models stay Keras/tfjs
 * models; registering it under 'BatchNormalization' makes loading a saved model build it too.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type {
  BatchNormalization as StockBatchNormalization,
  BatchNormalizationLayerArgs,
} from '@tensorflow/tfjs-layers/dist/layers/normalization.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { batchNormTraining, hasFusedBatchNormTraining } from '../../backend/batch-norm-training.js';
import { stockLayerClass } from './stock-class.js';

export type { BatchNormalizationLayerArgs };

const Stock = stockLayerClass<typeof StockBatchNormalization>('BatchNormalization');

/** The stock layer's fields this subclass reads (private in its typings). */
interface StockFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

/** variable -= (variable - value) * (1 - momentum): tfjs-layers' doMovingAverage, op for op. */
function updateMovingAverage(variable: tfl.LayerVariable, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const decay = 1 - momentum;
    const current = variable.read();
    variable.write(tf.sub(current, tf.mul(tf.sub(current, value), decay)));
  });
}

export class BatchNormalization extends Stock {
  static override className = 'BatchNormalization';

  private get fields(): StockFields {
    // Cast: these fields are private in tfjs-layers' typings, public at run time; the subclass reads them as the stock class does.
    return this as unknown as StockFields;
  }

  /** True when this call can take the fused path (same result as the stock one). */
  private canFuse(input: tf.Tensor, kwargs: Kwargs): boolean {
    const { axis, center, scale } = this.fields;
    return Boolean(kwargs['training']) && center && scale && input.dtype === 'float32'
      && input.rank >= 2 && input.rank <= 4 && (axis === -1 || axis === input.rank - 1)
      && hasFusedBatchNormTraining();
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) && inputs.length === 1 ? inputs[0] : inputs;
    if (Array.isArray(input) || !this.canFuse(input, kwargs)) return super.call(inputs, kwargs);
    const { gamma, beta, movingMean, movingVariance, epsilon, momentum } = this.fields;
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(input, gamma.read() as tf.Tensor1D, beta.read() as tf.Tensor1D, epsilon);
      updateMovingAverage(movingMean, mean, momentum);
      updateMovingAverage(movingVariance, variance, momentum);
      return y;
    });
  }
}

// Replaces the stock class in the SerializationMap: loaded models build this one.
tf.serialization.registerClass(BatchNormalization);

export function batchNormalization(args?: BatchNormalizationLayerArgs): BatchNormalization {
  return new BatchNormalization(args);
}
