#!/usr/bin/python3
"""PyTorch reference for `npm run bench`: the same autoencoders as aekit, timed the same way.

Architectures follow aekit's Keras-style models layer for layer (glorot-uniform kernels, zero
biases, 'same' padding, BatchNorm momentum 0.01 = Keras 0.99 and eps 1e-3, nearest upsampling,
LeakyReLU 0.2); Adam uses Keras's epsilon 1e-7. Prints one JSON object on stdout (progress on
stderr) with the same fields the aekit worker reports (bench/types.ts), so the driver can put
both in one table. Run by bench/run.ts as:

  /usr/bin/python3 bench/torch_ref.py --train-images F --test-images F --models dense,conv1 \
      --batches 20 --infer-batches 80 --reps 3 --threads 2 --test-count 2000
  /usr/bin/python3 bench/torch_ref.py --params-only --models dense,conv1,conv2,deep,vae
  /usr/bin/python3 bench/torch_ref.py --models dense --forward-check META.json   (used by the tests)
"""
import argparse
import gzip
import json
import statistics
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as error:  # the driver shows this and skips the PyTorch column
    print("AEKIT_BENCH_RESULT " + json.dumps({"engine": "pytorch", "threads": 0, "detail": "", "error": f"import torch failed: {error!r}"}))
    sys.exit(3)

RESULT_MARKER = "AEKIT_BENCH_RESULT "  # bench/types.ts
TURN_MARKER = "AEKIT_BENCH_TURN "  # bench/types.ts, bench/turns.ts

BATCH = 128
# Untimed warm-up: training and inference batches until this many of each, or this many seconds
# of each; bench/measure.ts holds the same numbers and says why.
WARMUP_BATCHES = 300
WARMUP_SECONDS = 15
WARMUP_WINDOW = 20  # training batches per warm-up epoch, on successive windows of the images
FLAT_MODELS = {"dense", "deep", "vae"}


def log(message):
    print(f"[torch] {message}", file=sys.stderr, flush=True)


# ---- data ---------------------------------------------------------------------------------

