// Dispatch, broadcasting and threading for the element-wise loops; reductions.
#include "elementwise.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "gemm.h"
#include "thread_pool.h"

namespace aekit {
namespace {

// Below this many elements a second thread costs more than it saves.
constexpr int64_t kMinParallel = 1 << 15;
constexpr int64_t kGrain = 1 << 14;

void unary_dispatch(UnaryOp op, const float* x, float* y, int64_t n, float p) {
  switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
    case Isa::kAvx512: return isa_avx512::unary_range(op, x, y, n, p);
    case Isa::kAvx2: return isa_avx2::unary_range(op, x, y, n, p);
#endif
    default: return isa_generic::unary_range(op, x, y, n, p);
  }
}

void binary_dispatch(BinaryOp op, const float* a, int64_t sa, const float* b, int64_t sb,
                     float* y, int64_t n) {
  switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
    case Isa::kAvx512: return isa_avx512::binary_range(op, a, sa, b, sb, y, n);
    case Isa::kAvx2: return isa_avx2::binary_range(op, a, sa, b, sb, y, n);
#endif
    default: return isa_generic::binary_range(op, a, sa, b, sb, y, n);
  }
}

// Runs body(begin, end) over [0, n) in parallel chunks when n is large.
template <typename F>
void chunked(int64_t n, int64_t grain, F body) {
  if (n < kMinParallel || pool_threads() == 1) {
    body(int64_t{0}, n);
    return;
  }
  const int64_t tasks = std::min<int64_t>((n + grain - 1) / grain, 64 * pool_threads());
  parallel_for(static_cast<int>(tasks), [&](int t) { body(n * t / tasks, n * (t + 1) / tasks); });
}

}  // namespace

void unary(UnaryOp op, const float* x, float* y, int64_t n, float param) {
  chunked(n, kGrain, [&](int64_t b, int64_t e) { unary_dispatch(op, x + b, y + b, e - b, param); });
}

void binary(BinaryOp op, const float* a, const int64_t* a_shape, const float* b,
            const int64_t* b_shape, float* y, const int64_t* y_shape, int rank) {
  // Strides of a and b over the output dims (0 where broadcast), then merge neighbouring dims
  // whose strides stay contiguous so the inner loop is as long as possible.
  std::vector<int64_t> dims, sa, sb;
  int64_t stride_a = 1, stride_b = 1;
  for (int d = rank - 1; d >= 0; --d) {
    const int64_t n = y_shape[d];
    const int64_t da = a_shape[d] == 1 && n != 1 ? 0 : stride_a;
    const int64_t db = b_shape[d] == 1 && n != 1 ? 0 : stride_b;
    stride_a *= a_shape[d];
    stride_b *= b_shape[d];
    if (n == 1) continue;
    if (!dims.empty() && sa.back() * dims.back() == da && sb.back() * dims.back() == db) {
      dims.back() *= n;  // same pattern continues outward: one longer dim
    } else {
      dims.push_back(n);
      sa.push_back(da);
      sb.push_back(db);
    }
  }
  if (dims.empty()) {
    dims.push_back(1);
    sa.push_back(1);
    sb.push_back(1);
  }
  // dims[0] is the innermost.
  const int64_t inner = dims[0];
  int64_t outer = 1;
  for (size_t d = 1; d < dims.size(); ++d) outer *= dims[d];
  if (outer == 1) {
    chunked(inner, kGrain, [&](int64_t s, int64_t e) {
      binary_dispatch(op, a + s * sa[0], sa[0], b + s * sb[0], sb[0], y + s, e - s);
    });
    return;
  }
  const int64_t rows_grain = std::max<int64_t>(1, kGrain / inner);
  const int64_t total_rows = outer;
  auto rows = [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t rem = r, oa = 0, ob = 0;
      for (size_t d = 1; d < dims.size(); ++d) {
        const int64_t i = rem % dims[d];
        rem /= dims[d];
        oa += i * sa[d];
        ob += i * sb[d];
      }
      binary_dispatch(op, a + oa, sa[0], b + ob, sb[0], y + r * inner, inner);
    }
  };
  if (outer * inner < kMinParallel || pool_threads() == 1) {
    rows(0, total_rows);
  } else {
    const int64_t tasks = std::min<int64_t>((total_rows + rows_grain - 1) / rows_grain,
                                            64 * pool_threads());
    parallel_for(static_cast<int>(tasks), [&](int t) {
      rows(total_rows * t / tasks, total_rows * (t + 1) / tasks);
    });
  }
}

void reduce(ReduceOp op, const float* x, float* y, int64_t outer, int64_t reduce_size,
            int64_t inner) {
  const bool is_sum = op == kSum || op == kMean;
  const double scale = op == kMean ? 1.0 / static_cast<double>(reduce_size) : 1.0;
  auto one_outer = [&](int64_t o) {
    const float* base = x + o * reduce_size * inner;
    float* out = y + o * inner;
    if (inner == 1) {
      if (is_sum) {
        double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t r = 0;
        for (; r + 8 <= reduce_size; r += 8)
          for (int l = 0; l < 8; ++l) lanes[l] += base[r + l];
        double s = 0;
        for (; r < reduce_size; ++r) s += base[r];
        for (int l = 0; l < 8; ++l) s += lanes[l];
        out[0] = static_cast<float>(s * scale);
      } else {
        float m = op == kMax ? -std::numeric_limits<float>::infinity()
                             : std::numeric_limits<float>::infinity();
        bool nan = false;
        for (int64_t r = 0; r < reduce_size; ++r) {
          const float v = base[r];
          nan |= v != v;
          m = op == kMax ? (v > m ? v : m) : (v < m ? v : m);
        }
        out[0] = nan ? NAN : m;
      }
      return;
    }
    if (is_sum) {
      std::vector<double> acc(inner, 0.0);
      for (int64_t r = 0; r < reduce_size; ++r) {
        const float* row = base + r * inner;
        for (int64_t i = 0; i < inner; ++i) acc[i] += row[i];
      }
      for (int64_t i = 0; i < inner; ++i) out[i] = static_cast<float>(acc[i] * scale);
    } else {
      std::copy(base, base + inner, out);
      for (int64_t r = 1; r < reduce_size; ++r) {
        const float* row = base + r * inner;
        for (int64_t i = 0; i < inner; ++i) {
          const float v = row[i];
          out[i] = (v != v || out[i] != out[i]) ? NAN
                   : op == kMax ? (v > out[i] ? v : out[i])
                                : (v < out[i] ? v : out[i]);
        }
      }
    }
  };
  const int64_t total = outer * reduce_size * inner;
  if (total < kMinParallel || pool_threads() == 1 || outer < 2) {
    for (int64_t o = 0; o < outer; ++o) one_outer(o);
    return;
  }
  const int64_t tasks = std::min<int64_t>(outer, 64 * pool_threads());
  parallel_for(static_cast<int>(tasks), [&](int t) {
    for (int64_t o = outer * t / tasks; o < outer * (t + 1) / tasks; ++o) one_outer(o);
  });
}

}  // namespace aekit
