// Convolutions. Layers with few channels (the autoencoders' 1-32) take direct kernels that read
// a zero-padded copy of each image (conv_kernels.inc): the forward pass and the unit-stride
// input gradient as register tiles of pixels x output channels, one output channel as vectors
// of pixels, and the filter gradient accumulated in registers over all pixels. Wider layers use
// im2col + SGEMM over chunks of output rows; chunks keep the column buffer in cache and are the
// unit of parallel work, every GEMM inside a chunk running on one thread.
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

// Calls the active instruction set's build of a conv_kernels.inc function.
#if defined(__x86_64__) || defined(__i386__)
#define AEKIT_ON_ISA(call)                                  \
  switch (active_isa()) {                                   \
    case Isa::kAvx512: return isa_avx512::call;             \
    case Isa::kAvx2: return isa_avx2::call;                 \
    default: return isa_generic::call;                      \
  }
#else
#define AEKIT_ON_ISA(call) return isa_generic::call;
#endif

int64_t direct_width(int64_t cout) { AEKIT_ON_ISA(direct_conv_width(cout)) }
void direct_dispatch(const DirectConvArgs& a) { AEKIT_ON_ISA(direct_conv(a)) }
int64_t filter_grad_dy_stride(int64_t cin, int64_t cout) { AEKIT_ON_ISA(filter_grad_dy_stride(cin, cout)) }
void filter_grad_dispatch(const FilterGradArgs& a) { AEKIT_ON_ISA(filter_grad(a)) }
int64_t one_output_tile() { AEKIT_ON_ISA(one_output_tile()) }
void one_output_dispatch(const OneOutputConvArgs& a) { AEKIT_ON_ISA(one_output_conv(a)) }

// One image zero-padded on all sides so that every filter tap of every output pixel reads
// inside it: the direct kernels then need no bounds checks.
struct PaddedImage {
  int64_t hp, wp, floats;  // floats: the padded image plus slack for a tile's reads past its end
};

PaddedImage padded_geometry(const ConvShape& s) {
  const int64_t pad_bottom = std::max<int64_t>(0, (s.out_h - 1) * s.stride_h + (s.k_h - 1) * s.dil_h + 1 - s.pad_top - s.in_h);
  const int64_t pad_right = std::max<int64_t>(0, (s.out_w - 1) * s.stride_w + (s.k_w - 1) * s.dil_w + 1 - s.pad_left - s.in_w);
  const int64_t hp = s.pad_top + s.in_h + pad_bottom, wp = s.pad_left + s.in_w + pad_right;
  // A partial tile still reads a full tile of pixels (up to 32) past its last one.
  const int64_t slack = (32 * s.stride_w + s.k_w * s.dil_w + 1) * s.in_c + 64;
  return {hp, wp, hp * wp * s.in_c + slack};
}

thread_local std::vector<float> padded_buffer;

// Image b of x, padded, in this thread's buffer.
const float* pad_image(const ConvShape& s, const PaddedImage& p, const float* x, int64_t b) {
  if (padded_buffer.size() < static_cast<size_t>(p.floats)) padded_buffer.resize(p.floats);
  float* xp = padded_buffer.data();
  std::fill(xp, xp + p.floats, 0.f);
  const float* image = x + b * s.in_h * s.in_w * s.in_c;
  for (int64_t iy = 0; iy < s.in_h; ++iy)
    std::memcpy(xp + ((s.pad_top + iy) * p.wp + s.pad_left) * s.in_c, image + iy * s.in_w * s.in_c,
                sizeof(float) * s.in_w * s.in_c);
  return xp;
}

// Few output channels: one image per task, read from a zero-padded copy (no bounds checks and
// no im2col matrix, whose packing dominated these layers).
void conv2d_direct(const ConvShape& s, const float* x, const float* w, float* y, const Epilogue& ep,
                   int64_t width) {
  const int64_t K = s.k_h * s.k_w * s.in_c;
  std::vector<float> packed(K * width, 0.f);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t co = 0; co < s.out_c; ++co) packed[k * width + co] = w[k * s.out_c + co];
  const PaddedImage geometry = padded_geometry(s);
  parallel_for(static_cast<int>(s.batch), [&](int b) {
    DirectConvArgs a{pad_image(s, geometry, x, b), geometry.wp, s.in_c, packed.data(), s.k_h, s.k_w,
                     s.stride_h, s.stride_w, s.dil_h, s.dil_w, y + b * s.out_h * s.out_w * s.out_c, s.out_w,
                     s.out_c, 0, s.out_h};
    direct_dispatch(a);
    if (ep.bias || ep.act != kLinear) apply_epilogue(ep, a.y, s.out_c, 0, s.out_h * s.out_w, 0, s.out_c);
  });
}

thread_local std::vector<float> planes_buffer, flat_output_buffer;

