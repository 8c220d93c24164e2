// generic build of the element-wise loops (compiler flags for it are set in binding.gyp).
#define AEKIT_ISA_NS isa_generic
#define AEKIT_VEC_BYTES 16
#include "elementwise_kernels.inc"
