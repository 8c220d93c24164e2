// AVX2 build of the pooling kernels (this file alone is compiled with -mavx2).
#define AEKIT_ISA_NS isa_avx2
#define AEKIT_VEC_BYTES 32
#include "pool_kernels.inc"
