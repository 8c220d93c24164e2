// Dense and 2-D convolution layers as one call each way: the product, the bias and the
// activation forward; the activation's derivative and the bias gradient backward (the two
// remaining products, dx and dW, are plain GEMMs / convolution gradients).
#pragma once
#include <cstdint>

#include "conv.h"

namespace aekit {

// The activations whose derivative can be computed from the layer's output y alone (for leaky
// ReLU that needs alpha >= 0, so that y > 0 exactly where the pre-activation is).
enum LayerActivation : int {
  kLayerLinear = 0,
  kLayerRelu,
  kLayerLeakyRelu,
  kLayerSigmoid,
  kLayerTanh,
  kLayerElu,
  kLayerActivationCount
};

// y = act(x w + bias): x is [rows, in], w [in, units], bias [units] or nullptr, y [rows, units].
void dense_bias_activation(const float* x, const float* w, const float* bias, float* y, int64_t rows,
                           int64_t in, int64_t units, LayerActivation act, float alpha);

// y = act(conv2d(x, w) + bias), NHWC / HWIO as conv2d().
void conv2d_bias_activation(const ConvShape& s, const float* x, const float* w, const float* bias,
                            float* y, LayerActivation act, float alpha);

// Over dy and y viewed as [rows, columns]: dz = dy * act'(y) (not written when dz is nullptr,
// as for linear, where dz is dy) and db[c] = sum over rows of dz[r, c] (not written when db is
// nullptr). The sums run in double (over float sums of four rows) over a partition of the rows
// fixed by the shape alone, so the result does not depend on the thread count.
void bias_activation_grad(const float* dy, const float* y, float* dz, float* db, int64_t rows,
                          int64_t columns, LayerActivation act, float alpha);

}  // namespace aekit
