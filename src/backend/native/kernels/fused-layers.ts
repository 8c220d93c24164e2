/** The fused dense / convolution layers of ../../fused-layers.ts: forward, and dz with the bias gradient. */
import * as tf from '@tensorflow/tfjs-core';
import { LAYER_ACTIVATION_CODES, type NativeAddon } from '../addon-api.js';
import { floatInput, nativeKernelConfig as config, output, sizeOf, type NativeBackend } from '../backend.js';
import {
  BIAS_ACTIVATION_GRAD, BIAS_GRAD, CONV2D_BIAS_ACTIVATION, DENSE_BIAS_ACTIVATION, type FusedActivation,
} from '../../fused-layers.js';
import { convInfo, convShape } from './conv.js';

function optionalInput(kernel: string, backend: NativeBackend, inputs: Record<string, tf.TensorInfo>, name: string): Float32Array | null {
  return inputs[name] ? floatInput(kernel, backend, inputs, name) : null;
}

function activationOf(kernel: string, attrs: tf.NamedAttrMap | undefined): { code: number; alpha: number } {
  const name = attrs?.activation as FusedActivation;
  const code = LAYER_ACTIVATION_CODES[name];
  if (code === undefined) throw new Error(`${kernel}: unsupported activation '${String(name)}'`);
  return { code, alpha: Number(attrs?.alpha ?? 0) };
}

export function fusedLayerKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    config(DENSE_BIAS_ACTIVATION, ({ backend, inputs, attrs }) => {
      const k = DENSE_BIAS_ACTIVATION;
      const [rows, inputSize] = inputs.x!.shape as [number, number];
      const units = inputs.kernel!.shape[1]!;
      const { code, alpha } = activationOf(k, attrs);
      const y = backend.allocate(rows * units);
      addon.denseBiasActivation(floatInput(k, backend, inputs, 'x'), floatInput(k, backend, inputs, 'kernel'),
        optionalInput(k, backend, inputs, 'bias'), y, rows, inputSize, units, code, alpha);
      return output(backend, [rows, units], y);
    }),
    config(CONV2D_BIAS_ACTIVATION, ({ backend, inputs, attrs = {} }) => {
      const k = CONV2D_BIAS_ACTIVATION;
      const info = convInfo(inputs.x!.shape, inputs.filter!.shape, attrs, attrs.dilations as number | [number, number]);
      const { code, alpha } = activationOf(k, attrs);
      const y = backend.allocate(sizeOf(info.outShape));
      addon.conv2dBiasActivation(floatInput(k, backend, inputs, 'x'), floatInput(k, backend, inputs, 'filter'),
        optionalInput(k, backend, inputs, 'bias'), y, convShape(info), code, alpha);
      return output(backend, info.outShape, y);
    }),
    config(BIAS_ACTIVATION_GRAD, ({ backend, inputs, attrs }) => {
      const k = BIAS_ACTIVATION_GRAD;
      const { shape } = inputs.dy!;
      if (!tf.util.arraysEqual(shape, inputs.y!.shape)) {
        throw new Error(`${k}: dy and y must have one shape, found [${shape.join(', ')}] and [${inputs.y!.shape.join(', ')}]`);
      }
      const columns = shape[shape.length - 1]!;
      const { code, alpha } = activationOf(k, attrs);
      const dz = backend.allocate(sizeOf(shape)), db = backend.allocate(columns);
      addon.biasActivationGrad(floatInput(k, backend, inputs, 'dy'), floatInput(k, backend, inputs, 'y'), dz, db, columns, code, alpha);
      return [output(backend, shape, dz), output(backend, [columns], db)];
    }),
    config(BIAS_GRAD, ({ backend, inputs }) => {
      const { shape } = inputs.dy!;
      const columns = shape[shape.length - 1]!;
      const db = backend.allocate(columns);
      addon.biasActivationGrad(floatInput(BIAS_GRAD, backend, inputs, 'dy'), null, null, db, columns, LAYER_ACTIVATION_CODES.linear, 0);
      return output(backend, [columns], db);
    }),
  ];
}