def read_idx_images(path, limit):
    """IDX3 unsigned-byte images (raw or gzipped) -> float32 [n, 784] in [0, 1]."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        header = np.frombuffer(f.read(16), dtype=">i4")
        if header[0] != 2051:
            raise ValueError(f"{path}: not an IDX3 image file (magic {header[0]}, expected 2051)")
        count = min(int(header[1]), limit)
        pixels = int(header[2]) * int(header[3])
        raw = np.frombuffer(f.read(count * pixels), dtype=np.uint8)
    return torch.from_numpy(raw.reshape(count, pixels).astype(np.float32) / 255.0)


def model_input(name, flat):
    return flat if name in FLAT_MODELS else flat.reshape(-1, 1, 28, 28)


# ---- models -------------------------------------------------------------------------------

class Crop2d(nn.Module):
    def __init__(self, crop):
        super().__init__()
        self.crop = crop

    def forward(self, x):
        c = self.crop
        return x[:, :, c:-c, c:-c]


def conv(cin, cout):
    return nn.Conv2d(cin, cout, 3, padding=1)  # 3x3 'same'


def batch_norm(channels):
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)  # Keras momentum 0.99


def upsample():
    return nn.Upsample(scale_factor=2, mode="nearest")


def dense_chain(sizes, hidden_act, last_act):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        act = last_act if i == len(sizes) - 2 else hidden_act
        if act is not None:
            layers.append(act())
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    """Plain autoencoder: MSE reconstruction loss (Keras mean over every element)."""

    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder, self.decoder = encoder, decoder

    def reconstruct(self, x):
        return self.decoder(self.encoder(x))

    def loss(self, x):
        return F.mse_loss(self.reconstruct(x), x)


class DenseVae(nn.Module):
    """Keras VAE example: relu 512 -> z_mean, z_log_var (2) -> sample -> relu 512 -> sigmoid 784.
    Loss per image: BCE summed over pixels + KL, averaged over the batch."""

    def __init__(self, hidden=512, latent=2, pixels=784):
        super().__init__()
        # Registered in the order of aekit's layers (its flat model lists z_log_var last), so the
        # forward check can load aekit's weights in order.
        self.trunk = nn.Sequential(nn.Linear(pixels, hidden), nn.ReLU())
        self.z_mean = nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, pixels), nn.Sigmoid())
        self.z_log_var = nn.Linear(hidden, latent)

    def reconstruct(self, x):
        return self.decoder(self.z_mean(self.trunk(x)))  # from the posterior mean, as aekit

    def loss(self, x):
        h = self.trunk(x)
        mean, log_var = self.z_mean(h), self.z_log_var(h)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        out = self.decoder(z)
        # Keras clips probabilities to [1e-7, 1 - 1e-7] before the log; so does aekit.
        p = out.clamp(1e-7, 1 - 1e-7)
        bce = -(x * torch.log(p) + (1 - x) * torch.log(1 - p)).sum(dim=1).mean()
        kl = (-0.5 * (1 + log_var - mean.pow(2) - log_var.exp()).sum(dim=1)).mean()
        return bce + kl


def build_conv1():
    encoder = nn.Sequential(
        nn.ZeroPad2d(2),
        conv(1, 16), nn.ReLU(), nn.MaxPool2d(2),
        conv(16, 16), nn.ReLU(), nn.MaxPool2d(2),
        conv(16, 8), nn.ReLU(), nn.MaxPool2d(2),
        conv(8, 8), nn.ReLU(), nn.MaxPool2d(2),
    )
    decoder = nn.Sequential(
        conv(8, 8), nn.ReLU(), upsample(),
        conv(8, 8), nn.ReLU(), upsample(),
        conv(8, 16), nn.ReLU(), upsample(),
        conv(16, 1), nn.ReLU(), upsample(),
        Crop2d(2),
    )
    return Autoencoder(encoder, decoder)


def build_conv2():
    leaky = lambda: nn.LeakyReLU(0.2)
    encoder = nn.Sequential(
        conv(1, 16), nn.MaxPool2d(2), leaky(), batch_norm(16),
        conv(16, 8), nn.MaxPool2d(2), leaky(), batch_norm(8),
    )
    decoder = nn.Sequential(
        conv(8, 8), nn.ReLU(), upsample(), leaky(), batch_norm(8),
        conv(8, 1), nn.ReLU(), upsample(), leaky(), batch_norm(1),
    )
    return Autoencoder(encoder, decoder)


def build_model(name):
    if name == "dense":
        model = Autoencoder(dense_chain([784, 32], None, nn.ReLU), dense_chain([32, 784], None, nn.Sigmoid))
    elif name == "deep":
        model = Autoencoder(dense_chain([784, 1000, 500, 250, 30], nn.ReLU, None),
                            dense_chain([30, 250, 500, 1000, 784], nn.ReLU, nn.Sigmoid))
    elif name == "conv1":
        model = build_conv1()
    elif name == "conv2":
        model = build_conv2()
    elif name == "vae":
        model = DenseVae()
    else:
        raise ValueError(f"--models: unknown model '{name}' (expected dense, conv1, conv2, deep or vae)")
    for module in model.modules():  # Keras initialisation
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)
    return model


def count_params(model):
    """Keras counts BatchNorm's moving mean/variance as (non-trainable) parameters; so do we."""
    buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
    return sum(p.numel() for p in model.parameters()) + buffers


def load_keras_weights(model, arrays):
    """aekit's (Keras-layout) weights, in layer order, into this model's parameters and BatchNorm statistics."""
    targets = [(n, t) for n, t in model.state_dict().items() if not n.endswith("num_batches_tracked")]
    if len(targets) != len(arrays):
        raise ValueError(f"forward check: aekit has {len(arrays)} weight tensors, the PyTorch model {len(targets)}")
    state = {}
    for (name, target), array in zip(targets, arrays):
        if array.ndim == 2:
            array = array.T  # dense kernel [in, out] -> [out, in]
        elif array.ndim == 4:
            array = array.transpose(3, 2, 0, 1)  # conv kernel HWIO -> OIHW
        if tuple(array.shape) != tuple(target.shape):
            raise ValueError(f"forward check: {name} has shape {tuple(target.shape)}, aekit's weight {tuple(array.shape)}")
        state[name] = torch.from_numpy(np.ascontiguousarray(array))
    model.load_state_dict(state, strict=False)


