// thread_pool.h for WebAssembly. The workers are not pthreads: the JavaScript loader starts
// Web Workers (worker_threads in Node) that instantiate this same module over one shared
// memory and each call aekit_worker_loop, which never returns. That keeps emscripten's
// pthread runtime (and its Node-only glue) out of the bundle. A job is handed out as in
// ../thread_pool.cc: task indices from an atomic counter; the calling thread takes part and
// only spins (a browser's main thread may not block on Atomics.wait).
#include <atomic>
#include <cstdint>
#include <functional>

#include "../thread_pool.h"

namespace aekit {
namespace {

#ifdef __wasm_atomics__
#define AEKIT_WAIT32(p, v) __builtin_wasm_memory_atomic_wait32(p, v, -1)
#define AEKIT_NOTIFY(p, n) __builtin_wasm_memory_atomic_notify(p, n)
#else
// The single-threaded build (no shared memory): never any workers to wait or wake.
#define AEKIT_WAIT32(p, v) ((void)(p), (void)(v))
#define AEKIT_NOTIFY(p, n) ((void)(p), (void)(n))
#endif

thread_local bool inside_task = false;

// Spins (~50-100 us) before a worker sleeps: kernels arrive back to back during training and an
// Atomics wake-up costs tens of microseconds.
constexpr int kSpins = 20000;

int workers_started = 0;  // set once by the loader, before any job
int configured = 1;

// Futex words must be 32-bit for memory.atomic.wait32.
std::atomic<int32_t> generation{0};
std::atomic<int32_t> open_generation{0};  // the generation helpers may still join; 0 = closed
std::atomic<int32_t> next{0};
std::atomic<int32_t> active{0};
const std::function<void(int)>* job = nullptr;
int job_count = 0;
int wanted_helpers = 0;

void drain() {
  inside_task = true;
  for (;;) {
    const int i = next.fetch_add(1, std::memory_order_relaxed);
    if (i >= job_count) break;
    (*job)(i);
  }
  inside_task = false;
}

void run(int count, const std::function<void(int)>& task, int helpers) {
  job = &task;
  job_count = count;
  wanted_helpers = helpers;
  next.store(0, std::memory_order_relaxed);
  const int32_t gen = generation.load(std::memory_order_relaxed) % 0x3fffffff + 1;
  open_generation.store(gen, std::memory_order_seq_cst);
  generation.store(gen, std::memory_order_seq_cst);
  AEKIT_NOTIFY(reinterpret_cast<int32_t*>(&generation), helpers);
  drain();
  // Helpers that have not started are not waited for (the job is done); ones inside drain are.
  open_generation.store(0, std::memory_order_seq_cst);
  while (active.load(std::memory_order_seq_cst) != 0) {
  }
  job = nullptr;
}

}  // namespace

int pool_threads() { return configured; }

void set_pool_threads(int n) {
  if (n < 1) n = 1;
  if (n > workers_started + 1) n = workers_started + 1;
  configured = n;
}

void parallel_for(int count, const std::function<void(int)>& task, int max_threads) {
  int threads = pool_threads();  // 1 in the single-threaded build: no workers are ever started
  if (max_threads > 0 && max_threads < threads) threads = max_threads;
  if (threads > count) threads = count;
  if (threads <= 1 || inside_task) {
    for (int i = 0; i < count; ++i) task(i);
    return;
  }
  run(count, task, threads - 1);
}

}  // namespace aekit

using namespace aekit;

extern "C" {

// The loader tells how many workers it started (each then calls aekit_worker_loop).
__attribute__((export_name("aekit_set_workers"))) void aekit_set_workers(int n) {
  workers_started = n < 0 ? 0 : n;
}

// A worker's whole life: wait for a job's generation, help if its index is wanted, repeat.
__attribute__((export_name("aekit_worker_loop"))) void aekit_worker_loop(int index) {
  int32_t seen = generation.load(std::memory_order_acquire);
  for (;;) {
    int32_t gen = generation.load(std::memory_order_acquire);
    for (int spin = 0; gen == seen && spin < kSpins; ++spin) gen = generation.load(std::memory_order_acquire);
    if (gen == seen) {
      AEKIT_WAIT32(reinterpret_cast<int32_t*>(&generation), seen);
      continue;
    }
    seen = gen;
    if (index > wanted_helpers) continue;
    active.fetch_add(1, std::memory_order_seq_cst);
    // Joined too late: the caller closed the job (and may already run the next one's set-up).
    if (open_generation.load(std::memory_order_seq_cst) == gen) drain();
    active.fetch_sub(1, std::memory_order_seq_cst);
  }
}

}  // extern "C"
