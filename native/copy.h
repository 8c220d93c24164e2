// Strided block copies behind Slice and PadV2 (any rank, float32, row-major).
#pragma once
#include <cstdint>

namespace aekit {

// Copies the box `region` starting at src_origin in src into dst at dst_origin (equal ranks).
void copy_region(const float* src, const int64_t* src_shape, const int64_t* src_origin, float* dst,
                 const int64_t* dst_shape, const int64_t* dst_origin, const int64_t* region,
                 int rank);

void fill(float* dst, int64_t n, float value);

}  // namespace aekit
