// N-API entry points. Every function is synchronous: JS passes the input and (preallocated)
// output Float32Arrays plus shape numbers; nothing here allocates tensors or keeps references.
#include <node_api.h>

#include <cstring>
#include <string>
#include <vector>

#include "batchnorm.h"
#include "conv.h"
#include "copy.h"
#include "elementwise.h"
#include "fused_layers.h"
#include "gemm.h"
#include "heap_policy.h"
#include "pool.h"
#include "thread_pool.h"

namespace aekit {
namespace {

struct ArgError {
  std::string message;
};

class Args {
 public:
  Args(napi_env env, napi_callback_info info, size_t expected) : env_(env), argv_(expected) {
    size_t argc = expected;
    napi_get_cb_info(env, info, &argc, argv_.data(), nullptr, nullptr);
    if (argc < expected)
      throw ArgError{"expected " + std::to_string(expected) + " arguments, got " +
                     std::to_string(argc)};
  }

  bool is_null(size_t i) const {
    napi_valuetype t;
    napi_typeof(env_, argv_[i], &t);
    return t == napi_null || t == napi_undefined;
  }

  float* floats(size_t i, size_t min_length = 0) const {
    bool is_typed = false;
    napi_is_typedarray(env_, argv_[i], &is_typed);
    if (!is_typed) throw ArgError{"argument " + std::to_string(i) + " must be a Float32Array"};
    napi_typedarray_type type;
    size_t length;
    void* data;
    napi_get_typedarray_info(env_, argv_[i], &type, &length, &data, nullptr, nullptr);
    if (type != napi_float32_array)
      throw ArgError{"argument " + std::to_string(i) + " must be a Float32Array"};
    if (length < min_length)
      throw ArgError{"argument " + std::to_string(i) + " has " + std::to_string(length) +
                     " elements, needs " + std::to_string(min_length)};
    return static_cast<float*>(data);
  }

  size_t length(size_t i) const {
    size_t length = 0;
    if (napi_get_typedarray_info(env_, argv_[i], nullptr, &length, nullptr, nullptr, nullptr) != napi_ok)
      throw ArgError{"argument " + std::to_string(i) + " must be a typed array"};
    return length;
  }

  uint32_t array_length(size_t i) const {
    uint32_t length = 0;
    if (napi_get_array_length(env_, argv_[i], &length) != napi_ok)
      throw ArgError{"argument " + std::to_string(i) + " must be an array"};
    return length;
  }

  uint8_t* bytes(size_t i, size_t min_length = 0) const {
    bool is_typed = false;
    napi_is_typedarray(env_, argv_[i], &is_typed);
    napi_typedarray_type type = napi_int8_array;
    size_t length = 0;
    void* data = nullptr;
    if (is_typed) napi_get_typedarray_info(env_, argv_[i], &type, &length, &data, nullptr, nullptr);
    if (!is_typed || type != napi_uint8_array)
      throw ArgError{"argument " + std::to_string(i) + " must be a Uint8Array"};
    if (length < min_length)
      throw ArgError{"argument " + std::to_string(i) + " has " + std::to_string(length) +
                     " elements, needs " + std::to_string(min_length)};
    return static_cast<uint8_t*>(data);
  }

  float* optional_floats(size_t i, size_t min_length) const {
    return is_null(i) ? nullptr : floats(i, min_length);
  }

  double number(size_t i) const {
    double v;
    if (napi_get_value_double(env_, argv_[i], &v) != napi_ok)
      throw ArgError{"argument " + std::to_string(i) + " must be a number"};
    return v;
  }

  int64_t integer(size_t i) const { return static_cast<int64_t>(number(i)); }

  bool boolean(size_t i) const {
    bool v;
    if (napi_get_value_bool(env_, argv_[i], &v) != napi_ok)
      throw ArgError{"argument " + std::to_string(i) + " must be a boolean"};
    return v;
  }

