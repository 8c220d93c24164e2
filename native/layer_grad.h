// The per-instruction-set rows of bias_activation_grad (fused_layers.h), dispatched there.
#pragma once
#include <cstdint>

#include "fused_layers.h"

namespace aekit {

// Rows [r0, r1) of dy and y viewed as [rows, columns]: writes dz = dy * act'(y) (if dz) and adds
// each column's dz into sums (if sums). Linear reads neither y nor dz.
#define AEKIT_DECLARE_LAYER_GRAD(ns)                                                            \
  namespace ns {                                                                                \
  void bias_activation_grad_rows(LayerActivation act, float alpha, const float* dy,             \
                                 const float* y, float* dz, double* sums, int64_t r0, int64_t r1, \
                                 int64_t columns);                                              \
  }
AEKIT_DECLARE_LAYER_GRAD(isa_avx512)
AEKIT_DECLARE_LAYER_GRAD(isa_avx2)
AEKIT_DECLARE_LAYER_GRAD(isa_generic)
#undef AEKIT_DECLARE_LAYER_GRAD

}  // namespace aekit
