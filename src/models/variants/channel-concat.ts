/**
 * Concatenation along the channel (last) axis whose gradient is cut back apart with Slice, not
 * SplitV (tfjs's gradient of Concat). The U-Net's skip connections need it: the native engine has
 * a Slice kernel but runs SplitV through the tfjs cpu fallback, which took ~5 s per 64-image
 * training step of the default U-Net (vs ~0.2 s for everything else). Same values, same
 * gradients as tfl.layers.concatenate; registered so models containing it save.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** concat(parts, last axis) with a gradient made of slices. */
export function concatChannels(parts: tf.Tensor[]): tf.Tensor {
  const widths = parts.map((p) => p.shape.at(-1)!);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const inputs = args.slice(0, parts.length) as tf.Tensor[];
    return {
      value: tf.concat(inputs, -1),
      gradFunc: (dy: tf.Tensor) => {
        const rank = dy.shape.length;
        let offset = 0;
        return widths.map((width) => {
          const begin = new Array<number>(rank).fill(0);
          begin[rank - 1] = offset;
          offset += width;
          return tf.slice(dy, begin, [...dy.shape.slice(0, -1), width]);
        });
      },
    };
  });
  return op(...parts);
}

export class ChannelConcat extends tfl.layers.Layer {
  static className = 'ChannelConcat';

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shapes = inputShape as tfl.Shape[];
    const channels = shapes.map((s) => s.at(-1));
    return [...shapes[0]!.slice(0, -1), channels.some((c) => c === null) ? null : channels.reduce((a, b) => a! + b!, 0)!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!Array.isArray(inputs) || inputs.length < 2) throw new Error(`ChannelConcat '${this.name}': expects a list of at least 2 tensors`);
    return concatChannels(inputs);
  }
}

tf.serialization.registerClass(ChannelConcat);
