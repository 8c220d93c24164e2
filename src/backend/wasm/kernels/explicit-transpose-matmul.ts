/**
 * The wasm backend only sends a matMul to XNNPACK when neither operand is transposed and there is
 * a single batch; every other case runs a scalar triple loop about 10x slower. Training needs
 * transposed products on every step (dA = dY·Bᵀ, dB = Aᵀ·dY), so we transpose the operand
 * explicitly with wasm's Transpose kernel (O(n²)) and hand the product (O(n³)) to the fast path.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeAll, runWasmKernel } from './wasm-kernel-calls.js';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Swaps the last two axes. */
function transposeLastTwo(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const perm = x.shape.map((_, axis) => axis);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return runWasmKernel('Transpose', backend, { x }, { perm });
}

function singleBatch(x: TensorInfo): boolean {
  return util.sizeFromShape(x.shape.slice(0, -2)) === 1;
}

/** Wraps a wasm matMul-like kernel (inputs a, b; attrs transposeA/B) so transposes take the fast path. */
export function routeTransposesToFastPath(original: KernelConfig): KernelConfig {
  const fast: KernelFunc = ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    // Cast: tfjs hands every kernel its attrs as a NamedAttrMap; these are this kernel's (tfjs's own kernels cast alike).
    const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
    const a = inputs['a']!;
    const b = inputs['b']!;
    if ((!transposeA && !transposeB) || !singleBatch(a) || !singleBatch(b)) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    const temps: TensorInfo[] = [];
    const aFast = transposeA ? transposeLastTwo(wasm, a) : a;
    const bFast = transposeB ? transposeLastTwo(wasm, b) : b;
    if (aFast !== a) temps.push(aFast);
    if (bFast !== b) temps.push(bFast);
    try {
      return original.kernelFunc({
        inputs: { ...inputs, a: aFast, b: bFast },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      disposeAll(wasm, ...temps);
    }
  };
  return { ...original, kernelFunc: fast };
}
