// AVX-512 build of the direct convolution kernels (this file alone is compiled with -mavx512f).
#define AEKIT_ISA_NS isa_avx512
#define AEKIT_VEC_BYTES 64
#define AEKIT_CONV_MR 12
#define AEKIT_CONV_MR_NARROW 16
#define AEKIT_CONV_ACC 24
#include "conv_kernels.inc"
