#include "thread_pool.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AEKIT_PAUSE() _mm_pause()
#else
#define AEKIT_PAUSE() ((void)0)
#endif

namespace aekit {
namespace {

thread_local bool inside_task = false;

// Spins (~100 us) before a worker sleeps: kernels arrive back to back during training and a
// futex wake-up costs tens of microseconds, but longer spinning steals the core from others.
constexpr int kSpins = 4096;

class Pool {
 public:
  explicit Pool(int threads) {
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work_loop(i); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      generation_.fetch_add(1);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void run(int count, const std::function<void(int)>& task, int helpers) {
    {
      // Job fields change only under the lock, so a worker reads a consistent (generation, job).
      std::lock_guard<std::mutex> lock(mu_);
      job_ = &task;
      count_ = count;
      next_.store(0);
      wanted_helpers_ = helpers;
      open_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    drain();
    {
      // Helpers that have not started by now are not waited for: on a busy machine a worker may
      // not get a core for milliseconds, and the caller has already done its share of the work.
      std::lock_guard<std::mutex> lock(mu_);
      open_ = false;
    }
    for (int spin = 0; active_.load(std::memory_order_acquire) != 0; ++spin) {
      if (spin < 4096) AEKIT_PAUSE(); else std::this_thread::yield();
    }
    job_ = nullptr;
  }

 private:
  void drain() {
    inside_task = true;
    for (;;) {
      int i = next_.fetch_add(1, std::memory_order_relaxed);
      if (i >= count_) break;
      (*job_)(i);
    }
    inside_task = false;
  }

  void work_loop(int index) {
    uint64_t seen = 0;
    for (;;) {
      // Spin briefly before sleeping: kernels arrive back to back during training and a futex
      // wake-up costs tens of microseconds.
      uint64_t gen = generation_.load(std::memory_order_acquire);
      for (int spin = 0; gen == seen && spin < kSpins; ++spin) {
        AEKIT_PAUSE();
        gen = generation_.load(std::memory_order_acquire);
      }
      bool helps;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return generation_.load() != seen; });
        seen = generation_.load();
        if (stop_) return;
        helps = open_ && index <= wanted_helpers_;
        if (helps) active_.fetch_add(1, std::memory_order_relaxed);
      }
      if (!helps) continue;
      drain();
      active_.fetch_sub(1, std::memory_order_release);
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> next_{0};
  std::atomic<int> active_{0};  // helpers inside drain()
  bool open_ = false;            // helpers may still join the current job
  const std::function<void(int)>* job_ = nullptr;
  int count_ = 0;
  int wanted_helpers_ = 0;
  bool stop_ = false;
};

std::unique_ptr<Pool> pool;
int configured = 0;

int default_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

}  // namespace

int pool_threads() { return configured > 0 ? configured : (configured = default_threads()); }

void set_pool_threads(int n) {
  if (n < 1) n = 1;
  if (pool && pool->size() == n) return;
  pool.reset();
  configured = n;
}

void parallel_for(int count, const std::function<void(int)>& task, int max_threads) {
  int threads = pool_threads();
  if (max_threads > 0 && max_threads < threads) threads = max_threads;
  if (threads > count) threads = count;
  if (threads <= 1 || inside_task) {
    for (int i = 0; i < count; ++i) task(i);
    return;
  }
  if (!pool || pool->size() != pool_threads()) pool = std::make_unique<Pool>(pool_threads());
  pool->run(count, task, threads - 1);
}

}  // namespace aekit
