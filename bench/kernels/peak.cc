// The peak multiply-add rate of one instruction set on one thread (peak.ts builds and runs it):
// PEAK_ACCUMULATORS independent vectors of PEAK_BYTES bytes, each step acc = acc * a + b. The
// chains are independent, so enough of them hide the multiply-add latency and the loop runs at
// the vector pipes' throughput. With a = 0.999, b = 0.001 every lane tends to 1 (no overflow, no
// denormals), so the sum the caller checks is PEAK_ACCUMULATORS.
//   x86:  g++ -O3 -mavx512f -mfma -DPEAK_BYTES=64   one FMA per step (vfmadd...ps zmm)
//         g++ -O3 -DPEAK_BYTES=16                   SSE: mulps + addps
//   wasm: em++ -O3 -msimd128                        f32x4.mul + f32x4.add
//         em++ -O3 -msimd128 -mrelaxed-simd         f32x4.relaxed_madd (clang 19)
// An x86 build is a program: `peak STEPS REPEATS` prints the fastest repeat's seconds and the sum.
// A wasm build exports peak_run, which the caller times.
#ifdef __wasm_relaxed_simd__
#include <wasm_simd128.h>
#endif

#ifndef PEAK_BYTES
#define PEAK_BYTES 16
#endif
#ifndef PEAK_ACCUMULATORS
#define PEAK_ACCUMULATORS 12
#endif

typedef float Vec __attribute__((vector_size(PEAK_BYTES)));

static inline Vec multiplyAdd(Vec acc, Vec a, Vec b) {
#ifdef __wasm_relaxed_simd__
  // clang does not contract a vector multiply and add into relaxed_madd by itself.
  return reinterpret_cast<Vec>(wasm_f32x4_relaxed_madd(reinterpret_cast<v128_t>(acc), reinterpret_cast<v128_t>(a),
                                                       reinterpret_cast<v128_t>(b)));
#else
  return acc * a + b;  // one FMA where the target has it (-mfma), else a multiply and an add
#endif
}

/** Runs `steps` steps; a and b come from the caller so the compiler cannot fold the loop. */
extern "C" float peak_run(int steps, float a, float b) {
  const Vec va = a - Vec{}, vb = b - Vec{};
  Vec acc[PEAK_ACCUMULATORS];
  for (int i = 0; i < PEAK_ACCUMULATORS; i++) acc[i] = Vec{} + static_cast<float>(i);
  for (int s = 0; s < steps; s++) {
#pragma GCC unroll 16
    for (int i = 0; i < PEAK_ACCUMULATORS; i++) acc[i] = multiplyAdd(acc[i], va, vb);
  }
  Vec sum = {};
  for (int i = 0; i < PEAK_ACCUMULATORS; i++) sum += acc[i];
  return sum[0];
}

#ifndef __wasm__
#include <chrono>
#include <cstdio>
#include <cstdlib>

// Called through a volatile pointer: else the compiler, seeing a pure function of constants,
// may run it once outside the timed region.
static float (*volatile peakRun)(int, float, float) = peak_run;

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 20000000, repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  double best = 1e30;
  float sum = 0;
  for (int r = 0; r < repeats; r++) {
    const auto start = std::chrono::steady_clock::now();
    sum = peakRun(steps, 0.999f, 0.001f);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds < best) best = seconds;
  }
  std::printf("%.9f %.6f\n", best, sum);
  return 0;
}
#endif
