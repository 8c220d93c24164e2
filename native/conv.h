// 2-D convolution (NHWC input, HWIO filter) and its two gradients: direct kernels for few
// channels, im2col + SGEMM otherwise.
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

// Direct convolution of one image (no im2col) for layers with few output channels: each
// register tile is MR neighbouring output pixels x the output channels, reading the input
// straight from a zero-padded copy of the image.
struct DirectConvArgs {
  const float* xp;  // padded image [hp, wp, c], with slack after it for a full tile's reads
  int64_t wp, c;
  const float* w;  // filter packed as [kh * kw * c][width] with zero columns past cout
  int64_t kh, kw, stride_h, stride_w, dil_h, dil_w;
  float* y;  // this image's output [out_h, out_w, cout]
  int64_t out_w, cout;
  int64_t oy0, oy1;  // output rows to compute
};

// Unit-stride convolution of one image with a single output channel (lanes over pixels, not
// channels), computed at every flat position q = oy * wp + ox of the padded grid.
struct OneOutputConvArgs {
  const float* planes;  // padded image as channel planes [c][plane_stride], plane = [hp, wp] + slack
  int64_t plane_stride, wp, c;
  const float* w;  // [kh * kw][c]
  int64_t kh, kw, dil_h, dil_w;
  float* y_flat;  // [(out_h - 1) * wp + out_w] rounded up to one_output_tile(); ox >= out_w is junk
  int64_t out_h, out_w;
};

// Filter gradient of one image, accumulated in registers over all its output pixels (the
// reduction is long and the filter small, so a GEMM over im2col rows would be mostly packing).
struct FilterGradArgs {
  const float* xp;  // padded image [hp, wp, cin], with slack after it for a full vector's reads
  int64_t wp, cin;
  const float* dy;  // this image's dy [out_h, out_w] pixels, dy_stride floats apart
  int64_t dy_stride, out_h, out_w, cout;
  int64_t kh, kw, stride_h, stride_w, dil_h, dil_w;
  float* dw;  // [kh * kw * cin][cout], added to
};

// Per instruction set (native/conv_kernels.inc). direct_conv_width: the filter width the direct
// forward kernel packs cout to (0: too wide, use the GEMM). filter_grad_dy_stride: the dy pixel
// stride filter_grad reads (cout, or cout rounded up to whole vectors: then dy must be copied).
// one_output_tile: the pixels one_output_conv computes at a time (sizes y_flat and plane slack).
#define AEKIT_CONV_ISA_API                                              \
  int64_t direct_conv_width(int64_t cout);                              \
  void direct_conv(const DirectConvArgs& a);                            \
  int64_t filter_grad_dy_stride(int64_t cin, int64_t cout);             \
  void filter_grad(const FilterGradArgs& a);                            \
  int64_t one_output_tile();                                            \
  void one_output_conv(const OneOutputConvArgs& a);
namespace isa_avx512 { AEKIT_CONV_ISA_API }
namespace isa_avx2 { AEKIT_CONV_ISA_API }
namespace isa_generic { AEKIT_CONV_ISA_API }
#undef AEKIT_CONV_ISA_API

}  // namespace aekit
