// The SGEMM body for WebAssembly SIMD128 (4 lanes), instead of gemm_generic.cc's x86 SSE tiles.
// SIMD128 has no fused multiply-add, V8 keeps an xmm register as scratch, and gemm_generic's
// 6 x 2-vector tile (12 accumulators) spilled: a 2 x 4-vector tile (8 accumulators, 4 B vectors)
// was the fastest of 6x2, 4x2, 4x3, 3x3, 8x1, 3x2, 2x3, 3x4, 2x5 and 2x4, single-threaded,
// interleaved in one process (min of 40): 128x784x512 3.9 -> 2.1 ms, 128x1000x500 5.1 -> 2.5,
// 1000x128x784 (A transposed) 15.0 -> 3.5, 128x784x32 0.27 -> 0.11. The -D overrides are for
// trying other shapes.
#define AEKIT_ISA_NS isa_generic
#define AEKIT_VEC_BYTES 16
#ifndef AEKIT_MR
#define AEKIT_MR 2
#endif
#ifndef AEKIT_NV
#define AEKIT_NV 4
#endif
#ifndef AEKIT_MR_NARROW
#define AEKIT_MR_NARROW 8
#endif
#ifndef AEKIT_KC
#define AEKIT_KC 784
#endif
#include "../gemm_kernels.inc"