// One output channel at unit stride: per image, the padded input as channel planes, so that
// vector lanes run over neighbouring pixels (a vector over one output channel would be empty).
void conv2d_one_output(const ConvShape& s, const float* x, const float* w, float* y, const Epilogue& ep) {
  const PaddedImage g = padded_geometry(s);
  const int64_t tile = one_output_tile();
  const int64_t flat = ((s.out_h - 1) * g.wp + s.out_w + tile - 1) / tile * tile;
  // The last tile reads up to a tile past the output's flat end, shifted by the furthest tap.
  const int64_t plane_stride = std::max(g.hp * g.wp, flat + (s.k_h - 1) * s.dil_h * g.wp + (s.k_w - 1) * s.dil_w);
  parallel_for(static_cast<int>(s.batch), [&](int b) {
    if (planes_buffer.size() < static_cast<size_t>(plane_stride * s.in_c)) planes_buffer.resize(plane_stride * s.in_c);
    if (flat_output_buffer.size() < static_cast<size_t>(flat)) flat_output_buffer.resize(flat);
    float* planes = planes_buffer.data();
    std::fill(planes, planes + plane_stride * s.in_c, 0.f);
    const float* image = x + b * s.in_h * s.in_w * s.in_c;
    for (int64_t iy = 0; iy < s.in_h; ++iy)
      for (int64_t ix = 0; ix < s.in_w; ++ix) {
        const float* px = image + (iy * s.in_w + ix) * s.in_c;
        float* dst = planes + (s.pad_top + iy) * g.wp + s.pad_left + ix;
        for (int64_t ci = 0; ci < s.in_c; ++ci) dst[ci * plane_stride] = px[ci];
      }
    OneOutputConvArgs a{planes, plane_stride, g.wp, s.in_c, w, s.k_h, s.k_w, s.dil_h, s.dil_w,
                        flat_output_buffer.data(), s.out_h, s.out_w};
    one_output_dispatch(a);
    float* out = y + b * s.out_h * s.out_w;
    for (int64_t oy = 0; oy < s.out_h; ++oy)
      std::memcpy(out + oy * s.out_w, a.y_flat + oy * g.wp, sizeof(float) * s.out_w);
    if (ep.bias || ep.act != kLinear) apply_epilogue(ep, out, 1, 0, s.out_h * s.out_w, 0, 1);
  });
}

// Work parts of the direct filter gradient, each summing its images into a private dw. A fixed
// count (not the thread count) keeps the summation order, hence the result, independent of
// the number of threads; several parts per thread balance the load.
constexpr int64_t kFilterGradParts = 8;

thread_local std::vector<float> dy_buffer;

void backprop_filter_direct(const ConvShape& s, const float* x, const float* dy, float* dw, int64_t dy_stride) {
  const int64_t dw_size = s.k_h * s.k_w * s.in_c * s.out_c;
  const int64_t pixels = s.out_h * s.out_w;
  const int64_t parts = std::min(s.batch, kFilterGradParts);
  std::vector<float> partial(parts * dw_size, 0.f);
  const PaddedImage geometry = padded_geometry(s);
  parallel_for(static_cast<int>(parts), [&](int p) {
    for (int64_t b = s.batch * p / parts; b < s.batch * (p + 1) / parts; ++b) {
      const float* g = dy + b * pixels * s.out_c;
      if (dy_stride != s.out_c) {
        // The kernel reads whole vectors of dy per pixel: give each pixel a zero-padded row.
        if (dy_buffer.size() < static_cast<size_t>(pixels * dy_stride)) dy_buffer.resize(pixels * dy_stride);
        float* padded = dy_buffer.data();
        for (int64_t i = 0; i < pixels; ++i) {
          for (int64_t co = 0; co < s.out_c; ++co) padded[i * dy_stride + co] = g[i * s.out_c + co];
          for (int64_t co = s.out_c; co < dy_stride; ++co) padded[i * dy_stride + co] = 0.f;
        }
        g = padded;
      }
      FilterGradArgs a{pad_image(s, geometry, x, b), geometry.wp, s.in_c, g, dy_stride, s.out_h, s.out_w,
                       s.out_c, s.k_h, s.k_w, s.stride_h, s.stride_w, s.dil_h, s.dil_w,
                       partial.data() + p * dw_size};
      filter_grad_dispatch(a);
    }
  });
  for (int64_t i = 0; i < dw_size; ++i) {
    float sum = 0.f;
    for (int64_t p = 0; p < parts; ++p) sum += partial[p * dw_size + i];
    dw[i] = sum;
  }
}

}  // namespace

void conv2d(const ConvShape& s, const float* x, const float* w, float* y, const Epilogue& ep) {
  if (s.out_c == 1 && s.stride_h == 1 && s.stride_w == 1 && s.pad_top >= 0 && s.pad_left >= 0) {
    conv2d_one_output(s, x, w, y, ep);
    return;
  }
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

void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  if (s.stride_h == 1 && s.stride_w == 1) {
    // With unit stride the input gradient is itself a convolution of dy with the filter flipped
    // in space and transposed in channels, which avoids the scatter of col2im (and, for a layer
    // with one input channel, lands on the one-output-channel kernel).
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
  const int64_t dy_stride = filter_grad_dy_stride(s.in_c, s.out_c);
  if (dy_stride > 0 && s.pad_top >= 0 && s.pad_left >= 0 && !is_pointwise(s)) {
    backprop_filter_direct(s, x, dy, dw, dy_stride);
    return;
  }
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
