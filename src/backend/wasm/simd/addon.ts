/**
 * The native engine's `NativeAddon` interface served by the WebAssembly kernels, so that the
 * native backend's kernel glue (../../native/kernels/*.ts) runs on them unchanged. An array that
 * lives in the kernels' memory (./heap.ts: the wasm-simd backend's tensors, in the threaded
 * build) is passed by address; any other is copied into one scratch block of that memory before
 * the call, and an output copied back after it (O(n) against the O(n k) of the hot products).
 */
import type { MaybeFloats, NativeAddon } from '../../native/addon.js';
import type { StartedKernels } from './engine.js';
import { WasmHeap } from './heap.js';
import type { KernelExports } from './instance.js';

/** One argument of a call: how it travels into the module's memory and back. */
type Arg =
  | { in: Float32Array }
  | { out: Float32Array }
  | { inout: Float32Array }
  | { bytesIn: Uint8Array }
  | { bytesOut: Uint8Array }
  | { ints: readonly number[] }
  | null;

const ALIGN = 16;

function byteLength(arg: Exclude<Arg, null>): number {
  return 'ints' in arg ? arg.ints.length * 4 : arrayOf(arg).byteLength;
}

function arrayOf(arg: Exclude<Arg, { ints: readonly number[] } | null>): Float32Array | Uint8Array {
  return 'in' in arg ? arg.in : 'out' in arg ? arg.out : 'inout' in arg ? arg.inout : 'bytesIn' in arg ? arg.bytesIn : arg.bytesOut;
}

function need(kernel: string, name: string, array: { length: number } | null, n: number): void {
  if (array && array.length < n) {
    throw new TypeError(`aekit wasm: ${kernel}: ${name} has ${array.length} elements, needs ${n}`);
  }
}

const optional = (values: MaybeFloats): Arg => (values ? { in: values } : null);

export class WasmAddon implements NativeAddon {
  private readonly e: KernelExports;
  /** Arrays in the kernels' own memory, passed without copies (threaded build only). */
  readonly heap: WasmHeap;
  /** Bytes of arrays copied in and out so far (shapes not counted; tests and profiles read it). */
  copiedBytes = 0;
  private scratch = 0;
  private scratchBytes = 0;

  constructor(private readonly kernels: StartedKernels) {
    this.e = kernels.exports;
    this.heap = new WasmHeap(kernels);
  }

  /**
   * An uninitialised array of n floats that calls take without copying: in the kernels' memory
   * when it is shared, else a plain one (for benchmarks and tests of both paths).
   */
  heapFloats(n: number): Float32Array {
    return this.heap.zeroCopy ? this.heap.alloc(n) : new Float32Array(n);
  }

  /**
   * Runs `body` on the arguments' addresses (0 for null): arrays already in the kernels' memory
   * by their own address, the others copied into the scratch block and, if outputs, back.
   */
  private call<T>(args: Arg[], body: (p: number[]) => T): T {
    const pointers: number[] = new Array<number>(args.length);
    let total = 0;
    args.forEach((arg, i) => {
      const inPlace = arg && !('ints' in arg) ? this.heap.pointer(arrayOf(arg)) : undefined;
      if (inPlace !== undefined) pointers[i] = inPlace;
      else if (arg) total += Math.ceil(byteLength(arg) / ALIGN) * ALIGN;
      else pointers[i] = 0;
    });
    if (total > 0) this.copyIn(args, pointers, total);
    const result = body(pointers);
    if (total > 0) this.copyOut(args, pointers);
    return result;
  }

  /** Places the arguments without an address yet in the scratch block, copying in the inputs. */
  private copyIn(args: Arg[], pointers: number[], total: number): void {
    this.reserve(total);
    const buffer = this.kernels.memory.buffer;
    let offset = this.scratch;
    args.forEach((arg, i) => {
      if (!arg || pointers[i] !== undefined) return;
      pointers[i] = offset;
      if ('in' in arg || 'inout' in arg) new Float32Array(buffer, offset, ('in' in arg ? arg.in : arg.inout).length).set('in' in arg ? arg.in : arg.inout);
      else if ('bytesIn' in arg) new Uint8Array(buffer, offset, arg.bytesIn.length).set(arg.bytesIn);
      else if ('ints' in arg) new Int32Array(buffer, offset, arg.ints.length).set(arg.ints);
      if ('in' in arg || 'inout' in arg || 'bytesIn' in arg) this.copiedBytes += byteLength(arg);
      offset += Math.ceil(byteLength(arg) / ALIGN) * ALIGN;
    });
  }

