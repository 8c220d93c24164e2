// AVX2+FMA build of the SGEMM body (this file alone is compiled with -mavx2 -mfma).
#define AEKIT_ISA_NS isa_avx2
#define AEKIT_VEC_BYTES 32
#define AEKIT_MR 6
#define AEKIT_NV 2
#define AEKIT_MR_NARROW 12
#ifndef AEKIT_KC
#define AEKIT_KC 784
#endif
#include "gemm_kernels.inc"