  std::vector<int64_t> integers(size_t i, size_t count) const {
    uint32_t length = 0;
    if (napi_get_array_length(env_, argv_[i], &length) != napi_ok || length != count)
      throw ArgError{"argument " + std::to_string(i) + " must be an array of " +
                     std::to_string(count) + " numbers"};
    std::vector<int64_t> out(count);
    for (uint32_t k = 0; k < length; ++k) {
      napi_value v;
      double d;
      napi_get_element(env_, argv_[i], k, &v);
      napi_get_value_double(env_, v, &d);
      out[k] = static_cast<int64_t>(d);
    }
    return out;
  }

 private:
  napi_env env_;
  std::vector<napi_value> argv_;
};

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

template <typename F>
napi_value guarded(napi_env env, F body) {
  try {
    return body();
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, ("aekit native: " + e.message).c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, ("aekit native: " + std::string(e.what())).c_str());
  }
  return nullptr;
}

// The row width at argument i of a kernel over n values viewed as rows: positive, dividing n.
int64_t read_columns(const Args& a, size_t i, size_t n, const char* kernel) {
  const int64_t columns = a.integer(i);
  if (columns <= 0 || n % columns != 0)
    throw ArgError{std::string(kernel) + ": length " + std::to_string(n) + " is not a multiple of columns " +
                   std::to_string(columns)};
  return columns;
}

Epilogue read_epilogue(const Args& a, size_t first, int64_t n) {
  Epilogue ep;
  ep.bias = a.optional_floats(first, n);
  ep.act = static_cast<Activation>(a.integer(first + 1));
  ep.alpha = static_cast<float>(a.number(first + 2));
  ep.prelu = a.optional_floats(first + 3, n);
  if (ep.act == kPrelu && !ep.prelu) throw ArgError{"prelu activation needs slopes"};
  return ep;
}

ConvShape read_conv_shape(const Args& a, size_t i) {
  auto v = a.integers(i, 15);
  return ConvShape{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                   v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
}

PoolShape read_pool_shape(const Args& a, size_t i) {
  auto v = a.integers(i, 14);
  return PoolShape{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]};
}

ResizeShape read_resize_shape(const Args& a, size_t i) {
  auto v = a.integers(i, 8);
  return ResizeShape{v[0], v[1], v[2], v[3], v[4], v[5], v[6] != 0, v[7] != 0};
}

// matmul(a, b, c, batch, M, N, K, transA, transB, strideA, strideB, bias, act, alpha, prelu)
napi_value MatMul(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 15);
    const int64_t batch = a.integer(3), M = a.integer(4), N = a.integer(5), K = a.integer(6);
    const bool ta = a.boolean(7), tb = a.boolean(8);
    const int64_t sa = a.integer(9), sb = a.integer(10);
    const float* A = a.floats(0, (batch - 1) * sa + M * K);
    const float* B = a.floats(1, (batch - 1) * sb + K * N);
    float* C = a.floats(2, batch * M * N);
    const Epilogue ep = read_epilogue(a, 11, N);
    for (int64_t i = 0; i < batch; ++i) {
      GemmArgs g;
      g.M = M;
      g.N = N;
      g.K = K;
      g.A = A + i * sa;
      g.lda = ta ? M : K;
      g.transA = ta;
      g.B = B + i * sb;
      g.ldb = tb ? K : N;
      g.transB = tb;
      g.C = C + i * M * N;
      g.ldc = N;
      g.ep = ep;
      sgemm(g);
    }
    return undefined(env);
  });
}

// conv2d(x, w, y, shape[15], bias, act, alpha, prelu)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 8);
    const ConvShape s = read_conv_shape(a, 3);
    const float* x = a.floats(0, s.batch * s.in_h * s.in_w * s.in_c);
    const float* w = a.floats(1, s.k_h * s.k_w * s.in_c * s.out_c);
    float* y = a.floats(2, s.batch * s.out_h * s.out_w * s.out_c);
    conv2d(s, x, w, y, read_epilogue(a, 4, s.out_c));
    return undefined(env);
  });
}

