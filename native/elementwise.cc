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

void adam_update(float* w, float* m, float* v, const float* g, int64_t n, float step_size,
                 const AdamRates& rates) {
  chunked(n, kGrain, [&](int64_t b, int64_t e) {
    switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
      case Isa::kAvx512:
        return isa_avx512::adam_range(w + b, m + b, v + b, g + b, e - b, step_size, rates);
      case Isa::kAvx2:
        return isa_avx2::adam_range(w + b, m + b, v + b, g + b, e - b, step_size, rates);
#endif
      default:
        return isa_generic::adam_range(w + b, m + b, v + b, g + b, e - b, step_size, rates);
    }
  });
}

void bce(const float* t, const float* p, float* y, int64_t n, float eps) {
  chunked(n, kGrain, [&](int64_t b, int64_t e) {
    switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
      case Isa::kAvx512: return isa_avx512::bce_range(t + b, p + b, y + b, e - b, eps);
      case Isa::kAvx2: return isa_avx2::bce_range(t + b, p + b, y + b, e - b, eps);
#endif
      default: return isa_generic::bce_range(t + b, p + b, y + b, e - b, eps);
    }
  });
}

void bce_grad(const float* dy, const float* t, const float* p, float* dp, int64_t n, float eps) {
  chunked(n, kGrain, [&](int64_t b, int64_t e) {
    switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
      case Isa::kAvx512: return isa_avx512::bce_grad_range(dy + b, t + b, p + b, dp + b, e - b, eps);
      case Isa::kAvx2: return isa_avx2::bce_grad_range(dy + b, t + b, p + b, dp + b, e - b, eps);
#endif
      default: return isa_generic::bce_grad_range(dy + b, t + b, p + b, dp + b, e - b, eps);
    }
  });
}

void leaky_relu_grad(const float* dy, const float* x, float* dx, int64_t n, float alpha) {
  // One compare-and-blend per element: GCC vectorises it for the baseline target too.
  chunked(n, kGrain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) dx[i] = x[i] > 0.f ? dy[i] : dy[i] * alpha;
  });
}

void squared_difference_grad(const float* dy, const float* a, const float* b, float* da, int64_t n) {
  chunked(n, kGrain, [&](int64_t s, int64_t e) {
    for (int64_t i = s; i < e; ++i) da[i] = dy[i] * (2.f * (a[i] - b[i]));
  });
}

double squared_difference_sum(const float* a, const float* b, int64_t n) {
  // A fixed partition (not one per thread) and an in-order combine: the same sum on any
  // thread count. Each part sums in double: float would lose digits over 100k terms.
  constexpr int kParts = 8;
  double partial[kParts] = {};
  const int parts = n < kMinParallel ? 1 : kParts;
  parallel_for(parts, [&](int p) {
    const int64_t s = n * p / parts, e = n * (p + 1) / parts;
    switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
      case Isa::kAvx512: partial[p] = isa_avx512::squared_difference_sum_range(a + s, b + s, e - s); return;
      case Isa::kAvx2: partial[p] = isa_avx2::squared_difference_sum_range(a + s, b + s, e - s); return;
#endif
      default: partial[p] = isa_generic::squared_difference_sum_range(a + s, b + s, e - s); return;
    }
  });
  double total = 0.0;
  for (int p = 0; p < parts; ++p) total += partial[p];
  return total;
}

void scaled_difference(const float* a, const float* b, float* y, int64_t n, float scale) {
  chunked(n, kGrain, [&](int64_t s, int64_t e) {
    for (int64_t i = s; i < e; ++i) y[i] = scale * (a[i] - b[i]);
  });
}

void unary(UnaryOp op, const float* x, float* y, int64_t n, float param) {
  chunked(n, kGrain, [&](int64_t b, int64_t e) { unary_dispatch(op, x + b, y + b, e - b, param); });
}

namespace {

// Calls row(a_offset, a_stride, b_offset, b_stride, y_offset, length) over the output in
// contiguous runs, in parallel for large outputs. Strides are 0 where an input is broadcast;
// neighbouring dims whose strides stay contiguous are merged so runs are as long as possible.
template <typename Row>
void broadcast_rows(const int64_t* a_shape, const int64_t* b_shape, const int64_t* y_shape,
                    int rank, Row row) {
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
      dims.back() *= n;
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
  const int64_t inner = dims[0];  // dims[0] is the innermost
  int64_t outer = 1;
  for (size_t d = 1; d < dims.size(); ++d) outer *= dims[d];
  if (outer == 1) {
    chunked(inner, kGrain, [&](int64_t s, int64_t e) { row(s * sa[0], sa[0], s * sb[0], sb[0], s, e - s); });
    return;
  }
  auto rows = [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t rem = r, oa = 0, ob = 0;
      for (size_t d = 1; d < dims.size(); ++d) {
        const int64_t i = rem % dims[d];
        rem /= dims[d];
        oa += i * sa[d];
        ob += i * sb[d];
      }
      row(oa, sa[0], ob, sb[0], r * inner, inner);
    }
  };
  if (outer * inner < kMinParallel || pool_threads() == 1) {
    rows(0, outer);
    return;
  }
  const int64_t rows_grain = std::max<int64_t>(1, kGrain / inner);
  const int64_t tasks = std::min<int64_t>((outer + rows_grain - 1) / rows_grain, 64 * pool_threads());
  parallel_for(static_cast<int>(tasks), [&](int t) { rows(outer * t / tasks, outer * (t + 1) / tasks); });
}

