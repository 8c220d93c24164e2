/**
 * A dense layer whose kernel is the transpose of another dense layer's (tied weights: the decoder
 * reuses the encoder's kernels, halving the parameters). It owns only its bias; the kernel is read
 * from the source layer at every call, so gradients from both uses add up on the one variable.
 * Registered with tfjs serialization so models containing it save (model.json names the source in
 * `tiedTo`); aekit reloads such models by rebuilding them from their spec, which re-links the layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Activation } from '../presets/dense.js';

const ACTIVATIONS: Record<Activation, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
  linear: (x) => x,
  tanh: (x) => tf.tanh(x),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  softplus: (x) => tf.softplus(x),
};

export interface TiedDenseArgs {
  /** Output size: the source layer's input size. */
  units: number;
  activation: Activation;
  /** Name of the dense layer whose kernel (transposed) this layer uses. */
  tiedTo: string;
  name?: string;
  /** The source layer itself; absent when deserialised from JSON alone. */
  source?: tfl.layers.Layer;
}

export class TiedDense extends tfl.layers.Layer {
  static className = 'TiedDense';
  readonly units: number;
  readonly activation: Activation;
  readonly tiedTo: string;
  private readonly source: tfl.layers.Layer | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(args: TiedDenseArgs) {
    super(args.name ? { name: args.name } : {});
    if (!(args.activation in ACTIVATIONS)) throw new Error(`TiedDense: unknown activation '${args.activation}' (expected one of ${Object.keys(ACTIVATIONS).join(', ')})`);
    this.units = args.units;
    this.activation = args.activation;
    this.tiedTo = args.tiedTo;
    this.source = args.source;
  }

  override build(): void {
    this.bias = this.addWeight('bias', [this.units], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const kernel = this.source?.trainableWeights[0];
    if (!kernel || !this.bias) {
      throw new Error(`TiedDense '${this.name}': its source layer '${this.tiedTo}' is not linked (rebuild the model from its aekit spec rather than from model.json alone)`);
    }
    return tf.tidy(() => ACTIVATIONS[this.activation](tf.add(tf.matMul(x, kernel.read(), false, true), this.bias!.read())));
  }

  /** [kernel, bias] of the plain Dense layer this one equals: the source kernel transposed. */
  tiedWeightValues(): [tf.Tensor, tf.Tensor] {
    const kernel = this.source?.trainableWeights[0];
    if (!kernel || !this.bias) throw new Error(`TiedDense '${this.name}': its source layer '${this.tiedTo}' is not linked`);
    return [tf.transpose(kernel.read()), this.bias.read().clone()];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, activation: this.activation, tiedTo: this.tiedTo };
  }
}

tf.serialization.registerClass(TiedDense);