def forward_check(meta_path):
    """Reconstructions (inference mode) of aekit's input with aekit's weights, per model."""
    with open(meta_path) as f:
        meta = json.load(f)
    values = np.fromfile(meta["binary"], dtype="<f4")
    count = meta["inputCount"]
    flat = torch.from_numpy(values[:count * 784].reshape(count, 784).copy())
    offset, out = count * 784, {}
    for entry in meta["models"]:
        arrays = []
        for shape in entry["shapes"]:
            size = int(np.prod(shape))
            arrays.append(values[offset:offset + size].reshape(shape))
            offset += size
        model = build_model(entry["name"])
        load_keras_weights(model, arrays)
        model.eval()
        with torch.no_grad():
            out[entry["name"]] = model.reconstruct(model_input(entry["name"], flat)).reshape(count, -1).tolist()
    return out


# ---- measurements -------------------------------------------------------------------------

def train_epoch(model, optimizer, data, generator):
    model.train()
    order = torch.randperm(data.shape[0], generator=generator)
    for start in range(0, data.shape[0], BATCH):
        loss = model.loss(data[order[start:start + BATCH]])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss.item()  # aekit's trainer reads every batch's loss too


def infer(model, data):
    model.eval()
    with torch.no_grad():
        for start in range(0, data.shape[0], BATCH):
            model.reconstruct(data[start:start + BATCH]).numpy()


def test_mse(model, data):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for start in range(0, data.shape[0], BATCH):
            x = data[start:start + BATCH]
            total += F.mse_loss(model.reconstruct(x), x, reduction="sum").item()
    return total / data.numel()


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def breakdown(model, optimizer, data, batches=3):
    """Median milliseconds per batch of forward (incl. loss), backward and the Adam update."""
    model.train()
    fwd, bwd, upd = [], [], []
    for i in range(batches):
        x = data[(i * BATCH) % data.shape[0]:][:BATCH]
        optimizer.zero_grad(set_to_none=True)
        t0 = time.perf_counter()
        loss = model.loss(x)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        optimizer.step()
        t3 = time.perf_counter()
        fwd.append(t1 - t0), bwd.append(t2 - t1), upd.append(t3 - t2)
    ms = lambda xs: 1000 * statistics.median(xs)
    return {"forwardMs": ms(fwd), "backwardMs": ms(bwd), "updateMs": ms(upd)}


def adam(model):
    return torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)


def turn(args, label):
    """With --turns, waits for the driver's go before a timed part (bench/turns.ts)."""
    if not args.turns:
        return
    print(TURN_MARKER + label, flush=True)
    if not sys.stdin.readline():
        raise SystemExit(f"bench: the driver closed stdin while this process waited for its turn ({label})")


def warm_up_training(model, optimizer, train, generator):
    """As bench/measure.ts: one batch, then 20-batch windows; returns the batches trained."""
    train_epoch(model, optimizer, train[:BATCH], generator)
    start, batches, chunk = time.perf_counter(), 1, 0
    while batches < WARMUP_BATCHES and time.perf_counter() - start < WARMUP_SECONDS:
        count = min(WARMUP_WINDOW, WARMUP_BATCHES - batches) * BATCH
        first = ((1 + chunk * WARMUP_WINDOW) * BATCH) % max(1, train.shape[0] - count)
        train_epoch(model, optimizer, train[first:first + count], generator)
        batches += count // BATCH
        chunk += 1
    return batches