template <typename F>
void compare_run(const float* a, int64_t sa, const float* b, int64_t sb, uint8_t* y, int64_t n, F f) {
  for (int64_t i = 0; i < n; ++i) y[i] = f(a[i * sa], b[i * sb]) ? 1 : 0;
}

}  // namespace

namespace {

// Length of `v` when it is a trailing block of y repeated over y's leading dims (a bias or
// batch-norm vector [C] against [N, H, W, C]); 0 otherwise.
int64_t repeated_suffix(const int64_t* v_shape, const int64_t* y_shape, int rank) {
  int d = rank - 1;
  int64_t n = 1;
  for (; d >= 0 && v_shape[d] == y_shape[d]; --d) n *= y_shape[d];
  for (; d >= 0; --d)
    if (v_shape[d] != 1) return 0;
  return n;
}

// Rows this short make the row-by-row walk cost more than the arithmetic (a call and an index
// computation per 8 or 16 values).
constexpr int64_t kShortRow = 512;

// y = full op repeated-vector (or the reverse), the vector being `period` long and shorter than
// kShortRow: it is copied end to end into a block of whole periods, so each call to the
// vector loop covers many rows as one contiguous run.
void binary_repeated(BinaryOp op, const float* full, const float* vec, bool vec_first, int64_t period,
                     float* y, int64_t n) {
  const int64_t copies = std::max<int64_t>(1, 4096 / period);
  const int64_t block = copies * period;
  std::vector<float> tiled(block);
  for (int64_t k = 0; k < copies; ++k) std::copy(vec, vec + period, tiled.data() + k * period);
  const int64_t blocks = (n + block - 1) / block;
  auto run = [&](int64_t b0, int64_t b1) {
    for (int64_t blk = b0; blk < b1; ++blk) {
      const int64_t start = blk * block, len = std::min(block, n - start);
      if (vec_first) binary_dispatch(op, tiled.data(), 1, full + start, 1, y + start, len);
      else binary_dispatch(op, full + start, 1, tiled.data(), 1, y + start, len);
    }
  };
  if (n < kMinParallel || pool_threads() == 1) {
    run(0, blocks);
    return;
  }
  const int64_t tasks = std::min<int64_t>(blocks, 64 * pool_threads());
  parallel_for(static_cast<int>(tasks), [&](int t) { run(blocks * t / tasks, blocks * (t + 1) / tasks); });
}

}  // namespace

void binary(BinaryOp op, const float* a, const int64_t* a_shape, const float* b,
            const int64_t* b_shape, float* y, const int64_t* y_shape, int rank) {
  int64_t na = 1, nb = 1, ny = 1;
  for (int d = 0; d < rank; ++d) {
    na *= a_shape[d];
    nb *= b_shape[d];
    ny *= y_shape[d];
  }
  if (na == ny && nb < kShortRow && nb < ny) {
    const int64_t period = repeated_suffix(b_shape, y_shape, rank);
    if (period > 1) return binary_repeated(op, a, b, false, period, y, ny);
  }
  if (nb == ny && na < kShortRow && na < ny) {
    const int64_t period = repeated_suffix(a_shape, y_shape, rank);
    if (period > 1) return binary_repeated(op, b, a, true, period, y, ny);
  }
  broadcast_rows(a_shape, b_shape, y_shape, rank,
                 [&](int64_t oa, int64_t sa, int64_t ob, int64_t sb, int64_t oy, int64_t n) {
                   binary_dispatch(op, a + oa, sa, b + ob, sb, y + oy, n);
                 });
}

