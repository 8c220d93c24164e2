// How the C library's malloc treats large blocks (see heap_policy.cc).
#pragma once

#include <cstddef>

namespace aekit {

// Serves blocks below `mmap_threshold` bytes from the heap and keeps up to `trim_threshold`
// bytes of freed heap instead of returning them to the system. False where the C library has
// no such settings (anything but glibc) or refuses the values.
bool set_heap_policy(size_t mmap_threshold, size_t trim_threshold);

}  // namespace aekit