// conv2dBackpropInput(dy, w, dx, shape[15])
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const ConvShape s = read_conv_shape(a, 3);
    const float* dy = a.floats(0, s.batch * s.out_h * s.out_w * s.out_c);
    const float* w = a.floats(1, s.k_h * s.k_w * s.in_c * s.out_c);
    float* dx = a.floats(2, s.batch * s.in_h * s.in_w * s.in_c);
    conv2d_backprop_input(s, dy, w, dx);
    return undefined(env);
  });
}

// conv2dBackpropFilter(x, dy, dw, shape[15])
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const ConvShape s = read_conv_shape(a, 3);
    const float* x = a.floats(0, s.batch * s.in_h * s.in_w * s.in_c);
    const float* dy = a.floats(1, s.batch * s.out_h * s.out_w * s.out_c);
    float* dw = a.floats(2, s.k_h * s.k_w * s.in_c * s.out_c);
    conv2d_backprop_filter(s, x, dy, dw);
    return undefined(env);
  });
}

// maxPool(x, y, shape[14])
napi_value MaxPool(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 3);
    const PoolShape s = read_pool_shape(a, 2);
    max_pool(s, a.floats(0, s.batch * s.in_h * s.in_w * s.channels),
             a.floats(1, s.batch * s.out_h * s.out_w * s.channels));
    return undefined(env);
  });
}

// maxPoolGrad(x, dy, dx, shape[14])
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const PoolShape s = read_pool_shape(a, 3);
    const int64_t in = s.batch * s.in_h * s.in_w * s.channels;
    max_pool_grad(s, a.floats(0, in), a.floats(1, s.batch * s.out_h * s.out_w * s.channels),
                  a.floats(2, in));
    return undefined(env);
  });
}

// resizeNearest(x, y, shape[8]) and resizeNearestGrad(dy, dx, shape[8])
napi_value ResizeNearest(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 3);
    const ResizeShape s = read_resize_shape(a, 2);
    resize_nearest(s, a.floats(0, s.batch * s.in_h * s.in_w * s.channels),
                   a.floats(1, s.batch * s.out_h * s.out_w * s.channels));
    return undefined(env);
  });
}

napi_value ResizeNearestGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 3);
    const ResizeShape s = read_resize_shape(a, 2);
    resize_nearest_grad(s, a.floats(0, s.batch * s.out_h * s.out_w * s.channels),
                        a.floats(1, s.batch * s.in_h * s.in_w * s.channels));
    return undefined(env);
  });
}

// unary(op, x, y, param)
napi_value Unary(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const int64_t op = a.integer(0);
    if (op < 0 || op >= kUnaryOpCount) throw ArgError{"unknown unary op " + std::to_string(op)};
    const size_t n = a.length(2);
    float* y = a.floats(2);
    const float* x = a.floats(1, n);
    unary(static_cast<UnaryOp>(op), x, y, static_cast<int64_t>(n), static_cast<float>(a.number(3)));
    return undefined(env);
  });
}

// Shapes of a broadcasting two-operand call (op, a, aShape, b, bShape, y, yShape), checked once
// for binary() and compare(): equal ranks, each operand dim equal to the output's or 1.
struct BroadcastShapes {
  std::vector<int64_t> as, bs, ys;
  int64_t na = 1, nb = 1, ny = 1;
  int rank = 0;
};

BroadcastShapes broadcast_shapes(Args& a) {
  BroadcastShapes s;
  const uint32_t rank = a.array_length(6);
  s.ys = a.integers(6, rank);
  s.as = a.integers(2, rank);
  s.bs = a.integers(4, rank);
  s.rank = static_cast<int>(rank);
  for (uint32_t d = 0; d < rank; ++d) {
    s.na *= s.as[d];
    s.nb *= s.bs[d];
    s.ny *= s.ys[d];
    if ((s.as[d] != s.ys[d] && s.as[d] != 1) || (s.bs[d] != s.ys[d] && s.bs[d] != 1))
      throw ArgError{"shapes do not broadcast"};
  }
  return s;
}

