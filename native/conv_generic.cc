// Portable build of the direct convolution kernels (baseline instruction set, 128-bit vectors).
#define AEKIT_ISA_NS isa_generic
#define AEKIT_VEC_BYTES 16
#define AEKIT_CONV_MR 6
#define AEKIT_CONV_MR_NARROW 8
#define AEKIT_CONV_ACC 12
#include "conv_kernels.inc"
