// A persistent pool of worker threads. The calling (JS) thread always takes part, so a pool of
// size n owns n-1 workers. Work is handed out as task indices through an atomic counter, which
// balances uneven tasks (e.g. images of different cost) without a scheduler.
#pragma once
#include <functional>

namespace aekit {

// Number of threads (caller included) that parallel loops use; at least 1.
int pool_threads();
void set_pool_threads(int n);

// Runs task(i) for i in [0, count), spread over up to `max_threads` threads (0 = all).
// Calls from inside a task run serially, so nested parallel code cannot deadlock.
void parallel_for(int count, const std::function<void(int)>& task, int max_threads = 0);

}  // namespace aekit