void compare(CompareOp op, const float* a, const int64_t* a_shape, const float* b,
             const int64_t* b_shape, uint8_t* y, const int64_t* y_shape, int rank) {
  broadcast_rows(a_shape, b_shape, y_shape, rank,
                 [&](int64_t oa, int64_t sa, int64_t ob, int64_t sb, int64_t oy, int64_t n) {
                   const float* pa = a + oa;
                   const float* pb = b + ob;
                   uint8_t* py = y + oy;
                   switch (op) {
                     case kGreater: return compare_run(pa, sa, pb, sb, py, n, [](float u, float v) { return u > v; });
                     case kGreaterEqual: return compare_run(pa, sa, pb, sb, py, n, [](float u, float v) { return u >= v; });
                     case kLess: return compare_run(pa, sa, pb, sb, py, n, [](float u, float v) { return u < v; });
                     case kLessEqual: return compare_run(pa, sa, pb, sb, py, n, [](float u, float v) { return u <= v; });
                     case kEqual: return compare_run(pa, sa, pb, sb, py, n, [](float u, float v) { return u == v; });
                     default: return compare_run(pa, sa, pb, sb, py, n, [](float u, float v) { return u != v; });
                   }
                 });
}

void select(const uint8_t* condition, const float* t, const float* e, float* y, int64_t n) {
  chunked(n, kGrain, [&](int64_t s, int64_t end) {
    for (int64_t i = s; i < end; ++i) y[i] = condition[i] ? t[i] : e[i];
  });
}

void affine_columns(const float* x, const float* scale, const float* shift, float* y, int64_t rows,
                    int64_t columns) {
  const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(1, columns));
  auto run = [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* xr = x + r * columns;
      float* yr = y + r * columns;
      for (int64_t c = 0; c < columns; ++c) yr[c] = xr[c] * scale[c] + shift[c];
    }
  };
  if (rows * columns < kMinParallel || pool_threads() == 1) {
    run(0, rows);
    return;
  }
  const int64_t tasks = std::min<int64_t>((rows + grain - 1) / grain, 64 * pool_threads());
  parallel_for(static_cast<int>(tasks), [&](int t) { run(rows * t / tasks, rows * (t + 1) / tasks); });
}

void tile(const float* x, const int64_t* x_shape, const int64_t* reps, float* y, int rank) {
  // Output row (innermost dim) r takes source row (r's outer index modulo x's shape), repeated
  // reps[last] times along the row.
  std::vector<int64_t> y_shape(rank);
  int64_t rows = 1;
  for (int d = 0; d < rank; ++d) {
    y_shape[d] = x_shape[d] * reps[d];
    if (d < rank - 1) rows *= y_shape[d];
  }
  const int64_t run = x_shape[rank - 1], y_row = y_shape[rank - 1];
  int64_t x_size = 1;
  for (int d = 0; d < rank; ++d) x_size *= x_shape[d];
  if (x_size == run) {
    // One row repeated (a per-channel vector spread over an image batch): copy it out once, then
    // keep doubling the filled part.
    for (int64_t k = 0; k < reps[rank - 1]; ++k) std::copy(x, x + run, y + k * run);
    const int64_t total = rows * y_row;
    for (int64_t filled = y_row; filled < total; filled *= 2)
      std::copy(y, y + std::min(filled, total - filled), y + filled);
    return;
  }
  auto copy_rows = [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t rem = r, src = 0, stride = run;
      for (int d = rank - 2; d >= 0; --d) {
        const int64_t i = rem % y_shape[d];
        rem /= y_shape[d];
        src += (i % x_shape[d]) * stride;
        stride *= x_shape[d];
      }
      float* dst = y + r * y_row;
      // A column spread along rows (a per-sample value over its pixels) is a fill, not
      // y_row one-element copies.
      if (run == 1) {
        std::fill(dst, dst + y_row, x[src]);
        continue;
      }
      for (int64_t k = 0; k < reps[rank - 1]; ++k) std::copy(x + src, x + src + run, dst + k * run);
    }
  };
  if (rows * y_row < kMinParallel || pool_threads() == 1) {
    copy_rows(0, rows);
    return;
  }
  const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(1, y_row));
  const int64_t tasks = std::min<int64_t>((rows + grain - 1) / grain, 64 * pool_threads());
  parallel_for(static_cast<int>(tasks), [&](int t) { copy_rows(rows * t / tasks, rows * (t + 1) / tasks); });
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
  if (outer == 1 && inner > 1 && is_sum && total >= kMinParallel && pool_threads() > 1) {
    // One long column sum (e.g. a bias gradient over batch x pixels): split the rows into a
    // fixed number of parts, so the result does not depend on the thread count.
    constexpr int kParts = 16;
    std::vector<std::vector<double>> partial(kParts, std::vector<double>(inner, 0.0));
    parallel_for(kParts, [&](int p) {
      double* acc = partial[p].data();
      for (int64_t r = reduce_size * p / kParts; r < reduce_size * (p + 1) / kParts; ++r) {
        const float* row = x + r * inner;
        for (int64_t i = 0; i < inner; ++i) acc[i] += row[i];
      }
    });
    for (int64_t i = 0; i < inner; ++i) {
      double s = 0;
      for (int p = 0; p < kParts; ++p) s += partial[p][i];
      y[i] = static_cast<float>(s * scale);
    }
    return;
  }
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
