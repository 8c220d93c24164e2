// The direct convolution kernels for WebAssembly SIMD128 (4 lanes), instead of
// conv_generic.cc's SSE tiles: 16-channel layers (conv1, conv2) take four-vector tiles rather
// than im2col + GEMM, and register blocks fit the 15 vector registers V8 allocates on x64. The
// -D overrides are for trying other shapes.
#define AEKIT_ISA_NS isa_generic
#define AEKIT_VEC_BYTES 16
#ifndef AEKIT_CONV_MAX_NV
#define AEKIT_CONV_MAX_NV 4
#endif
#ifndef AEKIT_CONV_MR
#define AEKIT_CONV_MR 5
#endif
#ifndef AEKIT_CONV_MR_NARROW
#define AEKIT_CONV_MR_NARROW 8
#endif
#ifndef AEKIT_CONV_MR_WIDE
#define AEKIT_CONV_MR_WIDE 2
#endif
#ifndef AEKIT_CONV_ACC
#define AEKIT_CONV_ACC 10
#endif
#include "../conv_kernels.inc"
