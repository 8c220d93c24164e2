// avx2 build of the element-wise loops (compiler flags for it are set in binding.gyp).
#define AEKIT_ISA_NS isa_avx2
#define AEKIT_VEC_BYTES 32
#include "elementwise_kernels.inc"