// binary(op, a, aShape, b, bShape, y, yShape): shapes are arrays of equal length
napi_value Binary(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 7);
    const int64_t op = a.integer(0);
    if (op < 0 || op >= kBinaryOpCount) throw ArgError{"unknown binary op " + std::to_string(op)};
    const BroadcastShapes s = broadcast_shapes(a);
    binary(static_cast<BinaryOp>(op), a.floats(1, s.na), s.as.data(), a.floats(3, s.nb), s.bs.data(),
           a.floats(5, s.ny), s.ys.data(), s.rank);
    return undefined(env);
  });
}

// compare(op, a, aShape, b, bShape, y (Uint8Array), yShape)
napi_value Compare(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 7);
    const int64_t op = a.integer(0);
    if (op < 0 || op >= kCompareOpCount) throw ArgError{"unknown compare op " + std::to_string(op)};
    const BroadcastShapes s = broadcast_shapes(a);
    compare(static_cast<CompareOp>(op), a.floats(1, s.na), s.as.data(), a.floats(3, s.nb), s.bs.data(),
            a.bytes(5, s.ny), s.ys.data(), s.rank);
    return undefined(env);
  });
}

// select(condition (Uint8Array), t, e, y): all the same length
napi_value Select(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const size_t n = a.length(3);
    select(a.bytes(0, n), a.floats(1, n), a.floats(2, n), a.floats(3, n), static_cast<int64_t>(n));
    return undefined(env);
  });
}

// affineColumns(x, scale, shift, y, columns)
napi_value AffineColumns(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 5);
    const size_t n = a.length(3);
    const int64_t columns = read_columns(a, 4, n, "affineColumns");
    affine_columns(a.floats(0, n), a.floats(1, columns), a.floats(2, columns), a.floats(3, n),
                   static_cast<int64_t>(n) / columns, columns);
    return undefined(env);
  });
}

// bce(t, p, y, eps) and bceGrad(dy, t, p, dp, eps): same-length arrays.
napi_value Bce(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const size_t n = a.length(2);
    bce(a.floats(0, n), a.floats(1, n), a.floats(2, n), static_cast<int64_t>(n), static_cast<float>(a.number(3)));
    return undefined(env);
  });
}

napi_value BceGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 5);
    const size_t n = a.length(3);
    bce_grad(a.floats(0, n), a.floats(1, n), a.floats(2, n), a.floats(3, n), static_cast<int64_t>(n),
             static_cast<float>(a.number(4)));
    return undefined(env);
  });
}

// leakyReluGrad(dy, x, dx, alpha): same-length arrays.
napi_value LeakyReluGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const size_t n = a.length(2);
    leaky_relu_grad(a.floats(0, n), a.floats(1, n), a.floats(2, n), static_cast<int64_t>(n),
                    static_cast<float>(a.number(3)));
    return undefined(env);
  });
}

// squaredDifferenceSum(a, b) -> sum((a - b)^2): same-length arrays.
napi_value SquaredDifferenceSum(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 2);
    const size_t n = a.length(0);
    napi_value result;
    napi_create_double(env, squared_difference_sum(a.floats(0, n), a.floats(1, n), static_cast<int64_t>(n)), &result);
    return result;
  });
}

// scaledDifference(a, b, y, scale): y = scale * (a - b), same-length arrays.
napi_value ScaledDifference(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const size_t n = a.length(2);
    scaled_difference(a.floats(0, n), a.floats(1, n), a.floats(2, n), static_cast<int64_t>(n),
                      static_cast<float>(a.number(3)));
    return undefined(env);
  });
}