  /** Copies the outputs that went through the scratch block back to their arrays. */
  private copyOut(args: Arg[], pointers: number[]): void {
    const buffer = this.kernels.memory.buffer;  // the kernels may have grown the memory
    args.forEach((arg, i) => {
      if (!arg || 'ints' in arg || 'in' in arg || 'bytesIn' in arg) return;
      const target = arrayOf(arg);
      if (this.heap.pointer(target) !== undefined) return;
      if (target instanceof Float32Array) target.set(new Float32Array(buffer, pointers[i]!, target.length));
      else target.set(new Uint8Array(buffer, pointers[i]!, target.length));
      this.copiedBytes += target.byteLength;
    });
  }

  private reserve(bytes: number): void {
    if (bytes <= this.scratchBytes) return;
    if (this.scratch) this.e.aekit_free(this.scratch);
    const size = Math.max(bytes, Math.ceil(this.scratchBytes * 1.5), 1 << 20);
    this.scratch = this.e.aekit_malloc(size);
    this.scratchBytes = this.scratch ? size : 0;
    if (!this.scratch) throw new Error(`aekit wasm: out of memory for ${bytes} bytes of kernel arguments`);
  }

  matmul(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, n: number, k: number,
    transposeA: boolean, transposeB: boolean, batchStrideA: number, batchStrideB: number,
    bias: MaybeFloats, activation: number, leakyAlpha: number, prelu: MaybeFloats): void {
    need('matmul', 'a', a, (batch - 1) * batchStrideA + m * k);
    need('matmul', 'b', b, (batch - 1) * batchStrideB + k * n);
    need('matmul', 'c', c, batch * m * n);
    need('matmul', 'bias', bias, n);
    need('matmul', 'prelu', prelu, n);
    if (activation === 4 && !prelu) throw new TypeError('aekit wasm: prelu activation needs slopes');
    this.call([{ in: a }, { in: b }, { out: c }, optional(bias), optional(prelu)], ([pa, pb, pc, pbias, pprelu]) =>
      this.e.aekit_matmul(pa!, pb!, pc!, batch, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, batchStrideA, batchStrideB,
        pbias!, activation, leakyAlpha, pprelu!));
  }

  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, shape: number[], bias: MaybeFloats, activation: number,
    leakyAlpha: number, prelu: MaybeFloats): void {
    const s = convSizes('conv2d', shape);
    need('conv2d', 'x', x, s.x);
    need('conv2d', 'w', w, s.w);
    need('conv2d', 'y', y, s.y);
    need('conv2d', 'bias', bias, s.outC);
    need('conv2d', 'prelu', prelu, s.outC);
    this.call([{ in: x }, { in: w }, { out: y }, { ints: shape }, optional(bias), optional(prelu)], ([px, pw, py, ps, pb, pp]) =>
      this.e.aekit_conv2d(px!, pw!, py!, ps!, pb!, activation, leakyAlpha, pp!));
  }

  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, shape: number[]): void {
    const s = convSizes('conv2dBackpropInput', shape);
    need('conv2dBackpropInput', 'dy', dy, s.y);
    need('conv2dBackpropInput', 'w', w, s.w);
    need('conv2dBackpropInput', 'dx', dx, s.x);
    this.call([{ in: dy }, { in: w }, { out: dx }, { ints: shape }], ([pdy, pw, pdx, ps]) =>
      this.e.aekit_conv2d_backprop_input(pdy!, pw!, pdx!, ps!));
  }

  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, shape: number[]): void {
    const s = convSizes('conv2dBackpropFilter', shape);
    need('conv2dBackpropFilter', 'x', x, s.x);
    need('conv2dBackpropFilter', 'dy', dy, s.y);
    need('conv2dBackpropFilter', 'dw', dw, s.w);
    this.call([{ in: x }, { in: dy }, { out: dw }, { ints: shape }], ([px, pdy, pdw, ps]) =>
      this.e.aekit_conv2d_backprop_filter(px!, pdy!, pdw!, ps!));
  }

  maxPool(x: Float32Array, y: Float32Array, shape: number[]): void {
    const s = poolSizes('maxPool', shape, 14);
    need('maxPool', 'x', x, s.x);
    need('maxPool', 'y', y, s.y);
    this.call([{ in: x }, { out: y }, { ints: shape }], ([px, py, ps]) => this.e.aekit_max_pool(px!, py!, ps!));
  }

  maxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, shape: number[]): void {
    const s = poolSizes('maxPoolGrad', shape, 14);
    need('maxPoolGrad', 'x', x, s.x);
    need('maxPoolGrad', 'dy', dy, s.y);
    need('maxPoolGrad', 'dx', dx, s.x);
    this.call([{ in: x }, { in: dy }, { out: dx }, { ints: shape }], ([px, pdy, pdx, ps]) =>
      this.e.aekit_max_pool_grad(px!, pdy!, pdx!, ps!));
  }

  resizeNearest(x: Float32Array, y: Float32Array, shape: number[]): void {
    const s = poolSizes('resizeNearest', shape, 8);
    need('resizeNearest', 'x', x, s.x);
    need('resizeNearest', 'y', y, s.y);
    this.call([{ in: x }, { out: y }, { ints: shape }], ([px, py, ps]) => this.e.aekit_resize_nearest(px!, py!, ps!));
  }

  resizeNearestGrad(dy: Float32Array, dx: Float32Array, shape: number[]): void {
    const s = poolSizes('resizeNearestGrad', shape, 8);
    need('resizeNearestGrad', 'dy', dy, s.y);
    need('resizeNearestGrad', 'dx', dx, s.x);
    this.call([{ in: dy }, { out: dx }, { ints: shape }], ([pdy, pdx, ps]) => this.e.aekit_resize_nearest_grad(pdy!, pdx!, ps!));
  }

  unary(op: number, x: Float32Array, y: Float32Array, param: number): void {
    need('unary', 'x', x, y.length);
    this.call([{ in: x.subarray(0, y.length) }, { out: y }], ([px, py]) => this.e.aekit_unary(op, px!, py!, y.length, param));
  }

  binary(op: number, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], y: Float32Array, yShape: number[]): void {
    const s = broadcastSizes('binary', aShape, bShape, yShape);
    need('binary', 'a', a, s.a);
    need('binary', 'b', b, s.b);
    need('binary', 'y', y, s.y);
    this.call([{ in: a }, { ints: aShape }, { in: b }, { ints: bShape }, { out: y }, { ints: yShape }], ([pa, pas, pb, pbs, py, pys]) =>
      this.e.aekit_binary(op, pa!, pas!, pb!, pbs!, py!, pys!, yShape.length));
  }

  reduce(op: number, x: Float32Array, y: Float32Array, outer: number, reduceSize: number, inner: number): void {
    need('reduce', 'x', x, outer * reduceSize * inner);
    need('reduce', 'y', y, outer * inner);
    this.call([{ in: x }, { out: y }], ([px, py]) => this.e.aekit_reduce(op, px!, py!, outer, reduceSize, inner));
  }

  slice(x: Float32Array, xShape: number[], begin: number[], size: number[], y: Float32Array): void {
    xShape.forEach((d, i) => {
      if (begin[i]! < 0 || size[i]! < 0 || begin[i]! + size[i]! > d) throw new TypeError('aekit wasm: slice out of bounds');
    });
    need('slice', 'x', x, product(xShape));
    need('slice', 'y', y, product(size));
    this.call([{ in: x }, { ints: xShape }, { ints: begin }, { ints: size }, { out: y }], ([px, pxs, pb, ps, py]) =>
      this.e.aekit_slice(px!, pxs!, pb!, ps!, py!, xShape.length));
  }

  pad(x: Float32Array, xShape: number[], before: number[], after: number[], value: number, y: Float32Array): void {
    if ([...before, ...after].some((p) => p < 0)) throw new TypeError('aekit wasm: negative padding');
    need('pad', 'x', x, product(xShape));
    need('pad', 'y', y, product(xShape.map((d, i) => before[i]! + d + after[i]!)));
    this.call([{ in: x }, { ints: xShape }, { ints: before }, { ints: after }, { out: y }], ([px, pxs, pb, pa, py]) =>
      this.e.aekit_pad(px!, pxs!, pb!, pa!, value, py!, xShape.length));
  }

  compare(op: number, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], y: Uint8Array, yShape: number[]): void {
    const s = broadcastSizes('compare', aShape, bShape, yShape);
    need('compare', 'a', a, s.a);
    need('compare', 'b', b, s.b);
    need('compare', 'y', y, s.y);
    this.call([{ in: a }, { ints: aShape }, { in: b }, { ints: bShape }, { bytesOut: y }, { ints: yShape }], ([pa, pas, pb, pbs, py, pys]) =>
      this.e.aekit_compare(op, pa!, pas!, pb!, pbs!, py!, pys!, yShape.length));
  }

  select(condition: Uint8Array, t: Float32Array, e: Float32Array, y: Float32Array): void {
    const n = y.length;
    need('select', 'condition', condition, n);
    need('select', 't', t, n);
    need('select', 'e', e, n);
    this.call([{ bytesIn: condition }, { in: t }, { in: e }, { out: y }], ([pc, pt, pe, py]) => this.e.aekit_select(pc!, pt!, pe!, py!, n));
  }

  affineColumns(x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array, columns: number): void {
    const n = y.length;
    checkColumns('affineColumns', n, columns);
    need('affineColumns', 'x', x, n);
    need('affineColumns', 'scale', scale, columns);
    need('affineColumns', 'shift', shift, columns);
    this.call([{ in: x }, { in: scale }, { in: shift }, { out: y }], ([px, psc, psh, py]) =>
      this.e.aekit_affine_columns(px!, psc!, psh!, py!, n / columns, columns));
  }

  tile(x: Float32Array, xShape: number[], reps: number[], y: Float32Array): void {
    if (xShape.length === 0) throw new TypeError('aekit wasm: tile needs rank >= 1');
    need('tile', 'x', x, product(xShape));
    need('tile', 'y', y, product(xShape.map((d, i) => d * reps[i]!)));
    this.call([{ in: x }, { ints: xShape }, { ints: reps }, { out: y }], ([px, pxs, pr, py]) =>
      this.e.aekit_tile(px!, pxs!, pr!, py!, xShape.length));
  }

  bce(t: Float32Array, p: Float32Array, y: Float32Array, epsilon: number): void {
    const n = y.length;
    need('bce', 't', t, n);
    need('bce', 'p', p, n);
    this.call([{ in: t }, { in: p }, { out: y }], ([pt, pp, py]) => this.e.aekit_bce(pt!, pp!, py!, n, epsilon));
  }

  bceGrad(dy: Float32Array, t: Float32Array, p: Float32Array, dp: Float32Array, epsilon: number): void {
    const n = dp.length;
    for (const [name, array] of [['dy', dy], ['t', t], ['p', p]] as const) need('bceGrad', name, array, n);
    this.call([{ in: dy }, { in: t }, { in: p }, { out: dp }], ([pdy, pt, pp, pdp]) => this.e.aekit_bce_grad(pdy!, pt!, pp!, pdp!, n, epsilon));
  }

  leakyReluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, alpha: number): void {
    const n = dx.length;
    need('leakyReluGrad', 'dy', dy, n);
    need('leakyReluGrad', 'x', x, n);
    this.call([{ in: dy }, { in: x }, { out: dx }], ([pdy, px, pdx]) => this.e.aekit_leaky_relu_grad(pdy!, px!, pdx!, n, alpha));
  }

  squaredDifferenceGrad(dy: Float32Array, a: Float32Array, b: Float32Array, da: Float32Array): void {
    const n = da.length;
    for (const [name, array] of [['dy', dy], ['a', a], ['b', b]] as const) need('squaredDifferenceGrad', name, array, n);
    this.call([{ in: dy }, { in: a }, { in: b }, { out: da }], ([pdy, pa, pb, pda]) =>
      this.e.aekit_squared_difference_grad(pdy!, pa!, pb!, pda!, n));
  }

  squaredDifferenceSum(a: Float32Array, b: Float32Array): number {
    need('squaredDifferenceSum', 'b', b, a.length);
    return this.call([{ in: a }, { in: b }], ([pa, pb]) => this.e.aekit_squared_difference_sum(pa!, pb!, a.length));
  }

  scaledDifference(a: Float32Array, b: Float32Array, y: Float32Array, scale: number): void {
    const n = y.length;
    need('scaledDifference', 'a', a, n);
    need('scaledDifference', 'b', b, n);
    this.call([{ in: a }, { in: b }, { out: y }], ([pa, pb, py]) => this.e.aekit_scaled_difference(pa!, pb!, py!, n, scale));
  }

  batchNormTraining(x: Float32Array, gamma: Float32Array, beta: Float32Array, y: Float32Array, mean: Float32Array,
    variance: Float32Array, channels: number, epsilon: number): void {
    checkColumns('batch norm', x.length, channels, 'channels');
    need('batchNormTraining', 'y', y, x.length);
    for (const [name, array] of [['gamma', gamma], ['beta', beta], ['mean', mean], ['variance', variance]] as const) {
      need('batchNormTraining', name, array, channels);
    }
    this.call([{ in: x }, { in: gamma }, { in: beta }, { out: y }, { out: mean }, { out: variance }], ([px, pg, pb, py, pm, pv]) =>
      this.e.aekit_batch_norm_training(px!, pg!, pb!, py!, pm!, pv!, x.length / channels, channels, epsilon));
  }

  batchNormTrainingGrad(dy: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array, gamma: Float32Array,
    dmean: Float32Array, dvariance: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array,
    channels: number, epsilon: number): void {
    const n = x.length;
    checkColumns('batch norm', n, channels, 'channels');
    need('batchNormTrainingGrad', 'dy', dy, n);
    need('batchNormTrainingGrad', 'dx', dx, n);
    for (const [name, array] of [['mean', mean], ['variance', variance], ['gamma', gamma], ['dmean', dmean],
      ['dvariance', dvariance], ['dgamma', dgamma], ['dbeta', dbeta]] as const) need('batchNormTrainingGrad', name, array, channels);
    this.call([{ in: dy }, { in: x }, { in: mean }, { in: variance }, { in: gamma }, { in: dmean }, { in: dvariance },
      { out: dx }, { out: dgamma }, { out: dbeta }], (p) =>
      this.e.aekit_batch_norm_training_grad(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!, p[8]!, p[9]!, n / channels, channels, epsilon));
  }

  adamUpdate(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, stepSize: number, beta1: number,
    beta2: number, epsilon: number): void {
    const n = w.length;
    if (m.length !== n || v.length !== n || g.length !== n) throw new TypeError('aekit wasm: adamUpdate: w, m, v and g must have the same length');
    if (new Set([w, m, v, g]).size !== 4) throw new TypeError('aekit wasm: adamUpdate: w, m, v and g must be distinct arrays');
    this.call([{ inout: w }, { inout: m }, { inout: v }, { in: g }], ([pw, pm, pv, pg]) =>
      this.e.aekit_adam_update(pw!, pm!, pv!, pg!, n, stepSize, beta1, beta2, epsilon));
  }

  denseBiasActivation(x: Float32Array, w: Float32Array, bias: MaybeFloats, y: Float32Array, rows: number, inputs: number,
    units: number, activation: number, alpha: number): void {
    need('denseBiasActivation', 'x', x, rows * inputs);
    need('denseBiasActivation', 'w', w, inputs * units);
    need('denseBiasActivation', 'bias', bias, units);
    need('denseBiasActivation', 'y', y, rows * units);
    this.call([{ in: x }, { in: w }, optional(bias), { out: y }], ([px, pw, pb, py]) =>
      this.e.aekit_dense_bias_activation(px!, pw!, pb!, py!, rows, inputs, units, activation, alpha));
  }

  conv2dBiasActivation(x: Float32Array, w: Float32Array, bias: MaybeFloats, y: Float32Array, shape: number[],
    activation: number, alpha: number): void {
    const s = convSizes('conv2dBiasActivation', shape);
    need('conv2dBiasActivation', 'x', x, s.x);
    need('conv2dBiasActivation', 'w', w, s.w);
    need('conv2dBiasActivation', 'bias', bias, s.outC);
    need('conv2dBiasActivation', 'y', y, s.y);
    this.call([{ in: x }, { in: w }, optional(bias), { out: y }, { ints: shape }], ([px, pw, pb, py, ps]) =>
      this.e.aekit_conv2d_bias_activation(px!, pw!, pb!, py!, ps!, activation, alpha));
  }

  biasActivationGrad(dy: Float32Array, y: MaybeFloats, dz: MaybeFloats, db: MaybeFloats, columns: number,
    activation: number, alpha: number): void {
    const n = dy.length;
    checkColumns('biasActivationGrad', n, columns);
    if (activation !== 0 && !y) throw new TypeError('aekit wasm: biasActivationGrad: this activation needs y');
    need('biasActivationGrad', 'y', y, n);
    need('biasActivationGrad', 'dz', dz, n);
    need('biasActivationGrad', 'db', db, columns);
    this.call([{ in: dy }, optional(y), dz ? { out: dz } : null, db ? { out: db } : null], ([pdy, py, pdz, pdb]) =>
      this.e.aekit_bias_activation_grad(pdy!, py!, pdz!, pdb!, n / columns, columns, activation, alpha));
  }

  setThreads(n: number): void {
    this.e.aekit_set_threads(n);
  }

  /** One instruction set per build: SIMD128 (the relaxed-SIMD build is chosen at start, see engine.ts). */
  setIsa(isa: string): boolean {
    return isa === 'simd128';
  }

  setHeapPolicy(): boolean {
    return false;
  }

  info(): { isa: string; bestIsa: string; threads: number } {
    return { isa: 'simd128', bestIsa: 'simd128', threads: this.e.aekit_threads() };
  }
}

