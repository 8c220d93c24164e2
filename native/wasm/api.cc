// The WebAssembly build's entry points: addon.cc's functions with pointers into the module's
// memory and 32-bit sizes instead of N-API values. The TypeScript side
// (src/backend/wasm/simd/addon.ts) checks lengths and copies arrays in and out; nothing here
// keeps a pointer past its call.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "../batchnorm.h"
#include "../conv.h"
#include "../copy.h"
#include "../elementwise.h"
#include "../fused_layers.h"
#include "../gemm.h"
#include "../pool.h"
#include "../thread_pool.h"

#define AEKIT_EXPORT(name) extern "C" __attribute__((export_name(#name))) 

namespace aekit {
namespace {

std::vector<int64_t> widen(const int32_t* v, int n) { return std::vector<int64_t>(v, v + n); }

ConvShape conv_shape(const int32_t* v) {
  return ConvShape{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
}

PoolShape pool_shape(const int32_t* v) {
  return PoolShape{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]};
}

ResizeShape resize_shape(const int32_t* v) {
  return ResizeShape{v[0], v[1], v[2], v[3], v[4], v[5], v[6] != 0, v[7] != 0};
}

Epilogue epilogue(const float* bias, int act, float alpha, const float* prelu) {
  Epilogue ep;
  ep.bias = bias;
  ep.act = static_cast<Activation>(act);
  ep.alpha = alpha;
  ep.prelu = prelu;
  return ep;
}

}  // namespace
}  // namespace aekit

using namespace aekit;

AEKIT_EXPORT(aekit_malloc) void* aekit_malloc(int32_t bytes) { return std::aligned_alloc(16, (bytes + 15) / 16 * 16); }
AEKIT_EXPORT(aekit_free) void aekit_free(void* p) { std::free(p); }

AEKIT_EXPORT(aekit_matmul)
void aekit_matmul(const float* A, const float* B, float* C, int32_t batch, int32_t M, int32_t N, int32_t K,
                  int32_t ta, int32_t tb, int32_t sa, int32_t sb, const float* bias, int32_t act, float alpha,
                  const float* prelu) {
  const Epilogue ep = epilogue(bias, act, alpha, prelu);
  for (int32_t i = 0; i < batch; ++i) {
    GemmArgs g;
    g.M = M;
    g.N = N;
    g.K = K;
    g.A = A + static_cast<int64_t>(i) * sa;
    g.lda = ta ? M : K;
    g.transA = ta != 0;
    g.B = B + static_cast<int64_t>(i) * sb;
    g.ldb = tb ? K : N;
    g.transB = tb != 0;
    g.C = C + static_cast<int64_t>(i) * M * N;
    g.ldc = N;
    g.ep = ep;
    sgemm(g);
  }
}

AEKIT_EXPORT(aekit_conv2d)
void aekit_conv2d(const float* x, const float* w, float* y, const int32_t* shape, const float* bias, int32_t act,
                  float alpha, const float* prelu) {
  conv2d(conv_shape(shape), x, w, y, epilogue(bias, act, alpha, prelu));
}

AEKIT_EXPORT(aekit_conv2d_backprop_input)
void aekit_conv2d_backprop_input(const float* dy, const float* w, float* dx, const int32_t* shape) {
  conv2d_backprop_input(conv_shape(shape), dy, w, dx);
}

AEKIT_EXPORT(aekit_conv2d_backprop_filter)
void aekit_conv2d_backprop_filter(const float* x, const float* dy, float* dw, const int32_t* shape) {
  conv2d_backprop_filter(conv_shape(shape), x, dy, dw);
}

AEKIT_EXPORT(aekit_max_pool) void aekit_max_pool(const float* x, float* y, const int32_t* shape) {
  max_pool(pool_shape(shape), x, y);
}

AEKIT_EXPORT(aekit_max_pool_grad)
void aekit_max_pool_grad(const float* x, const float* dy, float* dx, const int32_t* shape) {
  max_pool_grad(pool_shape(shape), x, dy, dx);
}