// squaredDifferenceGrad(dy, a, b, da): same-length arrays.
napi_value SquaredDifferenceGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const size_t n = a.length(3);
    squared_difference_grad(a.floats(0, n), a.floats(1, n), a.floats(2, n), a.floats(3, n), static_cast<int64_t>(n));
    return undefined(env);
  });
}

// x viewed as [rows, channels] by its length: checks that it divides and returns the shape.
BatchNormShape read_batch_norm_shape(const Args& a, size_t x, size_t channels, size_t epsilon) {
  const int64_t C = a.integer(channels);
  const size_t n = a.length(x);
  if (C <= 0 || n % C != 0)
    throw ArgError{"batch norm: length " + std::to_string(n) + " is not a multiple of channels " +
                   std::to_string(C)};
  return BatchNormShape{static_cast<int64_t>(n) / C, C, a.number(epsilon)};
}

// batchNormTraining(x, gamma, beta, y, mean, variance, channels, epsilon)
napi_value BatchNormTraining(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 8);
    const BatchNormShape s = read_batch_norm_shape(a, 0, 6, 7);
    const int64_t n = s.rows * s.channels;
    batch_norm_training(s, a.floats(0, n), a.floats(1, s.channels), a.floats(2, s.channels),
                        a.floats(3, n), a.floats(4, s.channels), a.floats(5, s.channels));
    return undefined(env);
  });
}

// batchNormTrainingGrad(dy, x, mean, variance, gamma, dmean, dvariance, dx, dgamma, dbeta,
//                       channels, epsilon)
napi_value BatchNormTrainingGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 12);
    const BatchNormShape s = read_batch_norm_shape(a, 1, 10, 11);
    const int64_t n = s.rows * s.channels, C = s.channels;
    batch_norm_training_grad(s, a.floats(0, n), a.floats(1, n), a.floats(2, C), a.floats(3, C),
                             a.floats(4, C), a.floats(5, C), a.floats(6, C), a.floats(7, n),
                             a.floats(8, C), a.floats(9, C));
    return undefined(env);
  });
}

// tile(x, xShape, reps, y)
napi_value Tile(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const uint32_t rank = a.array_length(1);
    if (rank == 0) throw ArgError{"tile needs rank >= 1"};
    const auto shape = a.integers(1, rank), reps = a.integers(2, rank);
    int64_t nx = 1, ny = 1;
    for (uint32_t d = 0; d < rank; ++d) {
      nx *= shape[d];
      ny *= shape[d] * reps[d];
    }
    tile(a.floats(0, nx), shape.data(), reps.data(), a.floats(3, ny), static_cast<int>(rank));
    return undefined(env);
  });
}

// reduce(op, x, y, outer, reduceSize, inner)
napi_value Reduce(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 6);
    const int64_t op = a.integer(0);
    if (op < 0 || op >= kReduceOpCount) throw ArgError{"unknown reduce op " + std::to_string(op)};
    const int64_t outer = a.integer(3), r = a.integer(4), inner = a.integer(5);
    reduce(static_cast<ReduceOp>(op), a.floats(1, outer * r * inner), a.floats(2, outer * inner),
           outer, r, inner);
    return undefined(env);
  });
}

// slice(x, xShape, begin, size, y)
napi_value Slice(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 5);
    const uint32_t rank = a.array_length(1);
    const auto shape = a.integers(1, rank), begin = a.integers(2, rank), size = a.integers(3, rank);
    int64_t nx = 1, ny = 1;
    for (uint32_t d = 0; d < rank; ++d) {
      if (begin[d] < 0 || size[d] < 0 || begin[d] + size[d] > shape[d]) throw ArgError{"slice out of bounds"};
      nx *= shape[d];
      ny *= size[d];
    }
    const std::vector<int64_t> zero(rank, 0);
    copy_region(a.floats(0, nx), shape.data(), begin.data(), a.floats(4, ny), size.data(), zero.data(),
                size.data(), static_cast<int>(rank));
    return undefined(env);
  });
}

