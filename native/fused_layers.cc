// Fused dense / convolution layers: the GEMM's (or convolution's) epilogue adds the bias and
// applies the activation while each output block is still in cache; tanh, which the epilogue
// does not have, runs afterwards as one vectorised in-place pass.
#include "fused_layers.h"

#include <algorithm>
#include <vector>

#include "elementwise.h"
#include "gemm.h"
#include "layer_grad.h"
#include "thread_pool.h"

namespace aekit {
namespace {

// Elements per chunk of the backward pass: big enough to amortise a task, small enough that
// large convolution outputs split over every thread.
constexpr int64_t kChunkElements = 1 << 14;
// Below this many elements a second thread costs more than it saves.
constexpr int64_t kMinParallelElements = 1 << 15;

Epilogue epilogue_of(const float* bias, LayerActivation act, float alpha) {
  Epilogue ep;
  ep.bias = bias;
  ep.alpha = alpha;
  switch (act) {
    case kLayerRelu: ep.act = kRelu; break;
    case kLayerLeakyRelu: ep.act = kLeakyRelu; break;
    case kLayerSigmoid: ep.act = kSigmoid; break;
    case kLayerElu: ep.act = kElu; break;
    default: ep.act = kLinear; break;  // linear; tanh: activate_in_place
  }
  return ep;
}

// The activation the epilogue leaves to a separate pass (over the whole output, in place).
void activate_in_place(float* y, int64_t n, LayerActivation act) {
  if (act == kLayerTanh) unary(kTanh, y, y, n, 0.f);
}

// Rows [r0, r1) with the running instruction set's loops.
void grad_rows(LayerActivation act, float alpha, const float* dy, const float* y, float* dz,
               double* sums, int64_t r0, int64_t r1, int64_t columns) {
  switch (active_isa()) {
#if defined(__x86_64__) || defined(__i386__)
    case Isa::kAvx512:
      return isa_avx512::bias_activation_grad_rows(act, alpha, dy, y, dz, sums, r0, r1, columns);
    case Isa::kAvx2:
      return isa_avx2::bias_activation_grad_rows(act, alpha, dy, y, dz, sums, r0, r1, columns);
#endif
    default:
      return isa_generic::bias_activation_grad_rows(act, alpha, dy, y, dz, sums, r0, r1, columns);
  }
}

void grad(const float* dy, const float* y, float* dz, float* db, int64_t rows, int64_t columns,
          LayerActivation act, float alpha) {
  const int64_t chunk_rows = std::max<int64_t>(1, kChunkElements / std::max<int64_t>(columns, 1));
  const int64_t chunks = (rows + chunk_rows - 1) / chunk_rows;
  std::vector<double> partial(db ? chunks * columns : 0, 0.0);
  auto run = [&](int i) {
    const int64_t r0 = i * chunk_rows, r1 = std::min(rows, r0 + chunk_rows);
    grad_rows(act, alpha, dy, y, dz, db ? partial.data() + i * columns : nullptr, r0, r1, columns);
  };
  if (rows * columns < kMinParallelElements || pool_threads() == 1) {
    for (int64_t i = 0; i < chunks; ++i) run(static_cast<int>(i));
  } else {
    parallel_for(static_cast<int>(chunks), run);
  }
  if (!db) return;
  for (int64_t c = 0; c < columns; ++c) {
    double sum = 0.0;
    for (int64_t i = 0; i < chunks; ++i) sum += partial[i * columns + c];
    db[c] = static_cast<float>(sum);
  }
}

}  // namespace

void dense_bias_activation(const float* x, const float* w, const float* bias, float* y, int64_t rows,
                           int64_t in, int64_t units, LayerActivation act, float alpha) {
  GemmArgs g;
  g.M = rows;
  g.N = units;
  g.K = in;
  g.A = x;
  g.lda = in;
  g.B = w;
  g.ldb = units;
  g.C = y;
  g.ldc = units;
  g.ep = epilogue_of(bias, act, alpha);
  sgemm(g);
  activate_in_place(y, rows * units, act);
}

void conv2d_bias_activation(const ConvShape& s, const float* x, const float* w, const float* bias,
                            float* y, LayerActivation act, float alpha) {
  conv2d(s, x, w, y, epilogue_of(bias, act, alpha));
  activate_in_place(y, s.batch * s.out_h * s.out_w * s.out_c, act);
}

void bias_activation_grad(const float* dy, const float* y, float* dz, float* db, int64_t rows,
                          int64_t columns, LayerActivation act, float alpha) {
  grad(dy, y, dz, db, rows, columns, act, alpha);
}

}  // namespace aekit
