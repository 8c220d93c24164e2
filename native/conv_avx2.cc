// AVX2+FMA build of the direct convolution kernels (this file alone is compiled with -mavx2 -mfma).
#define AEKIT_ISA_NS isa_avx2
#define AEKIT_VEC_BYTES 32
#define AEKIT_CONV_MR 6
#define AEKIT_CONV_MR_NARROW 12
#define AEKIT_CONV_ACC 12
#include "conv_kernels.inc"