// pad(x, xShape, before, after, value, y)
napi_value Pad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 6);
    const uint32_t rank = a.array_length(1);
    const auto shape = a.integers(1, rank), before = a.integers(2, rank), after = a.integers(3, rank);
    std::vector<int64_t> out(rank);
    int64_t nx = 1, ny = 1;
    for (uint32_t d = 0; d < rank; ++d) {
      if (before[d] < 0 || after[d] < 0) throw ArgError{"negative padding"};
      out[d] = before[d] + shape[d] + after[d];
      nx *= shape[d];
      ny *= out[d];
    }
    float* y = a.floats(5, ny);
    fill(y, ny, static_cast<float>(a.number(4)));
    const std::vector<int64_t> zero(rank, 0);
    copy_region(a.floats(0, nx), shape.data(), zero.data(), y, out.data(), before.data(), shape.data(),
                static_cast<int>(rank));
    return undefined(env);
  });
}

// adamUpdate(w, m, v, g, stepSize, beta1, beta2, epsilon): w, m, v updated in place
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 8);
    const size_t n = a.length(0);
    if (a.length(1) != n || a.length(2) != n || a.length(3) != n)
      throw ArgError{"adamUpdate: w, m, v and g must have the same length"};
    float* w = a.floats(0);
    float* m = a.floats(1);
    float* v = a.floats(2);
    const float* g = a.floats(3);
    if (w == m || w == v || m == v || g == w || g == m || g == v)
      throw ArgError{"adamUpdate: w, m, v and g must be distinct arrays"};
    const double beta1 = a.number(5), beta2 = a.number(6);
    const AdamRates rates{static_cast<float>(beta1), static_cast<float>(1.0 - beta1),
                          static_cast<float>(beta2), static_cast<float>(1.0 - beta2),
                          static_cast<float>(a.number(7))};
    adam_update(w, m, v, g, static_cast<int64_t>(n), static_cast<float>(a.number(4)), rates);
    return undefined(env);
  });
}

LayerActivation read_layer_activation(const Args& a, size_t i) {
  const int64_t act = a.integer(i);
  if (act < 0 || act >= kLayerActivationCount)
    throw ArgError{"unknown layer activation " + std::to_string(act)};
  return static_cast<LayerActivation>(act);
}

// denseBiasActivation(x, w, bias | null, y, rows, in, units, activation, alpha)
napi_value DenseBiasActivation(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 9);
    const int64_t rows = a.integer(4), in = a.integer(5), units = a.integer(6);
    dense_bias_activation(a.floats(0, rows * in), a.floats(1, in * units), a.optional_floats(2, units),
                          a.floats(3, rows * units), rows, in, units, read_layer_activation(a, 7),
                          static_cast<float>(a.number(8)));
    return undefined(env);
  });
}

// conv2dBiasActivation(x, w, bias | null, y, shape[15], activation, alpha)
napi_value Conv2dBiasActivation(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 7);
    const ConvShape s = read_conv_shape(a, 4);
    conv2d_bias_activation(s, a.floats(0, s.batch * s.in_h * s.in_w * s.in_c),
                           a.floats(1, s.k_h * s.k_w * s.in_c * s.out_c), a.optional_floats(2, s.out_c),
                           a.floats(3, s.batch * s.out_h * s.out_w * s.out_c),
                           read_layer_activation(a, 5), static_cast<float>(a.number(6)));
    return undefined(env);
  });
}

