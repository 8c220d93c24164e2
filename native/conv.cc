// Convolutions as im2col + SGEMM over chunks of output rows. Chunks keep the column buffer in
// cache and are the unit of parallel work; every GEMM inside a chunk runs on one thread.
#include "conv.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "thread_pool.h"

namespace aekit {
namespace {

// Output positions per work chunk: large enough to amortise packing, small enough for L2.
constexpr int64_t kChunkRows = 1024;

thread_local std::vector<float> col_buffer;

float* column_buffer(size_t n) {
  if (col_buffer.size() < n) col_buffer.resize(n);
  return col_buffer.data();
}

bool is_pointwise(const ConvShape& s) {
  return s.k_h == 1 && s.k_w == 1 && s.stride_h == 1 && s.stride_w == 1 && s.pad_top == 0 &&
         s.pad_left == 0 && s.in_h == s.out_h && s.in_w == s.out_w;
}

// Copies n floats; tiny channel counts (1-8, common in small autoencoders) as plain loops,
// which beat a memcpy call per pixel.
inline void copy_channels(float* dst, const float* src, int64_t n) {
  if (n <= 8) {
    for (int64_t c = 0; c < n; ++c) dst[c] = src[c];
  } else {
    std::memcpy(dst, src, sizeof(float) * n);
  }
}

inline void zero_channels(float* dst, int64_t n) {
  for (int64_t c = 0; c < n; ++c) dst[c] = 0.f;
}

// Writes rows [r0, r0+rows) of the im2col matrix (one row per output position, columns ordered
// ky, kx, ci like the HWIO filter) into col.
void im2col(const ConvShape& s, const float* x, int64_t r0, int64_t rows, float* col) {
  const int64_t K = s.k_h * s.k_w * s.in_c;
  const int64_t per_image = s.out_h * s.out_w;
  int64_t b = r0 / per_image, oy = (r0 % per_image) / s.out_w, ox = r0 % s.out_w;
  for (int64_t r = 0; r < rows; ++r) {
    const float* image = x + b * s.in_h * s.in_w * s.in_c;
    float* dst = col + r * K;
    for (int64_t ky = 0; ky < s.k_h; ++ky) {
      const int64_t iy = oy * s.stride_h - s.pad_top + ky * s.dil_h;
      if (iy < 0 || iy >= s.in_h) {
        zero_channels(dst, s.k_w * s.in_c);
        dst += s.k_w * s.in_c;
        continue;
      }
      const float* src_row = image + iy * s.in_w * s.in_c;
      for (int64_t kx = 0; kx < s.k_w; ++kx, dst += s.in_c) {
        const int64_t ix = ox * s.stride_w - s.pad_left + kx * s.dil_w;
        if (ix < 0 || ix >= s.in_w) {
          zero_channels(dst, s.in_c);
        } else {
          copy_channels(dst, src_row + ix * s.in_c, s.in_c);
        }
      }
    }
    if (++ox == s.out_w) {
      ox = 0;
      if (++oy == s.out_h) {
        oy = 0;
        ++b;
      }
    }
  }
}

// Adds the im2col-shaped gradient rows back onto the image gradient (the adjoint of im2col).
void col2im(const ConvShape& s, const float* col, int64_t r0, int64_t rows, float* dx) {
  const int64_t K = s.k_h * s.k_w * s.in_c;
  const int64_t per_image = s.out_h * s.out_w;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t pos = r0 + r;
    const int64_t b = pos / per_image, rem = pos % per_image;
    const int64_t oy = rem / s.out_w, ox = rem % s.out_w;
    float* image = dx + b * s.in_h * s.in_w * s.in_c;
    const float* src = col + r * K;
    for (int64_t ky = 0; ky < s.k_h; ++ky) {
      const int64_t iy = oy * s.stride_h - s.pad_top + ky * s.dil_h;
      for (int64_t kx = 0; kx < s.k_w; ++kx, src += s.in_c) {
        const int64_t ix = ox * s.stride_w - s.pad_left + kx * s.dil_w;
        if (iy < 0 || iy >= s.in_h || ix < 0 || ix >= s.in_w) continue;
        float* d = image + (iy * s.in_w + ix) * s.in_c;
        for (int64_t c = 0; c < s.in_c; ++c) d[c] += src[c];
      }
    }
  }
}

int64_t chunk_rows(const ConvShape& s) {
  const int64_t total = s.batch * s.out_h * s.out_w;
  // Enough chunks for every thread to get several (load balance), none bigger than kChunkRows.
  const int64_t want = std::max<int64_t>(1, total / (4 * pool_threads()));
  return std::max<int64_t>(std::min(kChunkRows, want), 48);
}

int64_t direct_width(int64_t cout) {
  switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
    case Isa::kAvx512: return isa_avx512::direct_conv_width(cout);
    case Isa::kAvx2: return isa_avx2::direct_conv_width(cout);
#endif
    default: return isa_generic::direct_conv_width(cout);
  }
}

