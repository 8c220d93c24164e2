// 2-D convolution (NHWC input, HWIO filter) and its two gradients, built on the SGEMM.
#pragma once
#include <cstdint>

#include "gemm.h"

namespace aekit {

struct ConvShape {
  int64_t batch, in_h, in_w, in_c;
  int64_t out_h, out_w, out_c;
  int64_t k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
};

// y[b, oy, ox, co] = sum x[b, iy, ix, ci] * w[ky, kx, ci, co], then the epilogue (bias per co).
void conv2d(const ConvShape& s, const float* x, const float* w, float* y, const Epilogue& ep);
// dx = gradient of conv2d w.r.t. x, given dy.
void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
// dw = gradient of conv2d w.r.t. w, given x and dy.
void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);

}  // namespace aekit
