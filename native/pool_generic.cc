// Portable build of the pooling kernels (baseline instruction set, 128-bit vectors).
#define AEKIT_ISA_NS isa_generic
#define AEKIT_VEC_BYTES 16
#include "pool_kernels.inc"