AEKIT_EXPORT(aekit_resize_nearest) void aekit_resize_nearest(const float* x, float* y, const int32_t* shape) {
  resize_nearest(resize_shape(shape), x, y);
}

AEKIT_EXPORT(aekit_resize_nearest_grad)
void aekit_resize_nearest_grad(const float* dy, float* dx, const int32_t* shape) {
  resize_nearest_grad(resize_shape(shape), dy, dx);
}

AEKIT_EXPORT(aekit_unary) void aekit_unary(int32_t op, const float* x, float* y, int32_t n, float param) {
  unary(static_cast<UnaryOp>(op), x, y, n, param);
}

AEKIT_EXPORT(aekit_binary)
void aekit_binary(int32_t op, const float* a, const int32_t* a_shape, const float* b, const int32_t* b_shape,
                  float* y, const int32_t* y_shape, int32_t rank) {
  const auto as = widen(a_shape, rank), bs = widen(b_shape, rank), ys = widen(y_shape, rank);
  binary(static_cast<BinaryOp>(op), a, as.data(), b, bs.data(), y, ys.data(), rank);
}

AEKIT_EXPORT(aekit_compare)
void aekit_compare(int32_t op, const float* a, const int32_t* a_shape, const float* b, const int32_t* b_shape,
                   uint8_t* y, const int32_t* y_shape, int32_t rank) {
  const auto as = widen(a_shape, rank), bs = widen(b_shape, rank), ys = widen(y_shape, rank);
  compare(static_cast<CompareOp>(op), a, as.data(), b, bs.data(), y, ys.data(), rank);
}

AEKIT_EXPORT(aekit_reduce)
void aekit_reduce(int32_t op, const float* x, float* y, int32_t outer, int32_t reduce_size, int32_t inner) {
  reduce(static_cast<ReduceOp>(op), x, y, outer, reduce_size, inner);
}

// slice: the region [begin, begin + size) of x into y.
AEKIT_EXPORT(aekit_slice)
void aekit_slice(const float* x, const int32_t* x_shape, const int32_t* begin, const int32_t* size, float* y,
                 int32_t rank) {
  const auto shape = widen(x_shape, rank), origin = widen(begin, rank), extent = widen(size, rank);
  const std::vector<int64_t> zero(rank, 0);
  copy_region(x, shape.data(), origin.data(), y, extent.data(), zero.data(), extent.data(), rank);
}

AEKIT_EXPORT(aekit_pad)
void aekit_pad(const float* x, const int32_t* x_shape, const int32_t* before, const int32_t* after, float value,
               float* y, int32_t rank) {
  const auto shape = widen(x_shape, rank), lead = widen(before, rank);
  std::vector<int64_t> out(rank);
  int64_t ny = 1;
  for (int32_t d = 0; d < rank; ++d) {
    out[d] = before[d] + x_shape[d] + after[d];
    ny *= out[d];
  }
  fill(y, ny, value);
  const std::vector<int64_t> zero(rank, 0);
  copy_region(x, shape.data(), zero.data(), y, out.data(), lead.data(), shape.data(), rank);
}

AEKIT_EXPORT(aekit_select)
void aekit_select(const uint8_t* condition, const float* t, const float* e, float* y, int32_t n) {
  select(condition, t, e, y, n);
}

AEKIT_EXPORT(aekit_affine_columns)
void aekit_affine_columns(const float* x, const float* scale, const float* shift, float* y, int32_t rows,
                          int32_t columns) {
  affine_columns(x, scale, shift, y, rows, columns);
}

AEKIT_EXPORT(aekit_tile)
void aekit_tile(const float* x, const int32_t* x_shape, const int32_t* reps, float* y, int32_t rank) {
  const auto shape = widen(x_shape, rank), r = widen(reps, rank);
  tile(x, shape.data(), r.data(), y, rank);
}