void direct_dispatch(const DirectConvArgs& a) {
  switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
    case Isa::kAvx512: return isa_avx512::direct_conv(a);
    case Isa::kAvx2: return isa_avx2::direct_conv(a);
#endif
    default: return isa_generic::direct_conv(a);
  }
}

thread_local std::vector<float> padded_buffer;

// Few output channels: one image per task, read from a zero-padded copy (no bounds checks and
// no im2col matrix, whose packing dominated these layers).
void conv2d_direct(const ConvShape& s, const float* x, const float* w, float* y, const Epilogue& ep,
                   int64_t width) {
  const int64_t K = s.k_h * s.k_w * s.in_c;
  std::vector<float> packed(K * width, 0.f);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t co = 0; co < s.out_c; ++co) packed[k * width + co] = w[k * s.out_c + co];
  const int64_t pad_bottom = std::max<int64_t>(0, (s.out_h - 1) * s.stride_h + (s.k_h - 1) * s.dil_h + 1 - s.pad_top - s.in_h);
  const int64_t pad_right = std::max<int64_t>(0, (s.out_w - 1) * s.stride_w + (s.k_w - 1) * s.dil_w + 1 - s.pad_left - s.in_w);
  const int64_t hp = s.pad_top + s.in_h + pad_bottom, wp = s.pad_left + s.in_w + pad_right;
  // A partial tile still reads a full tile of pixels past the row end: slack keeps that in bounds.
  const int64_t slack = (32 * s.stride_w + s.k_w * s.dil_w + 1) * s.in_c;
  parallel_for(static_cast<int>(s.batch), [&](int b) {
    if (padded_buffer.size() < static_cast<size_t>(hp * wp * s.in_c + slack)) padded_buffer.resize(hp * wp * s.in_c + slack);
    float* xp = padded_buffer.data();
    std::fill(xp, xp + hp * wp * s.in_c + slack, 0.f);
    const float* image = x + b * s.in_h * s.in_w * s.in_c;
    for (int64_t iy = 0; iy < s.in_h; ++iy)
      std::memcpy(xp + ((s.pad_top + iy) * wp + s.pad_left) * s.in_c, image + iy * s.in_w * s.in_c,
                  sizeof(float) * s.in_w * s.in_c);
    DirectConvArgs a{xp, wp, s.in_c, packed.data(), s.k_h, s.k_w, s.stride_h, s.stride_w, s.dil_h, s.dil_w,
                     y + b * s.out_h * s.out_w * s.out_c, s.out_w, s.out_c, 0, s.out_h};
    direct_dispatch(a);
    if (ep.bias || ep.act != kLinear) apply_epilogue(ep, a.y, s.out_c, 0, s.out_h * s.out_w, 0, s.out_c);
  });
}

}  // namespace

