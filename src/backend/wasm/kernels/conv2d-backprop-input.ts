/**
 * Conv2DBackpropInput for the wasm backend. wasm ships one, but it is a scalar loop that took
 * most of a conv training step. With stride 1 the input gradient is itself a convolution: dy
 * convolved with the filter rotated 180° (in/out channels swapped) and padding mirrored
 * (fh-1-top, fh-1-bottom). That runs in XNNPACK's Conv2D; other strides keep wasm's kernel.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeAll, runWasmKernel } from './wasm-kernel-calls.js';

interface BackpropInputAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** Padding of the transposed convolution, or undefined when it is not a plain stride-1 conv. */
export function mirroredPadding(info: backend_util.Conv2DInfo): backend_util.ExplicitPadding | undefined {
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    return undefined;
  }
  const { top, bottom, left, right } = info.padInfo;
  const pads = [info.filterHeight - 1 - top, info.filterHeight - 1 - bottom, info.filterWidth - 1 - left, info.filterWidth - 1 - right];
  if (pads.some((p) => p < 0)) return undefined;
  return [[0, 0], [pads[0]!, pads[1]!], [pads[2]!, pads[3]!], [0, 0]];
}

/** [fh, fw, in, out] -> [fh, fw, out, in], flipped in both spatial axes. */
function rotatedFilter(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const flipped = runWasmKernel('Reverse', backend, { x: filter }, { dims: [0, 1] });
  try {
    return runWasmKernel('Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] });
  } finally {
    disposeAll(backend, flipped);
  }
}

export function wrapConv2DBackpropInput(original: KernelConfig): KernelConfig {
  const fast: KernelFunc = ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const dy = inputs['dy']!;
    const filter = inputs['filter']!;
    // Cast: tfjs hands every kernel its attrs as a NamedAttrMap; these are this kernel's (tfjs's own kernels cast alike).
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as BackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false,
      backend_util.convertConv2DDataFormat(dataFormat));
    const padding = dataFormat === 'NHWC' ? mirroredPadding(info) : undefined;
    if (!padding) return original.kernelFunc({ inputs, backend, attrs });
    const rotated = rotatedFilter(wasm, filter);
    try {
      return runWasmKernel('Conv2D', wasm, { x: dy, filter: rotated },
        { strides: 1, pad: padding, dataFormat: 'NHWC', dilations: 1 });
    } finally {
      disposeAll(wasm, rotated);
    }
  };
  return { ...original, kernelFunc: fast };
}
