"""PyTorch reference throughput for the deep and conv1 models (batch 128, Adam, MSE), to run
side by side with training-step.js under the same machine load:

    /usr/bin/python3 bench/profile/torch_step.py deep [steps=20] [threads=2]
"""
import sys
import time

import torch
from torch import nn


def deep():
    sizes = [784, 1000, 500, 250, 30, 250, 500, 1000, 784]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i == len(sizes) - 2:
            layers.append(nn.Sigmoid())
        elif sizes[i + 1] != 30:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers), (784,)


def conv1():
    def block(cin, cout, down):
        resize = nn.MaxPool2d(2, ceil_mode=True) if down else nn.Upsample(scale_factor=2)
        return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), resize]
    return nn.Sequential(
        nn.ZeroPad2d(2),
        *block(1, 16, True), *block(16, 16, True), *block(16, 8, True), *block(8, 8, True),
        *block(8, 8, False), *block(8, 8, False), *block(8, 16, False), *block(16, 1, False),
        nn.ZeroPad2d(-2),
    ), (1, 28, 28)


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else 'deep'
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    model, shape = {'deep': deep, 'conv1': conv1}[name]()
    x = torch.rand(128, *shape)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), x)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    train = time.perf_counter() - t0
    with torch.no_grad():
        model(x)
        t0 = time.perf_counter()
        for _ in range(steps):
            model(x)
        infer = time.perf_counter() - t0
    print(f'{name} pytorch {torch.__version__} threads={torch.get_num_threads()} batch 128, {steps} steps')
    print(f'train: {128 * steps / train:.0f} samples/s ({1000 * train / steps:.2f} ms/step)')
    print(f'infer: {128 * steps / infer:.0f} samples/s ({1000 * infer / steps:.2f} ms/batch)')


if __name__ == '__main__':
    main()