function product(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function checkColumns(kernel: string, n: number, columns: number, what = 'columns'): void {
  if (!(columns > 0) || n % columns !== 0) {
    throw new TypeError(`aekit wasm: ${kernel}: length ${n} is not a multiple of ${what} ${columns}`);
  }
}

/** Element counts of a conv shape [batch, inH, inW, inC, outH, outW, outC, kH, kW, ...]. */
function convSizes(kernel: string, shape: number[]): { x: number; w: number; y: number; outC: number } {
  if (shape.length !== 15) throw new TypeError(`aekit wasm: ${kernel}: shape must be an array of 15 numbers`);
  const [batch, inH, inW, inC, outH, outW, outC, kH, kW] = shape as [number, number, number, number, number, number, number, number, number];
  return { x: batch * inH * inW * inC, w: kH * kW * inC * outC, y: batch * outH * outW * outC, outC };
}

/** Element counts of a pool/resize shape [batch, inH, inW, channels, outH, outW, ...]. */
function poolSizes(kernel: string, shape: number[], length: number): { x: number; y: number } {
  if (shape.length !== length) throw new TypeError(`aekit wasm: ${kernel}: shape must be an array of ${length} numbers`);
  const [batch, inH, inW, channels, outH, outW] = shape as [number, number, number, number, number, number];
  return { x: batch * inH * inW * channels, y: batch * outH * outW * channels };
}

function broadcastSizes(kernel: string, aShape: number[], bShape: number[], yShape: number[]): { a: number; b: number; y: number } {
  const rank = yShape.length;
  if (aShape.length !== rank || bShape.length !== rank) throw new TypeError(`aekit wasm: ${kernel}: shapes must have equal ranks`);
  yShape.forEach((d, i) => {
    if ((aShape[i] !== d && aShape[i] !== 1) || (bShape[i] !== d && bShape[i] !== 1)) {
      throw new TypeError(`aekit wasm: ${kernel}: shapes do not broadcast`);
    }
  });
  return { a: product(aShape), b: product(bShape), y: product(yShape) };
}
