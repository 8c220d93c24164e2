// Tensor arrays of a few hundred KB are allocated by V8 through malloc. glibc maps each block
// above 128 KiB with mmap and unmaps it when freed, so every new array costs a page fault per
// 4 KiB (about 100 for one 784-wide batch of 128, ~0.2 ms). glibc raises that threshold by
// itself once it sees such blocks freed, but V8 frees them late and in bulk, so a short run
// can fault on every batch. Setting the thresholds where glibc's own adjustment ends (32 MiB,
// trim at twice that) keeps freed arrays for reuse from the start.
#include "heap_policy.h"

#include <climits>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace aekit {

bool set_heap_policy(size_t mmap_threshold, size_t trim_threshold) {
#ifdef __GLIBC__
  if (mmap_threshold > INT_MAX || trim_threshold > INT_MAX) return false;
  return mallopt(M_MMAP_THRESHOLD, static_cast<int>(mmap_threshold)) == 1 &&
         mallopt(M_TRIM_THRESHOLD, static_cast<int>(trim_threshold)) == 1;
#else
  (void)mmap_threshold;
  (void)trim_threshold;
  return false;
#endif
}

}  // namespace aekit
