// avx512 build of the layer-gradient loops (compiler flags for it are set in binding.gyp).
#define AEKIT_ISA_NS isa_avx512
#include "layer_grad_kernels.inc"