def warm_up_inference(model, infer_set):
    start, done = time.perf_counter(), 0
    while done < WARMUP_BATCHES and time.perf_counter() - start < WARMUP_SECONDS:
        infer(model, infer_set)
        done += -(-infer_set.shape[0] // BATCH)


def speed(name, args, train_flat, test_flat):
    turn(args, f"{name} warm-up")
    torch.manual_seed(1)
    model = build_model(name)
    optimizer = adam(model)
    generator = torch.Generator().manual_seed(2)
    train = model_input(name, train_flat)
    test = model_input(name, test_flat)
    timed_set = train[:args.batches * BATCH]
    infer_set = train[:args.infer_batches * BATCH]
    warmup = warm_up_training(model, optimizer, train, generator)
    warm_up_inference(model, infer_set)
    train_rates, infer_rates = [], []
    for rep in range(args.reps):
        turn(args, f"{name} rep {rep + 1}")
        train_rates.append(timed_set.shape[0] / timed(lambda: train_epoch(model, optimizer, timed_set, generator)))
        infer_rates.append(infer_set.shape[0] / timed(lambda: infer(model, infer_set)))
        log(f"{name} rep {rep + 1}/{args.reps}: train {train_rates[-1]:.0f}/s, infer {infer_rates[-1]:.0f}/s")
    turn(args, f"{name} test MSE and breakdown")
    return {
        "model": name,
        "params": count_params(model),
        "batchSize": BATCH,
        "batchesTrained": warmup + args.reps * args.batches,
        "trainSamplesPerSec": train_rates,
        "inferSamplesPerSec": infer_rates,
        "testMse": test_mse(model, test),
        "breakdown": breakdown(model, optimizer, timed_set),
    }


def quality(name, epochs, train_flat, test_flat):
    torch.manual_seed(1)
    model = build_model(name)
    optimizer = adam(model)
    generator = torch.Generator().manual_seed(2)
    train = model_input(name, train_flat)
    test = model_input(name, test_flat)
    mse, start = {}, time.perf_counter()
    for epoch in range(1, max(epochs) + 1):
        train_epoch(model, optimizer, train, generator)
        if epoch in epochs:
            mse[str(epoch)] = test_mse(model, test)
            log(f"{name} epoch {epoch}: test MSE {mse[str(epoch)]:.5f}")
    return {"model": name, "params": count_params(model), "testMse": mse, "seconds": time.perf_counter() - start}


def main():
    parser = argparse.ArgumentParser(description="PyTorch reference for aekit's bench")
    parser.add_argument("--models", required=True)
    parser.add_argument("--params-only", action="store_true")
    parser.add_argument("--forward-check", metavar="META_JSON", help="reconstruct with aekit's weights (architecture check)")
    parser.add_argument("--train-images")
    parser.add_argument("--test-images")
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--infer-batches", type=int, default=80)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--test-count", type=int, default=2000)
    parser.add_argument("--turns", action="store_true", help="take turns with aekit's workers (bench/turns.ts)")
    parser.add_argument("--quality-epochs", help="comma list, e.g. 1,5: full-MNIST quality mode")
    args = parser.parse_args()
    models = args.models.split(",")
    torch.set_num_threads(args.threads)
    threads = torch.get_num_threads()
    out = {"engine": "pytorch", "threads": threads, "detail": f"torch {torch.__version__}, torch.set_num_threads({threads})"}
    if args.forward_check:
        out["reconstructions"] = forward_check(args.forward_check)
    elif args.params_only:
        out["params"] = {name: count_params(build_model(name)) for name in models}
    elif args.quality_epochs:
        epochs = sorted({int(e) for e in args.quality_epochs.split(",")})
        train = read_idx_images(args.train_images, 60000)
        test = read_idx_images(args.test_images, args.test_count)
        out["quality"] = [quality(name, epochs, train, test) for name in models]
    else:
        need = max(args.batches, args.infer_batches, 2) * BATCH
        train = read_idx_images(args.train_images, need)
        test = read_idx_images(args.test_images, args.test_count)
        out["results"] = [speed(name, args, train, test) for name in models]
    print(RESULT_MARKER + json.dumps(out))


if __name__ == "__main__":
    main()
