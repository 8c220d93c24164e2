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

struct ResizeShape {
  int64_t batch, in_h, in_w, channels, out_h, out_w;
  bool align_corners, half_pixel_centers;
};

void resize_nearest(const ResizeShape& s, const float* x, float* y);
// Adjoint of resize_nearest (sums every output gradient into its source pixel).
void resize_nearest_grad(const ResizeShape& s, const float* dy, float* dx);

}  // namespace aekit