void conv2d(const ConvShape& s, const float* x, const float* w, float* y, const Epilogue& ep) {
  const int64_t width = direct_width(s.out_c);
  if (width > 0 && s.pad_top >= 0 && s.pad_left >= 0 && !is_pointwise(s)) {
    conv2d_direct(s, x, w, y, ep, width);
    return;
  }
  const int64_t K = s.k_h * s.k_w * s.in_c;
  const int64_t total = s.batch * s.out_h * s.out_w;
  const int64_t rows_per = chunk_rows(s);
  const int64_t chunks = (total + rows_per - 1) / rows_per;
  const bool pointwise = is_pointwise(s);
  parallel_for(static_cast<int>(chunks), [&](int c) {
    const int64_t r0 = c * rows_per, rows = std::min(rows_per, total - r0);
    GemmArgs g;
    g.M = rows;
    g.N = s.out_c;
    g.K = K;
    if (pointwise) {
      g.A = x + r0 * K;
    } else {
      float* col = column_buffer(rows * K);
      im2col(s, x, r0, rows, col);
      g.A = col;
    }
    g.lda = K;
    g.B = w;
    g.ldb = s.out_c;
    g.C = y + r0 * s.out_c;
    g.ldc = s.out_c;
    g.ep = ep;
    sgemm(g, 1);
  });
}

namespace {

// Unit-stride input gradient of a layer with one input channel (the first layer, reading the
// image): as a convolution it would have a single output channel, which the GEMM and the
// direct tiles handle at a small fraction of their width. Here each input pixel gathers its
// k_h * k_w taps as element-wise products over the output channels, summed at the end.
// kC > 0 fixes the channel count at compile time, so the per-tap loop becomes a few
// straight-line vector operations; kC == 0 reads it from the shape.
template <int kC>
void backprop_input_one_channel(const ConvShape& s, const float* dy, const float* w, float* dx) {
  const int64_t C = kC > 0 ? kC : s.out_c;
  parallel_for(static_cast<int>(s.batch), [&](int b) {
    std::vector<float> acc(C);
    const float* g = dy + b * s.out_h * s.out_w * C;
    float* d = dx + b * s.in_h * s.in_w;
    for (int64_t iy = 0; iy < s.in_h; ++iy)
      for (int64_t ix = 0; ix < s.in_w; ++ix) {
        float* __restrict a = acc.data();
        for (int64_t c = 0; c < C; ++c) a[c] = 0.f;
        for (int64_t ky = 0; ky < s.k_h; ++ky) {
          const int64_t oy = iy + s.pad_top - ky * s.dil_h;
          if (oy < 0 || oy >= s.out_h) continue;
          for (int64_t kx = 0; kx < s.k_w; ++kx) {
            const int64_t ox = ix + s.pad_left - kx * s.dil_w;
            if (ox < 0 || ox >= s.out_w) continue;
            const float* __restrict gy = g + (oy * s.out_w + ox) * C;
            const float* __restrict wk = w + (ky * s.k_w + kx) * C;
            for (int64_t c = 0; c < C; ++c) a[c] += gy[c] * wk[c];
          }
        }
        float sum = 0.f;
        for (int64_t c = 0; c < C; ++c) sum += a[c];
        d[iy * s.in_w + ix] = sum;
      }
  });
}

}  // namespace

