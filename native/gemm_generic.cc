// Portable build of the SGEMM body (baseline instruction set, 128-bit vectors).
#define AEKIT_ISA_NS isa_generic
#define AEKIT_VEC_BYTES 16
#define AEKIT_MR 6
#define AEKIT_NV 2
#define AEKIT_MR_NARROW 8
#ifndef AEKIT_KC
#define AEKIT_KC 784
#endif
#include "gemm_kernels.inc"