// biasActivationGrad(dy, y | null, dz | null, db | null, columns, activation, alpha): dy, y and
// dz of one length, a multiple of columns.
napi_value BiasActivationGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 7);
    const size_t n = a.length(0);
    const int64_t columns = read_columns(a, 4, n, "biasActivationGrad");
    const LayerActivation act = read_layer_activation(a, 5);
    const float* y = a.optional_floats(1, n);
    if (act != kLayerLinear && !y) throw ArgError{"biasActivationGrad: this activation needs y"};
    bias_activation_grad(a.floats(0, n), y, a.optional_floats(2, n), a.optional_floats(3, columns),
                         static_cast<int64_t>(n) / columns, columns, act, static_cast<float>(a.number(6)));
    return undefined(env);
  });
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 1);
    set_pool_threads(static_cast<int>(a.integer(0)));
    return undefined(env);
  });
}

// setHeapPolicy(mmapThresholdBytes, trimThresholdBytes) -> boolean (false where unsupported)
napi_value SetHeapPolicy(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 2);
    napi_value result;
    napi_get_boolean(env, set_heap_policy(static_cast<size_t>(a.integer(0)), static_cast<size_t>(a.integer(1))), &result);
    return result;
  });
}

// setIsa('avx512' | 'avx2' | 'generic') -> boolean (false when the CPU lacks it)
napi_value SetIsa(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    napi_value argv[1];
    size_t argc = 1;
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
    char name[32] = {0};
    size_t len = 0;
    if (argc < 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok)
      throw ArgError{"setIsa expects a string"};
    Isa isa = Isa::kGeneric;
    if (std::strcmp(name, "avx512") == 0) isa = Isa::kAvx512;
    else if (std::strcmp(name, "avx2") == 0) isa = Isa::kAvx2;
    else if (std::strcmp(name, "generic") != 0) throw ArgError{std::string("unknown isa '") + name + "'"};
    napi_value result;
    napi_get_boolean(env, set_isa(isa), &result);
    return result;
  });
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value obj, v;
  napi_create_object(env, &obj);
  napi_create_string_utf8(env, isa_name(active_isa()), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "isa", v);
  napi_create_string_utf8(env, isa_name(best_isa()), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "bestIsa", v);
  napi_create_int32(env, pool_threads(), &v);
  napi_set_named_property(env, obj, "threads", v);
  return obj;
}

napi_value Init(napi_env env, napi_value exports) {
  const struct {
    const char* name;
    napi_callback fn;
  } functions[] = {
      {"matmul", MatMul},
      {"conv2d", Conv2d},
      {"conv2dBackpropInput", Conv2dBackpropInput},
      {"conv2dBackpropFilter", Conv2dBackpropFilter},
      {"maxPool", MaxPool},
      {"maxPoolGrad", MaxPoolGrad},
      {"resizeNearest", ResizeNearest},
      {"resizeNearestGrad", ResizeNearestGrad},
      {"unary", Unary},
      {"binary", Binary},
      {"reduce", Reduce},
      {"slice", Slice},
      {"compare", Compare},
      {"select", Select},
      {"affineColumns", AffineColumns},
      {"bce", Bce},
      {"bceGrad", BceGrad},
      {"leakyReluGrad", LeakyReluGrad},
      {"squaredDifferenceGrad", SquaredDifferenceGrad},
      {"squaredDifferenceSum", SquaredDifferenceSum},
      {"scaledDifference", ScaledDifference},
      {"tile", Tile},
      {"batchNormTraining", BatchNormTraining},
      {"batchNormTrainingGrad", BatchNormTrainingGrad},
      {"adamUpdate", AdamUpdate},
      {"denseBiasActivation", DenseBiasActivation},
      {"conv2dBiasActivation", Conv2dBiasActivation},
      {"biasActivationGrad", BiasActivationGrad},
      {"pad", Pad},
      {"setThreads", SetThreads},
      {"setIsa", SetIsa},
      {"setHeapPolicy", SetHeapPolicy},
      {"info", Info},
  };
  for (const auto& f : functions) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  return exports;
}

}  // namespace
}  // namespace aekit

NAPI_MODULE(NODE_GYP_MODULE_NAME, aekit::Init)
