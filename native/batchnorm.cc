#include "batchnorm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "thread_pool.h"

namespace aekit {
namespace {

// Channels are few (1-16 in our models), so a loop over one row would be too short to
// vectorise. Loops run instead over blocks of whole rows at least kBlockValues long, against
// per-channel vectors repeated across the block; per-position sums are folded back to channels
// at the end.
constexpr int64_t kBlockValues = 256;
// Rows are split into a number of parts set by the size alone (never by the thread count), so
// the sums are added in the same order, and give the same bits, with any number of threads.
constexpr int64_t kValuesPerPart = 8192;
constexpr int kMaxParts = 16;

class Blocks {
 public:
  Blocks(int64_t rows, int64_t channels)
      : channels_(channels),
        width_(std::max<int64_t>(1, (kBlockValues + channels - 1) / channels) * channels),
        rows_(rows),
        parts_(static_cast<int>(std::clamp<int64_t>(rows * channels / kValuesPerPart, 1, kMaxParts))) {}

  int64_t width() const { return width_; }
  int parts() const { return parts_; }

  template <typename T>
  std::vector<T> repeated(const std::vector<T>& per_channel) const {
    std::vector<T> out(width_);
    for (int64_t i = 0; i < width_; ++i) out[i] = per_channel[i % channels_];
    return out;
  }

  // body(part, offset, length) for every block, each part's blocks in order on one thread.
  // Blocks start on row boundaries, so position i of a block holds channel i % channels.
  template <typename F>
  void for_blocks(F body) const {
    parallel_for(parts_, [&](int p) {
      const int64_t end = rows_ * (p + 1) / parts_ * channels_;
      for (int64_t at = rows_ * p / parts_ * channels_; at < end; at += width_)
        body(p, at, std::min(width_, end - at));
    });
  }

  // Sums per channel of `count` arrays of per-position partial sums laid out [part][count][width].
  std::vector<double> fold(const std::vector<double>& partial, int count) const {
    std::vector<double> out(count * channels_, 0.0);
    for (int p = 0; p < parts_; ++p)
      for (int k = 0; k < count; ++k) {
        const double* from = partial.data() + (p * count + k) * width_;
        for (int64_t i = 0; i < width_; ++i) out[k * channels_ + i % channels_] += from[i];
      }
    return out;
  }

