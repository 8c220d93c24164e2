#include "pool.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "gemm.h"  // active_isa
#include "thread_pool.h"

namespace aekit {
namespace {

// Images per parallel task: ~64k values keeps tasks cheap to hand out yet balanced.
int64_t images_per_task(int64_t image_size) {
  return std::max<int64_t>(1, 65536 / std::max<int64_t>(1, image_size));
}

template <typename F>
void for_image_chunks(int64_t batch, int64_t image_size, F body) {
  const int64_t per = images_per_task(image_size);
  const int64_t tasks = (batch + per - 1) / per;
  parallel_for(static_cast<int>(tasks), [&](int t) {
    for (int64_t b = t * per; b < std::min(batch, (t + 1) * per); ++b) body(b);
  });
}

// Source row/column of an output position, exactly as the tfjs cpu kernel computes it.
int64_t nearest_source(int64_t out_index, int64_t in_size, int64_t out_size, bool align_corners,
                       bool half_pixel_centers) {
  const double in_eff = (align_corners && out_size > 1) ? in_size - 1 : in_size;
  const double out_eff = (align_corners && out_size > 1) ? out_size - 1 : out_size;
  const double ratio = in_eff / out_eff;
  const double frac = half_pixel_centers ? ratio * (out_index + 0.5) : ratio * out_index;
  int64_t src = std::min<int64_t>(in_size - 1, static_cast<int64_t>(
                                                   align_corners ? std::round(frac) : std::floor(frac)));
  if (half_pixel_centers) src = std::max<int64_t>(0, src);
  return src;
}

}  // namespace

void max_pool(const PoolShape& s, const float* x, float* y) {
  const int64_t C = s.channels;
  for_image_chunks(s.batch, s.in_h * s.in_w * C, [&](int64_t b) {
    const float* image = x + b * s.in_h * s.in_w * C;
    float* out = y + b * s.out_h * s.out_w * C;
    for (int64_t oy = 0; oy < s.out_h; ++oy)
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        float* o = out + (oy * s.out_w + ox) * C;
        std::fill(o, o + C, -std::numeric_limits<float>::infinity());
        for (int64_t ky = 0; ky < s.k_h; ++ky) {
          const int64_t iy = oy * s.stride_h - s.pad_top + ky * s.dil_h;
          if (iy < 0 || iy >= s.in_h) continue;
          for (int64_t kx = 0; kx < s.k_w; ++kx) {
            const int64_t ix = ox * s.stride_w - s.pad_left + kx * s.dil_w;
            if (ix < 0 || ix >= s.in_w) continue;
            const float* p = image + (iy * s.in_w + ix) * C;
            for (int64_t c = 0; c < C; ++c) o[c] = p[c] > o[c] ? p[c] : o[c];
          }
        }
      }
  });
}

namespace {

// Windows that tile the image (stride == window, no dilation; the usual 2x2 pooling): every
// input pixel lies in exactly one window, so dx is written directly, without zeroing and
// scattering. Returns false when the windows do not tile the image.
bool max_pool_grad_tiled(const PoolShape& s, const float* x, const float* dy, float* dx) {
  if (s.stride_h != s.k_h || s.stride_w != s.k_w || s.dil_h != 1 || s.dil_w != 1 || s.pad_top < 0 ||
      s.pad_left < 0 || s.pad_top >= s.k_h || s.pad_left >= s.k_w ||
      s.out_h * s.k_h - s.pad_top < s.in_h || s.out_w * s.k_w - s.pad_left < s.in_w)
    return false;
  const int64_t C = s.channels;
  for_image_chunks(s.batch, s.in_h * s.in_w * C, [&](int64_t b) {
    const float* image = x + b * s.in_h * s.in_w * C;
    const float* g = dy + b * s.out_h * s.out_w * C;
    float* d = dx + b * s.in_h * s.in_w * C;
    std::vector<float> best(C), taken(C);
    std::vector<int64_t> offsets;
    for (int64_t oy = 0; oy < s.out_h; ++oy)
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        offsets.clear();
        for (int64_t ky = 0; ky < s.k_h; ++ky) {
          const int64_t iy = oy * s.stride_h - s.pad_top + ky;
          if (iy < 0 || iy >= s.in_h) continue;
          for (int64_t kx = 0; kx < s.k_w; ++kx) {
            const int64_t ix = ox * s.stride_w - s.pad_left + kx;
            if (ix >= 0 && ix < s.in_w) offsets.push_back((iy * s.in_w + ix) * C);
          }
        }
        if (offsets.empty()) continue;
        // The gradient goes to the first maximum in window order (tfjs' rule): find the maximum
        // (starting from -inf, so all-NaN windows get none), then hand dy to the first position
        // equal to it. Float 0/1 flags keep both loops vectorisable.
        float* __restrict m = best.data();
        float* __restrict done = taken.data();
        for (int64_t c = 0; c < C; ++c) {
          m[c] = -std::numeric_limits<float>::infinity();
          done[c] = 0.f;
        }
        for (size_t p = 0; p < offsets.size(); ++p) {
          const float* __restrict v = image + offsets[p];
          for (int64_t c = 0; c < C; ++c) m[c] = v[c] > m[c] ? v[c] : m[c];
        }
        const float* __restrict go = g + (oy * s.out_w + ox) * C;
        for (size_t p = 0; p < offsets.size(); ++p) {
          const float* __restrict v = image + offsets[p];
          float* __restrict out = d + offsets[p];
          for (int64_t c = 0; c < C; ++c) {
            const float hit = (v[c] == m[c] ? 1.f : 0.f) * (1.f - done[c]);
            out[c] = hit != 0.f ? go[c] : 0.f;
            done[c] += hit;
          }
        }
      }
  });
  return true;
}

