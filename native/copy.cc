#include "copy.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "thread_pool.h"

namespace aekit {
namespace {
constexpr int64_t kMinParallel = 1 << 16;
}

void copy_region(const float* src, const int64_t* src_shape_in, const int64_t* src_origin_in,
                 float* dst, const int64_t* dst_shape_in, const int64_t* dst_origin_in,
                 const int64_t* region_in, int rank) {
  if (rank == 0) {
    dst[0] = src[0];
    return;
  }
  // Trailing dims copied whole (e.g. the channels of an NHWC crop or pad) join the dim before
  // them, so each memcpy moves a whole run instead of a single channel vector.
  std::vector<int64_t> src_shape(src_shape_in, src_shape_in + rank), dst_shape(dst_shape_in, dst_shape_in + rank);
  std::vector<int64_t> src_origin(src_origin_in, src_origin_in + rank), dst_origin(dst_origin_in, dst_origin_in + rank);
  std::vector<int64_t> region(region_in, region_in + rank);
  while (rank > 1 && region[rank - 1] == src_shape[rank - 1] && region[rank - 1] == dst_shape[rank - 1]) {
    const int64_t n = region[rank - 1];
    src_shape[rank - 2] *= n;
    dst_shape[rank - 2] *= n;
    src_origin[rank - 2] *= n;
    dst_origin[rank - 2] *= n;
    region[rank - 2] *= n;
    --rank;
  }
  std::vector<int64_t> ss(rank), ds(rank);
  int64_t s = 1, d = 1, total = 1;
  for (int i = rank - 1; i >= 0; --i) {
    ss[i] = s;
    ds[i] = d;
    s *= src_shape[i];
    d *= dst_shape[i];
    total *= region[i];
  }
  if (total == 0) return;
  int64_t src_base = 0, dst_base = 0;
  for (int i = 0; i < rank; ++i) {
    src_base += src_origin[i] * ss[i];
    dst_base += dst_origin[i] * ds[i];
  }
  const int64_t run = region[rank - 1];
  const int64_t rows = total / run;
  auto copy_rows = [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t rem = r, so = src_base, doff = dst_base;
      for (int i = rank - 2; i >= 0; --i) {
        const int64_t idx = rem % region[i];
        rem /= region[i];
        so += idx * ss[i];
        doff += idx * ds[i];
      }
      std::memcpy(dst + doff, src + so, sizeof(float) * run);
    }
  };
  if (total < kMinParallel || pool_threads() == 1) {
    copy_rows(0, rows);
    return;
  }
  const int tasks = static_cast<int>(std::min<int64_t>(rows, 16 * pool_threads()));
  parallel_for(tasks, [&](int t) { copy_rows(rows * t / tasks, rows * (t + 1) / tasks); });
}

void fill(float* dst, int64_t n, float value) {
  if (n < kMinParallel || pool_threads() == 1) {
    std::fill(dst, dst + n, value);
    return;
  }
  const int tasks = 4 * pool_threads();
  parallel_for(tasks, [&](int t) { std::fill(dst + n * t / tasks, dst + n * (t + 1) / tasks, value); });
}

}  // namespace aekit
