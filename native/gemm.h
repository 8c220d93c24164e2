// Single-precision GEMM: C = op(A) * op(B) (+ C when accumulating), then an optional fused
// epilogue (bias, activation). Row-major storage; op(X) is X or its transpose, read in place.
#pragma once
#include <cstdint>

namespace aekit {

enum Activation : int {
  kLinear = 0,
  kRelu = 1,
  kRelu6 = 2,
  kLeakyRelu = 3,
  kPrelu = 4,
  kSigmoid = 5,
  kElu = 6,
};

// Applied to each finished element C[i][j] (in this order): + bias, then the activation.
struct Epilogue {
  const float* bias = nullptr;   // length N (one value per column) or nullptr
  Activation act = kLinear;
  float alpha = 0.f;             // leaky-relu slope
  const float* prelu = nullptr;  // prelu slopes, length N (per column)
};

struct GemmArgs {
  int64_t M = 0, N = 0, K = 0;
  const float* A = nullptr;
  int64_t lda = 0;
  bool transA = false;  // A is stored K x M
  const float* B = nullptr;
  int64_t ldb = 0;
  bool transB = false;  // B is stored N x K
  float* C = nullptr;
  int64_t ldc = 0;
  bool accumulate = false;  // C += op(A) op(B) instead of C = ...
  Epilogue ep;
};

enum class Isa { kGeneric = 0, kAvx2 = 1, kAvx512 = 2 };

Isa best_isa();           // what this CPU supports
Isa active_isa();         // what is used (best unless overridden)
bool set_isa(Isa isa);    // false if the CPU lacks it or it was not compiled in
const char* isa_name(Isa isa);

// Multi-threaded over the pool unless max_threads == 1.
void sgemm(const GemmArgs& g, int max_threads = 0);

// Applies the epilogue to rows [m0, m1) x columns [n0, n1) of C (used for non-GEMM paths too).
void apply_epilogue(const Epilogue& ep, float* C, int64_t ldc, int64_t m0, int64_t m1,
                    int64_t n0, int64_t n1);

namespace isa_avx512 {
void sgemm_range(const GemmArgs& g, int64_t m0, int64_t m1, int64_t n0, int64_t n1);
void epilogue_range(const Epilogue& ep, float* C, int64_t ldc, int64_t m0, int64_t m1, int64_t n0,
                    int64_t n1);
}  // namespace isa_avx512
namespace isa_avx2 {
void sgemm_range(const GemmArgs& g, int64_t m0, int64_t m1, int64_t n0, int64_t n1);
void epilogue_range(const Epilogue& ep, float* C, int64_t ldc, int64_t m0, int64_t m1, int64_t n0,
                    int64_t n1);
}  // namespace isa_avx2
namespace isa_generic {
void sgemm_range(const GemmArgs& g, int64_t m0, int64_t m1, int64_t n0, int64_t n1);
void epilogue_range(const Epilogue& ep, float* C, int64_t ldc, int64_t m0, int64_t m1, int64_t n0,
                    int64_t n1);
}  // namespace isa_generic

}  // namespace aekit
