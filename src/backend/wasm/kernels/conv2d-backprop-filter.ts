/**
 * Conv2DBackpropFilter for the wasm backend, which does not ship one (so no conv model could train
 * on wasm). With P the im2col matrix of x ([positions, taps]), dW = Pᵀ·dY, run in XNNPACK's
 * matMul. XNNPACK repacks its right operand on every new tensor, and packing is slow, so the
 * small dY goes on the right and P is transposed (by wasm's Transpose, via the matMul wrapper).
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeAll, heapF32, reshapeInfo, runWasmKernel } from './wasm-kernel-calls.js';

interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Below this many floats a plain loop beats TypedArray.set's call overhead. */
const MIN_BLOCK_COPY = 24;

/**
 * Writes P: one row per output position ([batch, outHeight, outWidth] order), one column per
 * filter tap ([fh, fw, inChannels] order, the filter's own layout). Padding reads as zero. Each
 * filter row of a patch is a contiguous run of x, so rows are block copies.
 */
export function writePatches(x: Float32Array, info: backend_util.Conv2DInfo, out: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth } = info;
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('aekit wasm Conv2DBackpropFilter: dilated filters are not supported');
  }
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const segment = filterWidth * inChannels;
  const xRow = inWidth * inChannels;
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const xStart = ox * strideWidth - left;
        const lo = Math.max(0, -xStart);
        const hi = Math.min(filterWidth, inWidth - xStart);
        for (let fy = 0; fy < filterHeight; fy++, o += segment) {
          const y = oy * strideHeight - top + fy;
          if (y < 0 || y >= inHeight || hi <= lo) {
            out.fill(0, o, o + segment);
            continue;
          }
          if (lo > 0) out.fill(0, o, o + lo * inChannels);
          if (hi < filterWidth) out.fill(0, o + hi * inChannels, o + segment);
          const src = (n * inHeight + y) * xRow + (xStart + lo) * inChannels;
          const length = (hi - lo) * inChannels;
          const dst = o + lo * inChannels;
          if (length >= MIN_BLOCK_COPY) {
            out.set(x.subarray(src, src + length), dst);
          } else {
            for (let i = 0; i < length; i++) out[dst + i] = x[src + i]!;
          }
        }
      }
    }
  }
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const x = inputs['x']!;
  const dy = inputs['dy']!;
  // Cast: tfjs hands every kernel its attrs as a NamedAttrMap; these are this kernel's (tfjs's own kernels cast alike).
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as BackpropFilterAttrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`aekit wasm Conv2DBackpropFilter: dataFormat '${dataFormat}' is not supported; expected 'NHWC'`);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const taps = info.filterHeight * info.filterWidth * info.inChannels;
  const positions = info.batchSize * info.outHeight * info.outWidth;

  const patches = wasm.makeOutput([positions, taps], 'float32');
  // Views are taken after the allocation above, which may have grown (and detached) the heap.
  writePatches(heapF32(wasm, x), info, heapF32(wasm, patches));
  const dy2d = reshapeInfo(wasm, dy, [positions, info.outChannels]);
  const temps: TensorInfo[] = [patches, dy2d];
  try {
    const dW = runWasmKernel('BatchMatMul', wasm, { a: patches, b: dy2d }, { transposeA: true, transposeB: false });
    return { dataId: dW.dataId, shape: [...filterShape], dtype: dW.dtype };
  } finally {
    disposeAll(wasm, ...temps);
  }
};

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
