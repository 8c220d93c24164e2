"""PyTorch's SGEMM speed, driven by bench/kernels/gemm.ts so both are timed in the same run, shape by
shape. Reads one JSON request per line from stdin, {"m", "n", "k", "ta", "tb", "ms"}, and answers
with one line: the median milliseconds of torch.mm on that shape (operands stored exactly as
aekit stores them, so a transpose is a view, as in torch.nn.Linear's backward).

    /usr/bin/python3 bench/kernels/gemm_torch.py [threads=2]
"""
import json
import sys
import time

import torch


def operands(m, n, k, ta, tb):
    a = torch.rand(k, m).t() if ta else torch.rand(m, k)
    b = torch.rand(n, k).t() if tb else torch.rand(k, n)
    return a, b, torch.empty(m, n)


def median_ms(m, n, k, ta, tb, budget_ms):
    a, b, out = operands(m, n, k, ta, tb)
    torch.mm(a, b, out=out)
    times = []
    started = time.perf_counter()
    while len(times) < 5 or (time.perf_counter() - started) * 1e3 < budget_ms:
        t0 = time.perf_counter()
        torch.mm(a, b, out=out)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times[len(times) // 2]


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        r = json.loads(line)
        ms = median_ms(r["m"], r["n"], r["k"], r["ta"], r["tb"], r["ms"])
        print(json.dumps({"ms": ms}), flush=True)


if __name__ == "__main__":
    main()
