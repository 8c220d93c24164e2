/**
 * What the native engine's kernels are: the `NativeAddon` interface (every function takes
 * Float32Arrays and sizes) and the activation codes shared with native/gemm.h and
 * native/fused_layers.h. Environment-neutral: served by the C++ addon (./addon.ts) in Node and
 * by the WebAssembly build (../wasm/simd/addon.ts) anywhere.
 */
export type Floats = Float32Array;
/** Optional per-column vector (bias, prelu slopes) or null. */
export type MaybeFloats = Float32Array | null;

export interface NativeAddon {
  matmul(a: Floats, b: Floats, c: Floats, batch: number, m: number, n: number, k: number,
    transposeA: boolean, transposeB: boolean, batchStrideA: number, batchStrideB: number,
    bias: MaybeFloats, activation: number, leakyAlpha: number, prelu: MaybeFloats): void;
  /** shape: [batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft] */
  conv2d(x: Floats, w: Floats, y: Floats, shape: number[], bias: MaybeFloats, activation: number,
    leakyAlpha: number, prelu: MaybeFloats): void;
  conv2dBackpropInput(dy: Floats, w: Floats, dx: Floats, shape: number[]): void;
  conv2dBackpropFilter(x: Floats, dy: Floats, dw: Floats, shape: number[]): void;
  /** shape: [batch, inH, inW, channels, outH, outW, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft] */
  maxPool(x: Floats, y: Floats, shape: number[]): void;
  maxPoolGrad(x: Floats, dy: Floats, dx: Floats, shape: number[]): void;
  /** shape: [batch, inH, inW, channels, outH, outW, alignCorners, halfPixelCenters] (0/1 flags) */
  resizeNearest(x: Floats, y: Floats, shape: number[]): void;
  resizeNearestGrad(dy: Floats, dx: Floats, shape: number[]): void;
  unary(op: number, x: Floats, y: Floats, param: number): void;
  binary(op: number, a: Floats, aShape: number[], b: Floats, bShape: number[], y: Floats, yShape: number[]): void;
  reduce(op: number, x: Floats, y: Floats, outer: number, reduceSize: number, inner: number): void;
  slice(x: Floats, xShape: number[], begin: number[], size: number[], y: Floats): void;
  pad(x: Floats, xShape: number[], before: number[], after: number[], value: number, y: Floats): void;
  /** y (Uint8Array of 0/1) = a op b with broadcasting; op: Greater, GreaterEqual, Less, LessEqual, Equal, NotEqual */
  compare(op: number, a: Floats, aShape: number[], b: Floats, bShape: number[], y: Uint8Array, yShape: number[]): void;
  select(condition: Uint8Array, t: Floats, e: Floats, y: Floats): void;
  /** y = x * scale[c] + shift[c] over the last dim of size `columns` */
  affineColumns(x: Floats, scale: Floats, shift: Floats, y: Floats, columns: number): void;
  tile(x: Floats, xShape: number[], reps: number[], y: Floats): void;
  /** Element-wise binary cross-entropy of probabilities p (clipped to [eps, 1 - eps]) against targets t. */
  bce(t: Floats, p: Floats, y: Floats, epsilon: number): void;
  /** dp = dy * d bce / dp, zero where p lies outside [eps, 1 - eps]. */
  bceGrad(dy: Floats, t: Floats, p: Floats, dp: Floats, epsilon: number): void;
  /** dx = x > 0 ? dy : alpha * dy */
  leakyReluGrad(dy: Floats, x: Floats, dx: Floats, alpha: number): void;
  /** da = dy * (2 * (a - b)) */
  squaredDifferenceGrad(dy: Floats, a: Floats, b: Floats, da: Floats): void;
  /** sum((a - b)^2) in double precision, the same on any thread count. */
  squaredDifferenceSum(a: Floats, b: Floats): number;
  /** y = scale * (a - b). */
  scaledDifference(a: Floats, b: Floats, y: Floats, scale: number): void;
  /**
   * Batch normalisation in training mode over x viewed as [rows, channels]: writes y, and the
   * per-channel batch mean and biased variance.
   */
  batchNormTraining(x: Floats, gamma: Floats, beta: Floats, y: Floats, mean: Floats, variance: Floats,
    channels: number, epsilon: number): void;
  /**
   * Its gradient (the statistics depending on x), given the gradients of all three outputs:
   * writes dx, dgamma and dbeta.
   */
  batchNormTrainingGrad(dy: Floats, x: Floats, mean: Floats, variance: Floats, gamma: Floats,
    dmean: Floats, dvariance: Floats, dx: Floats, dgamma: Floats, dbeta: Floats, channels: number, epsilon: number): void;
  /** One Adam step in place: w, m, v are updated, g is only read (all the same length, distinct). */
  adamUpdate(w: Floats, m: Floats, v: Floats, g: Floats, stepSize: number, beta1: number, beta2: number, epsilon: number): void;
  /** y = act(x w + bias): x [rows, inputs], w [inputs, units], bias [units]; activation: LAYER_ACTIVATION_CODES. */
  denseBiasActivation(x: Floats, w: Floats, bias: MaybeFloats, y: Floats, rows: number, inputs: number, units: number,
    activation: number, alpha: number): void;
  /** y = act(conv2d(x, w) + bias); shape as conv2d's. */
  conv2dBiasActivation(x: Floats, w: Floats, bias: MaybeFloats, y: Floats, shape: number[], activation: number, alpha: number): void;
  /**
   * Over dy and y viewed as [rows, columns]: dz = dy * act'(y) (skipped when dz is null) and
   * db = the column sums of dz (skipped when db is null). y may be null for linear.
   */
  biasActivationGrad(dy: Floats, y: MaybeFloats, dz: MaybeFloats, db: MaybeFloats, columns: number,
    activation: number, alpha: number): void;
  setThreads(n: number): void;
  /** Forces an instruction set ('avx512' | 'avx2' | 'generic'); false if the CPU lacks it. */
  setIsa(isa: string): boolean;
  /** glibc's malloc thresholds (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD); false where unsupported. */
  setHeapPolicy(mmapThresholdBytes: number, trimThresholdBytes: number): boolean;
  info(): { isa: string; bestIsa: string; threads: number };
}

/** Activation codes shared with native/gemm.h. */
export const ACTIVATION_CODES: Record<string, number> = {
  linear: 0, relu: 1, relu6: 2, leakyrelu: 3, prelu: 4, sigmoid: 5, elu: 6,
};

/** Activation codes of native/fused_layers.h LayerActivation. */
export const LAYER_ACTIVATION_CODES = {
  linear: 0, relu: 1, leakyRelu: 2, sigmoid: 3, tanh: 4, elu: 5,
} as const;
