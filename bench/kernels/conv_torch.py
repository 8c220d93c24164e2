"""PyTorch side of bench/kernels/conv.ts: times one convolution or pooling operation per case, exactly
the call PyTorch's own backward makes (aten.convolution_backward with one output selected, and
max_pool2d_with_indices_backward with the indices its forward recorded), NCHW tensors.

    /usr/bin/python3 bench/kernels/conv_torch.py '<json list of cases>' [threads=2]

A case is {"op": "conv"|"convInput"|"convFilter"|"poolGrad", "batch", "size", "cin", "cout"}
(3x3 'same' convolutions, 2x2 stride-2 pooling over cin channels). Prints one JSON list of
median milliseconds per call, in case order.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F


def median_ms(run, min_seconds=0.3, max_runs=200):
    run()
    times = []
    started = time.perf_counter()
    while len(times) < max_runs and (len(times) < 5 or time.perf_counter() - started < min_seconds):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    times.sort()
    return 1000 * times[len(times) // 2]


def case_runner(case):
    b, size, cin, cout = case['batch'], case['size'], case['cin'], case['cout']
    if case['op'] == 'poolGrad':
        x = torch.rand(b, cin, size, size)
        y, indices = F.max_pool2d(x, 2, 2, return_indices=True)
        dy = torch.rand_like(y)
        return lambda: torch.ops.aten.max_pool2d_with_indices_backward(dy, x, [2, 2], [2, 2], [0, 0], [1, 1], False, indices)
    x = torch.rand(b, cin, size, size)
    w = torch.rand(cout, cin, 3, 3)
    dy = torch.rand(b, cout, size, size)
    if case['op'] == 'conv':
        return lambda: F.conv2d(x, w, padding=1)
    mask = [True, False, False] if case['op'] == 'convInput' else [False, True, False]
    return lambda: torch.ops.aten.convolution_backward(dy, x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, mask)


def main():
    cases = json.loads(sys.argv[1])
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    with torch.no_grad():
        print(json.dumps([median_ms(case_runner(c)) for c in cases]))


if __name__ == '__main__':
    main()
