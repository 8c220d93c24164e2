// AVX-512 build of the pooling kernels (this file alone is compiled with -mavx512f).
#define AEKIT_ISA_NS isa_avx512
#define AEKIT_VEC_BYTES 64
#include "pool_kernels.inc"
