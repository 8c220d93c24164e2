// AVX-512 build of the SGEMM body (this file alone is compiled with -mavx512f).
#define AEKIT_ISA_NS isa_avx512
#define AEKIT_VEC_BYTES 64
#define AEKIT_MR 12
#define AEKIT_NV 2
#define AEKIT_MR_NARROW 16
#ifndef AEKIT_KC
#define AEKIT_KC 784
#endif
#include "gemm_kernels.inc"
