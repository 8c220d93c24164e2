// Max pooling and nearest-neighbour resizing (NHWC) with their gradients.
#pragma once
#include <cstdint>

namespace aekit {

struct PoolShape {
  int64_t batch, in_h, in_w, channels, out_h, out_w;
  int64_t k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
};

void max_pool(const PoolShape& s, const float* x, float* y);
// Routes each dy to the first maximal input of its window (the tie rule of tfjs), summing
// where windows overlap.
void max_pool_grad(const PoolShape& s, const float* x, const float* dy, float* dx);

// 2x2, stride-2 max-pool gradient over output rows [row0, row1) of the batch seen as one tall
// image (input rows 2r and 2r+1 feed output row r), per instruction set (native/pool_kernels.inc).
#define AEKIT_POOL_ISA_API                                                                          \
  void max_pool_grad_2x2(const float* x, const float* dy, float* dx, int64_t row0, int64_t row1, \
                         int64_t out_w, int64_t channels);
namespace isa_avx512 { AEKIT_POOL_ISA_API }
namespace isa_avx2 { AEKIT_POOL_ISA_API }
namespace isa_generic { AEKIT_POOL_ISA_API }
#undef AEKIT_POOL_ISA_API

struct ResizeShape {
  int64_t batch, in_h, in_w, channels, out_h, out_w;
  bool align_corners, half_pixel_centers;
};

void resize_nearest(const ResizeShape& s, const float* x, float* y);
// Adjoint of resize_nearest (sums every output gradient into its source pixel).
void resize_nearest_grad(const ResizeShape& s, const float* dy, float* dx);

}  // namespace aekit