// The common 2x2, stride-2 pooling over an image of even size: every input pixel lies in
// exactly one window, so dx is written directly, a vector of channels at a time.
bool max_pool_grad_2x2(const PoolShape& s, const float* x, const float* dy, float* dx) {
  if (s.k_h != 2 || s.k_w != 2 || s.stride_h != 2 || s.stride_w != 2 || s.dil_h != 1 || s.dil_w != 1 ||
      s.pad_top != 0 || s.pad_left != 0 || s.in_h != 2 * s.out_h || s.in_w != 2 * s.out_w)
    return false;
  const int64_t rows = s.batch * s.out_h;
  // ~64k input values per task, as for_image_chunks.
  const int64_t per_task = std::max<int64_t>(1, 65536 / (2 * s.in_w * s.channels));
  const int64_t tasks = (rows + per_task - 1) / per_task;
  parallel_for(static_cast<int>(tasks), [&](int t) {
    const int64_t r0 = t * per_task, r1 = std::min(rows, r0 + per_task);
    switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
      case Isa::kAvx512: return isa_avx512::max_pool_grad_2x2(x, dy, dx, r0, r1, s.out_w, s.channels);
      case Isa::kAvx2: return isa_avx2::max_pool_grad_2x2(x, dy, dx, r0, r1, s.out_w, s.channels);
#endif
      default: return isa_generic::max_pool_grad_2x2(x, dy, dx, r0, r1, s.out_w, s.channels);
    }
  });
  return true;
}

}  // namespace

void max_pool_grad(const PoolShape& s, const float* x, const float* dy, float* dx) {
  if (max_pool_grad_2x2(s, x, dy, dx)) return;
  if (max_pool_grad_tiled(s, x, dy, dx)) return;
  const int64_t C = s.channels;
  std::memset(dx, 0, sizeof(float) * s.batch * s.in_h * s.in_w * C);
  for_image_chunks(s.batch, s.in_h * s.in_w * C, [&](int64_t b) {
    const float* image = x + b * s.in_h * s.in_w * C;
    const float* g = dy + b * s.out_h * s.out_w * C;
    float* d = dx + b * s.in_h * s.in_w * C;
    std::vector<float> best(C);
    std::vector<int64_t> where(C);
    for (int64_t oy = 0; oy < s.out_h; ++oy)
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        std::fill(best.begin(), best.end(), -std::numeric_limits<float>::infinity());
        std::fill(where.begin(), where.end(), -1);
        for (int64_t ky = 0; ky < s.k_h; ++ky) {
          const int64_t iy = oy * s.stride_h - s.pad_top + ky * s.dil_h;
          if (iy < 0 || iy >= s.in_h) continue;
          for (int64_t kx = 0; kx < s.k_w; ++kx) {
            const int64_t ix = ox * s.stride_w - s.pad_left + kx * s.dil_w;
            if (ix < 0 || ix >= s.in_w) continue;
            const int64_t offset = (iy * s.in_w + ix) * C;
            for (int64_t c = 0; c < C; ++c)
              if (image[offset + c] > best[c]) {
                best[c] = image[offset + c];
                where[c] = offset + c;
              }
          }
        }
        const float* go = g + (oy * s.out_w + ox) * C;
        for (int64_t c = 0; c < C; ++c)
          if (where[c] >= 0) d[where[c]] += go[c];
      }
  });
}

void resize_nearest(const ResizeShape& s, const float* x, float* y) {
  const int64_t C = s.channels;
  std::vector<int64_t> src_row(s.out_h), src_col(s.out_w);
  for (int64_t r = 0; r < s.out_h; ++r)
    src_row[r] = nearest_source(r, s.in_h, s.out_h, s.align_corners, s.half_pixel_centers);
  for (int64_t c = 0; c < s.out_w; ++c)
    src_col[c] = nearest_source(c, s.in_w, s.out_w, s.align_corners, s.half_pixel_centers);
  for_image_chunks(s.batch, s.out_h * s.out_w * C, [&](int64_t b) {
    const float* image = x + b * s.in_h * s.in_w * C;
    float* out = y + b * s.out_h * s.out_w * C;
    for (int64_t r = 0; r < s.out_h; ++r)
      for (int64_t c = 0; c < s.out_w; ++c)
        std::memcpy(out + (r * s.out_w + c) * C, image + (src_row[r] * s.in_w + src_col[c]) * C,
                    sizeof(float) * C);
  });
}

void resize_nearest_grad(const ResizeShape& s, const float* dy, float* dx) {
  const int64_t C = s.channels;
  std::vector<int64_t> src_row(s.out_h), src_col(s.out_w);
  for (int64_t r = 0; r < s.out_h; ++r)
    src_row[r] = nearest_source(r, s.in_h, s.out_h, s.align_corners, s.half_pixel_centers);
  for (int64_t c = 0; c < s.out_w; ++c)
    src_col[c] = nearest_source(c, s.in_w, s.out_w, s.align_corners, s.half_pixel_centers);
  std::memset(dx, 0, sizeof(float) * s.batch * s.in_h * s.in_w * C);
  for_image_chunks(s.batch, s.out_h * s.out_w * C, [&](int64_t b) {
    const float* g = dy + b * s.out_h * s.out_w * C;
    float* d = dx + b * s.in_h * s.in_w * C;
    for (int64_t r = 0; r < s.out_h; ++r)
      for (int64_t c = 0; c < s.out_w; ++c) {
        float* dst = d + (src_row[r] * s.in_w + src_col[c]) * C;
        const float* src = g + (r * s.out_w + c) * C;
        for (int64_t k = 0; k < C; ++k) dst[k] += src[k];
      }
  });
}

}  // namespace aekit
