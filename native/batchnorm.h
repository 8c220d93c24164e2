// Batch normalisation in training mode, fused: the batch statistics, the normalisation and the
// whole gradient each take one call instead of ~15 small tfjs kernels. x is viewed as
// [rows, channels] (channels last; rows = N*H*W) and statistics are per channel.
#pragma once
#include <cstdint>

namespace aekit {

struct BatchNormShape {
  int64_t rows, channels;
  double epsilon;
};

// mean and variance (biased: divided by rows, as tf.moments) of each channel, and
// y = (x - mean) / sqrt(variance + epsilon) * gamma + beta.
void batch_norm_training(const BatchNormShape& s, const float* x, const float* gamma,
                         const float* beta, float* y, float* mean, float* variance);

// Gradient of the above with the statistics depending on x: with xhat = (x - mean) * invstd,
// dbeta = sum(dy), dgamma = sum(dy * xhat) and
// dx = gamma * invstd / rows * (rows * dy - dbeta - xhat * dgamma)
//      + (dmean + 2 * (x - mean) * dvariance) / rows,
// the last line being the paths through the mean and variance outputs (dmean, dvariance are
// per channel, zeros when those outputs do not reach the loss).
void batch_norm_training_grad(const BatchNormShape& s, const float* dy, const float* x,
                              const float* mean, const float* variance, const float* gamma,
                              const float* dmean, const float* dvariance, float* dx, float* dgamma,
                              float* dbeta);

}  // namespace aekit
