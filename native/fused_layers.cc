// Fused dense / convolution layers: the GEMM's (or convolution's) epilogue adds the bias and
// applies the activation while each output block is still in cache; tanh, which the epilogue
// does not have, runs afterwards as one vectorised in-place pass.
#include "fused_layers.h"

#include <algorithm>
#include <vector>

#include "elementwise.h"
#include "gemm.h"
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

// dy * act'(y), in the order of operations of tfjs's own activation gradients.
struct Linear {
  float operator()(float dy, float) const { return dy; }
};
struct Relu {
  float operator()(float dy, float y) const { return dy * (y > 0.f ? 1.f : 0.f); }
};
struct LeakyRelu {
  float alpha;
  float operator()(float dy, float y) const { return y > 0.f ? dy : alpha * dy; }
};
struct Sigmoid {
  float operator()(float dy, float y) const { return dy * (y * (1.f - y)); }
};
struct Tanh {
  float operator()(float dy, float y) const { return dy * (1.f - y * y); }
};
struct Elu {
  float operator()(float dy, float y) const { return y >= 0.f ? dy : dy * (y + 1.f); }
};

// Rows [r0, r1): writes dz (if any) and adds each column's sum into sums (if any).
template <typename Derivative>
void grad_rows(const float* __restrict dy, const float* __restrict y, float* __restrict dz,
               double* __restrict sums, int64_t r0, int64_t r1, int64_t columns, Derivative d) {
  for (int64_t r = r0; r < r1; ++r) {
    const float* dy_row = dy + r * columns;
    const float* y_row = y ? y + r * columns : dy_row;
    float* dz_row = dz ? dz + r * columns : nullptr;
    if (dz_row && sums) {
      for (int64_t c = 0; c < columns; ++c) {
        const float v = d(dy_row[c], y_row[c]);
        dz_row[c] = v;
        sums[c] += v;
      }
    } else if (dz_row) {
      for (int64_t c = 0; c < columns; ++c) dz_row[c] = d(dy_row[c], y_row[c]);
    } else if (sums) {
      for (int64_t c = 0; c < columns; ++c) sums[c] += d(dy_row[c], y_row[c]);
    }
  }
}

template <typename Derivative>
void grad(const float* dy, const float* y, float* dz, float* db, int64_t rows, int64_t columns,
          Derivative d) {
  const int64_t chunk_rows = std::max<int64_t>(1, kChunkElements / std::max<int64_t>(columns, 1));
  const int64_t chunks = (rows + chunk_rows - 1) / chunk_rows;
  std::vector<double> partial(db ? chunks * columns : 0, 0.0);
  auto run = [&](int i) {
    const int64_t r0 = i * chunk_rows, r1 = std::min(rows, r0 + chunk_rows);
    grad_rows(dy, y, dz, db ? partial.data() + i * columns : nullptr, r0, r1, columns, d);
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
  switch (act) {
    case kLayerRelu: return grad(dy, y, dz, db, rows, columns, Relu{});
    case kLayerLeakyRelu: return grad(dy, y, dz, db, rows, columns, LeakyRelu{alpha});
    case kLayerSigmoid: return grad(dy, y, dz, db, rows, columns, Sigmoid{});
    case kLayerTanh: return grad(dy, y, dz, db, rows, columns, Tanh{});
    case kLayerElu: return grad(dy, y, dz, db, rows, columns, Elu{});
    default: return grad(dy, nullptr, nullptr, db, rows, columns, Linear{});
  }
}

}  // namespace aekit