void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  if (s.stride_h == 1 && s.stride_w == 1 && s.in_c == 1) {
    switch (s.out_c) {
      case 8: return backprop_input_one_channel<8>(s, dy, w, dx);
      case 16: return backprop_input_one_channel<16>(s, dy, w, dx);
      case 32: return backprop_input_one_channel<32>(s, dy, w, dx);
      default: return backprop_input_one_channel<0>(s, dy, w, dx);
    }
  }
  if (s.stride_h == 1 && s.stride_w == 1) {
    // With unit stride the input gradient is itself a convolution of dy with the filter flipped
    // in space and transposed in channels, which avoids the scatter of col2im.
    std::vector<float> flipped(s.k_h * s.k_w * s.in_c * s.out_c);
    for (int64_t ky = 0; ky < s.k_h; ++ky)
      for (int64_t kx = 0; kx < s.k_w; ++kx)
        for (int64_t ci = 0; ci < s.in_c; ++ci)
          for (int64_t co = 0; co < s.out_c; ++co)
            flipped[((ky * s.k_w + kx) * s.out_c + co) * s.in_c + ci] =
                w[(((s.k_h - 1 - ky) * s.k_w + (s.k_w - 1 - kx)) * s.in_c + ci) * s.out_c + co];
    ConvShape t = s;
    t.in_h = s.out_h;
    t.in_w = s.out_w;
    t.in_c = s.out_c;
    t.out_h = s.in_h;
    t.out_w = s.in_w;
    t.out_c = s.in_c;
    t.pad_top = (s.k_h - 1) * s.dil_h - s.pad_top;
    t.pad_left = (s.k_w - 1) * s.dil_w - s.pad_left;
    conv2d(t, dy, flipped.data(), dx, Epilogue{});
    return;
  }
  // General strides: per image, dcol = dy * w^T, then col2im. Images are independent, so
  // threads never add into the same dx element.
  const int64_t K = s.k_h * s.k_w * s.in_c;
  const int64_t per_image = s.out_h * s.out_w;
  std::memset(dx, 0, sizeof(float) * s.batch * s.in_h * s.in_w * s.in_c);
  parallel_for(static_cast<int>(s.batch), [&](int b) {
    for (int64_t r0 = 0; r0 < per_image; r0 += kChunkRows) {
      const int64_t rows = std::min(kChunkRows, per_image - r0);
      float* col = column_buffer(rows * K);
      GemmArgs g;
      g.M = rows;
      g.N = K;
      g.K = s.out_c;
      g.A = dy + (b * per_image + r0) * s.out_c;
      g.lda = s.out_c;
      g.B = w;
      g.ldb = s.out_c;
      g.transB = true;
      g.C = col;
      g.ldc = K;
      sgemm(g, 1);
      col2im(s, col, b * per_image + r0, rows, dx);
    }
  });
}

void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  const int64_t K = s.k_h * s.k_w * s.in_c;
  const int64_t total = s.batch * s.out_h * s.out_w;
  const int64_t rows_per = chunk_rows(s);
  const int64_t chunks = (total + rows_per - 1) / rows_per;
  const int parts = static_cast<int>(std::min<int64_t>(pool_threads(), chunks));
  // dw^T = dy^T col, not dw = col^T dy: the wide im2col rows are then the GEMM's B operand, read
  // in their stored order, and only the narrow dy (out_c columns) is packed transposed. Each
  // part sums its share of the rows into a private dw^T; the parts are added at the end.
  std::vector<std::vector<float>> partial(parts);
  const bool pointwise = is_pointwise(s);
  parallel_for(parts, [&](int p) {
    partial[p].assign(K * s.out_c, 0.f);
    float* out = partial[p].data();
    bool first = true;
    for (int64_t c = chunks * p / parts; c < chunks * (p + 1) / parts; ++c) {
      const int64_t r0 = c * rows_per, rows = std::min(rows_per, total - r0);
      GemmArgs g;
      g.M = s.out_c;
      g.N = K;
      g.K = rows;
      g.A = dy + r0 * s.out_c;
      g.lda = s.out_c;
      g.transA = true;
      if (pointwise) {
        g.B = x + r0 * K;
      } else {
        float* col = column_buffer(rows * K);
        im2col(s, x, r0, rows, col);
        g.B = col;
      }
      g.ldb = K;
      g.C = out;
      g.ldc = K;
      g.accumulate = !first;
      first = false;
      sgemm(g, 1);
    }
  });
  for (int64_t k = 0; k < K; ++k)
    for (int64_t co = 0; co < s.out_c; ++co) {
      float sum = 0.f;
      for (int p = 0; p < parts; ++p) sum += partial[p][co * K + k];
      dw[k * s.out_c + co] = sum;
    }
}

}  // namespace aekit
