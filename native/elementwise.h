// Element-wise maps, broadcasting binary operations and axis reductions.
#pragma once
#include <cstdint>

namespace aekit {

enum UnaryOp : int {
  kNeg = 0, kSquare, kSqrt, kRsqrt, kExp, kLog, kAbs, kReluOp, kRelu6Op, kSigmoidOp, kTanh,
  kReciprocal, kStep, kLeakyReluOp, kEluOp, kUnaryOpCount
};
// The *Grad ops are activation gradients, a = dy and b = what the forward op saved (x for ReLU,
// y for sigmoid and tanh), in the order of operations of tfjs's own gradients.
enum BinaryOp : int {
  kAdd = 0, kSub, kMul, kDiv, kMaximum, kMinimum, kSquaredDifference, kPreluOp, kReluGrad,
  kSigmoidGrad, kTanhGrad, kBinaryOpCount
};
enum ReduceOp : int { kSum = 0, kMax, kMin, kMean, kReduceOpCount };
enum CompareOp : int { kGreater = 0, kGreaterEqual, kLess, kLessEqual, kEqual, kNotEqual, kCompareOpCount };

// y[i] = op(x[i]); `param` is the slope of Step/LeakyRelu.
void unary(UnaryOp op, const float* x, float* y, int64_t n, float param);

// y = op(a, b) with numpy broadcasting. Shapes are given right-aligned at a common rank.
void binary(BinaryOp op, const float* a, const int64_t* a_shape, const float* b,
            const int64_t* b_shape, float* y, const int64_t* y_shape, int rank);

// Binary cross-entropy of probabilities p against targets t, element-wise, with p clipped to
// [eps, 1 - eps] first (as the composed tfjs loss does): y = -(t log p + (1 - t) log(1 - p)).
void bce(const float* t, const float* p, float* y, int64_t n, float eps);

// Its gradient with respect to p, times dy; zero where p lies outside [eps, 1 - eps] (the
// gradient of tfjs's clipByValue).
void bce_grad(const float* dy, const float* t, const float* p, float* dp, int64_t n, float eps);

// LeakyReLU's gradient: dx = x > 0 ? dy : alpha * dy (tfjs's where(greater(x, 0), ...)).
void leaky_relu_grad(const float* dy, const float* x, float* dx, int64_t n, float alpha);

// The gradient of (a - b)^2 with respect to a: da = dy * (2 * (a - b)) (tfjs's order).
void squared_difference_grad(const float* dy, const float* a, const float* b, float* da, int64_t n);

// sum((a - b)^2), accumulated in double; the same value on any thread count.
double squared_difference_sum(const float* a, const float* b, int64_t n);

// y = scale * (a - b): the mean squared error's gradient with scale = 2 dy / n.
void scaled_difference(const float* a, const float* b, float* y, int64_t n, float scale);

// y = (a op b) as 0/1 bytes, broadcasting like binary().
void compare(CompareOp op, const float* a, const int64_t* a_shape, const float* b,
             const int64_t* b_shape, uint8_t* y, const int64_t* y_shape, int rank);

// y[i] = condition[i] ? t[i] : e[i]
void select(const uint8_t* condition, const float* t, const float* e, float* y, int64_t n);

// x viewed as [rows, columns]: y = x * scale[column] + shift[column] (batch normalisation).
void affine_columns(const float* x, const float* scale, const float* shift, float* y, int64_t rows,
                    int64_t columns);

// y = x repeated reps[d] times along each dim d.
void tile(const float* x, const int64_t* x_shape, const int64_t* reps, float* y, int rank);

// x viewed as [outer, reduce, inner]; y[o, i] = op over r of x[o, r, i]. Sums run in double.
void reduce(ReduceOp op, const float* x, float* y, int64_t outer, int64_t reduce_size,
            int64_t inner);

// Adam's decay rates and their complements, the complements computed in double as the caller
// does (1 - 0.999f in float is 5e-5 off 0.001f).
struct AdamRates {
  float beta1, one_minus_beta1, beta2, one_minus_beta2, epsilon;
};

// One Adam step in place over n parameters: m and v are the moments, g the gradient (read
// only); the bias corrections are folded into step_size (Keras's rule).
void adam_update(float* w, float* m, float* v, const float* g, int64_t n, float step_size,
                 const AdamRates& rates);

namespace isa_avx512 {
void bce_range(const float* t, const float* p, float* y, int64_t n, float eps);
void bce_grad_range(const float* dy, const float* t, const float* p, float* dp, int64_t n, float eps);
void adam_range(float* w, float* m, float* v, const float* g, int64_t n, float step_size,
                const AdamRates& rates);
double squared_difference_sum_range(const float* a, const float* b, int64_t n);
void unary_range(UnaryOp op, const float* x, float* y, int64_t n, float param);
void binary_range(BinaryOp op, const float* a, int64_t sa, const float* b, int64_t sb, float* y,
                  int64_t n);
}
namespace isa_avx2 {
void bce_range(const float* t, const float* p, float* y, int64_t n, float eps);
void bce_grad_range(const float* dy, const float* t, const float* p, float* dp, int64_t n, float eps);
void adam_range(float* w, float* m, float* v, const float* g, int64_t n, float step_size,
                const AdamRates& rates);
double squared_difference_sum_range(const float* a, const float* b, int64_t n);
void unary_range(UnaryOp op, const float* x, float* y, int64_t n, float param);
void binary_range(BinaryOp op, const float* a, int64_t sa, const float* b, int64_t sb, float* y,
                  int64_t n);
}
namespace isa_generic {
void bce_range(const float* t, const float* p, float* y, int64_t n, float eps);
void bce_grad_range(const float* dy, const float* t, const float* p, float* dp, int64_t n, float eps);
void adam_range(float* w, float* m, float* v, const float* g, int64_t n, float step_size,
                const AdamRates& rates);
double squared_difference_sum_range(const float* a, const float* b, int64_t n);
void unary_range(UnaryOp op, const float* x, float* y, int64_t n, float param);
void binary_range(BinaryOp op, const float* a, int64_t sa, const float* b, int64_t sb, float* y,
                  int64_t n);
}

}  // namespace aekit
