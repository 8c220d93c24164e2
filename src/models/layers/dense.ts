/**
 * tfjs-layers' Dense with a fused path: on a backend with the fused layer kernels (the native
 * engine) y = act(x·W + b) is one kernel forward, and backward one kernel for the activation's
 * derivative and the bias gradient plus one product per needed gradient (see
 * backend/fused-layers.ts). Other backends and activations run the stock layer.
 *
 * Same weights, config and className as the stock layer, so saved models stay Keras/tfjs
 * models; registering it under 'Dense' makes loading a saved model build it too.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dense as StockDense, DenseLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/core.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { denseBiasActivation, hasFusedLayers, type FusedActivation } from '../../backend/fused-layers.js';
import { withKerasKernelInitializer } from './keras-defaults.js';
import { fusedActivationOf, onlyTensor, stockLayerClass, type BiasActivationFields } from './stock-class.js';
import { chargeLayer } from '../limits.js';
import { inputShapeOf } from './shape.js';

export type { DenseLayerArgs };

const Stock = stockLayerClass<typeof StockDense>('Dense');

/** The stock layer's fields this subclass reads (private in its typings). */
type StockFields = BiasActivationFields;

export class Dense extends Stock {
  static override className = 'Dense';

  private get fields(): StockFields {
    // Cast: these fields are private in tfjs-layers' typings, public at run time; the subclass reads them as the stock class does.
    return this as unknown as StockFields;
  }

  /** The activation the fused kernel applies for this layer, or null when it has to run stock. */
  get fusedActivation(): FusedActivation | null {
    return fusedActivationOf(this.fields.activation);
  }

  /** The number of inputs the kernel takes (its rows). */
  get inputUnits(): number {
    return this.fields.kernel.shape[0]!;
  }

  /** The number of outputs (the kernel's columns). */
  get outputUnits(): number {
    return this.fields.kernel.shape[1]!;
  }

  /**
   * act(input·W + b) as one fused kernel. The caller has checked hasFusedLayers() and
   * fusedActivation; `call` does, and so does the dense chain (models/dense-chain.ts).
   */
  applyFused(input: tf.Tensor, activation: FusedActivation): tf.Tensor {
    const { kernel, bias } = this.fields;
    return denseBiasActivation(input, kernel.read() as tf.Tensor2D, bias ? bias.read() as tf.Tensor1D : null, { activation });
  }

  /** Refuses a layer beyond MODEL_LIMITS before tfjs allocates its kernel. */
  override build(inputShape: Parameters<InstanceType<typeof Stock>['build']>[0]): void {
    const inputs = inputShapeOf(inputShape).at(-1) ?? 0;
    const units = Number(this.getConfig()['units']);
    chargeLayer(this.name, inputs * units + units, `${inputs} inputs x ${units} units + bias`, units);
    super.build(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = onlyTensor(inputs);
    const fusable = input && input.dtype === 'float32' && input.rank >= 2 && hasFusedLayers();
    const activation = fusable ? this.fusedActivation : null;
    if (!input || !activation) return super.call(inputs, kwargs);
    this.invokeCallHook(inputs, kwargs);
    return this.applyFused(input, activation);
  }
}

// Replaces the stock class in the SerializationMap: loaded models build this one.
tf.serialization.registerClass(Dense);

export function dense(args: DenseLayerArgs): Dense {
  return new Dense(withKerasKernelInitializer(args));
}
