// avx512 build of the element-wise loops (compiler flags for it are set in binding.gyp).
#define AEKIT_ISA_NS isa_avx512
#define AEKIT_VEC_BYTES 64
#include "elementwise_kernels.inc"