AEKIT_EXPORT(aekit_bce) void aekit_bce(const float* t, const float* p, float* y, int32_t n, float eps) {
  bce(t, p, y, n, eps);
}

AEKIT_EXPORT(aekit_bce_grad)
void aekit_bce_grad(const float* dy, const float* t, const float* p, float* dp, int32_t n, float eps) {
  bce_grad(dy, t, p, dp, n, eps);
}

AEKIT_EXPORT(aekit_leaky_relu_grad)
void aekit_leaky_relu_grad(const float* dy, const float* x, float* dx, int32_t n, float alpha) {
  leaky_relu_grad(dy, x, dx, n, alpha);
}

AEKIT_EXPORT(aekit_squared_difference_grad)
void aekit_squared_difference_grad(const float* dy, const float* a, const float* b, float* da, int32_t n) {
  squared_difference_grad(dy, a, b, da, n);
}

AEKIT_EXPORT(aekit_squared_difference_sum)
double aekit_squared_difference_sum(const float* a, const float* b, int32_t n) {
  return squared_difference_sum(a, b, n);
}

AEKIT_EXPORT(aekit_scaled_difference)
void aekit_scaled_difference(const float* a, const float* b, float* y, int32_t n, float scale) {
  scaled_difference(a, b, y, n, scale);
}

AEKIT_EXPORT(aekit_batch_norm_training)
void aekit_batch_norm_training(const float* x, const float* gamma, const float* beta, float* y, float* mean,
                               float* variance, int32_t rows, int32_t channels, double epsilon) {
  batch_norm_training(BatchNormShape{rows, channels, epsilon}, x, gamma, beta, y, mean, variance);
}

AEKIT_EXPORT(aekit_batch_norm_training_grad)
void aekit_batch_norm_training_grad(const float* dy, const float* x, const float* mean, const float* variance,
                                    const float* gamma, const float* dmean, const float* dvariance, float* dx,
                                    float* dgamma, float* dbeta, int32_t rows, int32_t channels, double epsilon) {
  batch_norm_training_grad(BatchNormShape{rows, channels, epsilon}, dy, x, mean, variance, gamma, dmean, dvariance,
                           dx, dgamma, dbeta);
}

AEKIT_EXPORT(aekit_adam_update)
void aekit_adam_update(float* w, float* m, float* v, const float* g, int32_t n, float step_size, double beta1,
                       double beta2, float epsilon) {
  const AdamRates rates{static_cast<float>(beta1), static_cast<float>(1.0 - beta1), static_cast<float>(beta2),
                        static_cast<float>(1.0 - beta2), epsilon};
  adam_update(w, m, v, g, n, step_size, rates);
}

AEKIT_EXPORT(aekit_dense_bias_activation)
void aekit_dense_bias_activation(const float* x, const float* w, const float* bias, float* y, int32_t rows,
                                 int32_t in, int32_t units, int32_t act, float alpha) {
  dense_bias_activation(x, w, bias, y, rows, in, units, static_cast<LayerActivation>(act), alpha);
}

AEKIT_EXPORT(aekit_conv2d_bias_activation)
void aekit_conv2d_bias_activation(const float* x, const float* w, const float* bias, float* y, const int32_t* shape,
                                  int32_t act, float alpha) {
  conv2d_bias_activation(conv_shape(shape), x, w, bias, y, static_cast<LayerActivation>(act), alpha);
}

AEKIT_EXPORT(aekit_bias_activation_grad)
void aekit_bias_activation_grad(const float* dy, const float* y, float* dz, float* db, int32_t rows, int32_t columns,
                                int32_t act, float alpha) {
  bias_activation_grad(dy, y, dz, db, rows, columns, static_cast<LayerActivation>(act), alpha);
}

AEKIT_EXPORT(aekit_set_threads) void aekit_set_threads(int32_t n) { set_pool_threads(n); }
AEKIT_EXPORT(aekit_threads) int32_t aekit_threads() { return pool_threads(); }
