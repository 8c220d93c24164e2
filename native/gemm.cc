// SGEMM dispatch: picks the instruction set at run time and splits the output among threads.
#include "gemm.h"

#include <algorithm>

#include "thread_pool.h"

namespace aekit {
namespace {

Isa detect_isa() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")) return Isa::kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::kAvx2;
#endif
  return Isa::kGeneric;
}

Isa& current() {
  static Isa isa = detect_isa();
  return isa;
}

void run_range(const GemmArgs& g, int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
  switch (current()) {
#if defined(__x86_64__) || defined(__i386__)
    case Isa::kAvx512: isa_avx512::sgemm_range(g, m0, m1, n0, n1); return;
    case Isa::kAvx2: isa_avx2::sgemm_range(g, m0, m1, n0, n1); return;
#endif
    default: isa_generic::sgemm_range(g, m0, m1, n0, n1); return;
  }
}

// Row split unit is a multiple of every row tile (6, 12, 16); column unit of every column tile.
constexpr int64_t kRowUnit = 48;
constexpr int64_t kColUnit = 32;
// Where thread t's rows start: equal shares rounded to kRowAlign. Whole kRowUnit blocks split
// M = 128 into 48 + 80 rows; equal shares give 64 + 64. (Any split sums alike: each output's
// arithmetic does not depend on which tile it falls in.)
constexpr int64_t kRowAlign = 16;
int64_t row_split(int64_t M, int t, int threads) {
  if (t >= threads) return M;
  const int64_t share = M * t / threads;
  return std::min(M, (share + kRowAlign / 2) / kRowAlign * kRowAlign);
}
// Below this many multiply-adds a second thread costs more than it saves.
constexpr double kMinParallelMacs = 96.0 * 1024;

}  // namespace

Isa best_isa() { return detect_isa(); }
Isa active_isa() { return current(); }

bool set_isa(Isa isa) {
  if (static_cast<int>(isa) > static_cast<int>(detect_isa())) return false;
  current() = isa;
  return true;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx2: return "avx2";
    default: return "generic";
  }
}

void apply_epilogue(const Epilogue& ep, float* C, int64_t ldc, int64_t m0, int64_t m1, int64_t n0,
                    int64_t n1) {
  switch (current()) {
#if defined(__x86_64__) || defined(__i386__)
    case Isa::kAvx512: isa_avx512::epilogue_range(ep, C, ldc, m0, m1, n0, n1); return;
    case Isa::kAvx2: isa_avx2::epilogue_range(ep, C, ldc, m0, m1, n0, n1); return;
#endif
    default: isa_generic::epilogue_range(ep, C, ldc, m0, m1, n0, n1); return;
  }
}

void sgemm(const GemmArgs& g, int max_threads) {
  int threads = max_threads > 0 ? std::min(max_threads, pool_threads()) : pool_threads();
  const double macs = static_cast<double>(g.M) * g.N * std::max<int64_t>(g.K, 1);
  if (macs < kMinParallelMacs) threads = 1;
  const int64_t row_units = (g.M + kRowUnit - 1) / kRowUnit;
  const int64_t col_units = (g.N + kColUnit - 1) / kColUnit;
  const bool split_rows = row_units >= col_units ? row_units >= 2 : col_units < 2;
  const int64_t units = split_rows ? row_units : col_units;
  threads = static_cast<int>(std::min<int64_t>(threads, units));
  if (threads <= 1) {
    run_range(g, 0, g.M, 0, g.N);
    return;
  }
  parallel_for(threads, [&](int t) {
    if (split_rows) {
      run_range(g, row_split(g.M, t, threads), row_split(g.M, t + 1, threads), 0, g.N);
    } else {
      const int64_t u0 = units * t / threads, u1 = units * (t + 1) / threads;
      run_range(g, 0, g.M, u0 * kColUnit, std::min(g.N, u1 * kColUnit));
    }
  });
}

}  // namespace aekit