 private:
  int64_t channels_, width_, rows_;
  int parts_;
};

std::vector<float> as_vector(const float* v, int64_t n) { return std::vector<float>(v, v + n); }

}  // namespace

void batch_norm_training(const BatchNormShape& s, const float* x, const float* gamma,
                         const float* beta, float* y, float* mean, float* variance) {
  const int64_t C = s.channels;
  if (s.rows == 0) {
    std::fill(mean, mean + C, std::numeric_limits<float>::quiet_NaN());
    std::fill(variance, variance + C, std::numeric_limits<float>::quiet_NaN());
    return;
  }
  const Blocks blocks(s.rows, C);
  const int64_t width = blocks.width();
  // Sums of x - (x's first row) rather than of x: with the shift, the sum of squares does not
  // cancel catastrophically when |mean| >> std.
  const std::vector<float> shift = blocks.repeated(as_vector(x, C));
  std::vector<double> partial(blocks.parts() * 2 * width, 0.0);
  blocks.for_blocks([&](int p, int64_t at, int64_t n) {
    const float* __restrict xv = x + at;
    const float* __restrict k = shift.data();
    double* __restrict s1 = partial.data() + p * 2 * width;
    double* __restrict s2 = s1 + width;
    for (int64_t i = 0; i < n; ++i) {
      const double d = xv[i] - k[i];
      s1[i] += d;
      s2[i] += d * d;
    }
  });
  const std::vector<double> sums = blocks.fold(partial, 2);
  std::vector<float> scale(C), offset(C);
  for (int64_t c = 0; c < C; ++c) {
    const double m = sums[c] / s.rows, v = sums[C + c] / s.rows - m * m;
    mean[c] = static_cast<float>(x[c] + m);
    variance[c] = static_cast<float>(v < 0 ? 0 : v);  // (NaN stays NaN)
    // From the stored float statistics, as the gradient kernel will see them.
    scale[c] = static_cast<float>(gamma[c] / std::sqrt(static_cast<double>(variance[c]) + s.epsilon));
    offset[c] = beta[c];
  }
  const std::vector<float> mean_r = blocks.repeated(as_vector(mean, C));
  const std::vector<float> scale_r = blocks.repeated(scale), offset_r = blocks.repeated(offset);
  blocks.for_blocks([&](int, int64_t at, int64_t n) {
    const float* __restrict xv = x + at;
    float* __restrict yv = y + at;
    const float* __restrict m = mean_r.data();
    const float* __restrict sc = scale_r.data();
    const float* __restrict of = offset_r.data();
    for (int64_t i = 0; i < n; ++i) yv[i] = (xv[i] - m[i]) * sc[i] + of[i];
  });
}

void batch_norm_training_grad(const BatchNormShape& s, const float* dy, const float* x,
                              const float* mean, const float* variance, const float* gamma,
                              const float* dmean, const float* dvariance, float* dx, float* dgamma,
                              float* dbeta) {
  const int64_t C = s.channels;
  if (s.rows == 0) {
    std::fill(dgamma, dgamma + C, 0.f);
    std::fill(dbeta, dbeta + C, 0.f);
    return;
  }
  const Blocks blocks(s.rows, C);
  const int64_t width = blocks.width();
  const std::vector<float> mean_r = blocks.repeated(as_vector(mean, C));
  std::vector<double> partial(blocks.parts() * 2 * width, 0.0);
  blocks.for_blocks([&](int p, int64_t at, int64_t n) {
    const float* __restrict g = dy + at;
    const float* __restrict xv = x + at;
    const float* __restrict m = mean_r.data();
    double* __restrict sum_dy = partial.data() + p * 2 * width;
    double* __restrict sum_dy_xc = sum_dy + width;
    for (int64_t i = 0; i < n; ++i) {
      sum_dy[i] += g[i];
      sum_dy_xc[i] += static_cast<double>(g[i]) * (xv[i] - m[i]);
    }
  });
  const std::vector<double> sums = blocks.fold(partial, 2);
  // dx = a * (dy - mean(dy)) + b * (x - mean) + e: centring dy (rather than adding
  // -a * mean(dy) apart) keeps dx exactly 0 where it should be (e.g. a single row).
  std::vector<float> a(C), b(C), dy_mean(C), e(C);
  const double rows = static_cast<double>(s.rows);
  for (int64_t c = 0; c < C; ++c) {
    const double invstd = 1.0 / std::sqrt(static_cast<double>(variance[c]) + s.epsilon);
    const double db = sums[c], dg = sums[C + c] * invstd;
    dbeta[c] = static_cast<float>(db);
    dgamma[c] = static_cast<float>(dg);
    const double k = gamma[c] * invstd;
    a[c] = static_cast<float>(k);
    b[c] = static_cast<float>((2.0 * dvariance[c] - k * invstd * dg) / rows);
    dy_mean[c] = static_cast<float>(db / rows);
    e[c] = static_cast<float>(dmean[c] / rows);
  }
  const std::vector<float> a_r = blocks.repeated(a), b_r = blocks.repeated(b);
  const std::vector<float> dy_mean_r = blocks.repeated(dy_mean), e_r = blocks.repeated(e);
  blocks.for_blocks([&](int, int64_t at, int64_t n) {
    const float* __restrict g = dy + at;
    const float* __restrict xv = x + at;
    float* __restrict out = dx + at;
    const float* __restrict m = mean_r.data();
    const float* __restrict gm = dy_mean_r.data();
    const float* __restrict pa = a_r.data();
    const float* __restrict pb = b_r.data();
    const float* __restrict pe = e_r.data();
    for (int64_t i = 0; i < n; ++i) out[i] = pa[i] * (g[i] - gm[i]) + pb[i] * (xv[i] - m[i]) + pe[i];
  });
}

}  // namespace aekit
