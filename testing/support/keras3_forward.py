"""A Keras 3 `.keras` file run with numpy alone, as a stand-in for keras.saving.load_model where
Keras is not installable. It reads the archive the way Keras does (config.json for the graph,
model.weights.h5 by layers/<snake_case class>[_n]/vars/<i>) and implements each standard layer
from its definition, so aekit's writer is checked against an independent reading.

usage: keras3_forward.py MODEL.keras OUT_PREFIX INPUT.npy [INPUT.npy ...]
writes OUT_PREFIX<i>.npy per model output, and prints a JSON summary of the archive (entries,
metadata, every weight's path, shape, sum and first values) on stdout.
"""
import json
import re
import sys
import zipfile
import io

import h5py
import numpy as np


def snake_case(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def same_pads(size, k, s, d=1):
    span = (k - 1) * d + 1
    out = -(-size // s)
    total = max((out - 1) * s + span - size, 0)
    return out, total // 2, total - total // 2


def pads_for(padding, size, k, s, d=1):
    if padding == "same":
        return same_pads(size, k, s, d)
    span = (k - 1) * d + 1
    return (size - span) // s + 1, 0, 0


ACT = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "tanh": np.tanh,
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "softplus": lambda x: np.log1p(np.exp(x)),
}


def conv2d(x, w, b, strides, padding, dilation):
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    oh, pt, pb = pads_for(padding, h, kh, strides[0], dilation[0])
    ow, pl, pr = pads_for(padding, wd, kw, strides[1], dilation[1])
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    out = np.zeros((n, oh, ow, f), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i * dilation[0]: i * dilation[0] + strides[0] * (oh - 1) + 1: strides[0],
                       j * dilation[1]: j * dilation[1] + strides[1] * (ow - 1) + 1: strides[1], :]
            out += patch @ w[i, j]
    return out + (b if b is not None else 0)


def conv2d_transpose(x, w, b, strides, padding):
    # Keras kernel [kh, kw, filters, in]: each input pixel adds its kernel-weighted copy.
    n, h, wd, c = x.shape
    kh, kw, f, _ = w.shape
    sh, sw = strides
    full = np.zeros((n, (h - 1) * sh + kh, (wd - 1) * sw + kw, f))
    for i in range(kh):
        for j in range(kw):
            full[:, i: i + sh * (h - 1) + 1: sh, j: j + sw * (wd - 1) + 1: sw, :] += x @ w[i, j].T
    if padding == "same":
        oh, ow = h * sh, wd * sw
        _, top, _ = same_pads(oh, kh, sh)
        _, left, _ = same_pads(ow, kw, sw)
    else:
        oh, ow = h * sh + max(kh - sh, 0), wd * sw + max(kw - sw, 0)
        top = left = 0
        full = np.pad(full, ((0, 0), (0, max(oh - full.shape[1], 0)), (0, max(ow - full.shape[2], 0)), (0, 0)))
    return full[:, top: top + oh, left: left + ow, :] + (b if b is not None else 0)


def max_pool(x, pool, strides, padding):
    n, h, wd, c = x.shape
    oh, pt, pb = pads_for(padding, h, pool[0], strides[0])
    ow, pl, pr = pads_for(padding, wd, pool[1], strides[1])
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)), constant_values=-np.inf)
    out = np.full((n, oh, ow, c), -np.inf)
    for i in range(pool[0]):
        for j in range(pool[1]):
            out = np.maximum(out, xp[:, i: i + strides[0] * (oh - 1) + 1: strides[0], j: j + strides[1] * (ow - 1) + 1: strides[1], :])
    return out


def edges(value):
    if isinstance(value, int):
        return (value, value), (value, value)
    if isinstance(value[0], int):
        return (value[0], value[0]), (value[1], value[1])
    return tuple(value[0]), tuple(value[1])


def run_layer(cls, cfg, weights, inputs):
    x = inputs[0]
    if cls == "Dense":
        y = x @ weights[0] + (weights[1] if cfg.get("use_bias", True) else 0)
        return ACT[cfg["activation"]](y)
    if cls == "Conv2D":
        y = conv2d(x, weights[0], weights[1] if cfg.get("use_bias", True) else None, cfg["strides"], cfg["padding"], cfg["dilation_rate"])
        return ACT[cfg["activation"]](y)
    if cls == "Conv2DTranspose":
        y = conv2d_transpose(x, weights[0], weights[1] if cfg.get("use_bias", True) else None, cfg["strides"], cfg["padding"])
        return ACT[cfg["activation"]](y)
    if cls == "MaxPooling2D":
        return max_pool(x, cfg["pool_size"], cfg["strides"] or cfg["pool_size"], cfg["padding"])
    if cls == "UpSampling2D":
        return np.repeat(np.repeat(x, cfg["size"][0], axis=1), cfg["size"][1], axis=2)
    if cls == "LeakyReLU":
        return np.where(x >= 0, x, x * cfg.get("negative_slope", cfg.get("alpha", 0.3)))
    if cls == "BatchNormalization":
        k = 0
        gamma = weights[k] if cfg["scale"] else 1
        k += 1 if cfg["scale"] else 0
        beta = weights[k] if cfg["center"] else 0
        k += 1 if cfg["center"] else 0
        mean, var = weights[k], weights[k + 1]
        return (x - mean) / np.sqrt(var + cfg["epsilon"]) * gamma + beta
    if cls == "ZeroPadding2D":
        (t, b), (l, r) = edges(cfg["padding"])
        return np.pad(x, ((0, 0), (t, b), (l, r), (0, 0)))
    if cls == "Cropping2D":
        (t, b), (l, r) = edges(cfg["cropping"])
        return x[:, t: x.shape[1] - b, l: x.shape[2] - r, :]
    if cls == "Flatten":
        return x.reshape(x.shape[0], -1)
    if cls == "Reshape":
        return x.reshape(x.shape[0], *cfg["target_shape"])
    if cls == "Concatenate":
        return np.concatenate(inputs, axis=cfg["axis"])
    if cls == "Activation":
        return ACT[cfg["activation"]](x)
    if cls == "Dropout":
        return x
    raise ValueError(f"layer class {cls} is not a layer this reference knows")


def tensor_refs(args):
    """The [layer, node, tensor] histories inside a Keras 3 node's args, in order."""
    if isinstance(args, dict) and args.get("class_name") == "__keras_tensor__":
        return [tuple(args["config"]["keras_history"])]
    if isinstance(args, list):
        return [ref for a in args for ref in tensor_refs(a)]
    return []


def as_refs(value):
    return [tuple(value)] if isinstance(value[0], str) else [tuple(v) for v in value]


def main():
    path, out_prefix, *input_paths = sys.argv[1:]
    zf = zipfile.ZipFile(path)
    config = json.loads(zf.read("config.json"))
    metadata = json.loads(zf.read("metadata.json"))
    h5 = h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r")
    assert config["class_name"] == "Functional", config["class_name"]
    layers = config["config"]["layers"]
    used = {}
    weights = {}
    summary = []
    for layer in layers:
        assert layer["module"] == "keras.layers" and layer["registered_name"] is None, layer["name"]
        base = snake_case(layer["class_name"])
        used[base] = used.get(base, -1) + 1
        group = f"layers/{base}" + (f"_{used[base]}" if used[base] else "")
        vars_group = h5.get(f"{group}/vars")
        arrays = []
        if vars_group is not None:
            arrays = [np.asarray(vars_group[str(i)], dtype=np.float64) for i in range(len(vars_group.keys()))]
        weights[layer["name"]] = arrays
        for i, a in enumerate(arrays):
            summary.append({"path": f"{group}/vars/{i}", "layer": layer["name"], "shape": list(a.shape), "sum": float(a.sum()), "head": [float(v) for v in a.ravel()[:4]]})
    values = {}
    inputs = as_refs(config["config"]["input_layers"])
    for ref, input_path in zip(inputs, input_paths):
        values[ref] = np.load(input_path).astype(np.float64)
    for layer in layers:
        if layer["class_name"] == "InputLayer":
            continue
        for node_index, node in enumerate(layer["inbound_nodes"]):
            args = [values[ref] for ref in tensor_refs(node["args"])]
            values[(layer["name"], node_index, 0)] = run_layer(layer["class_name"], layer["config"], weights[layer["name"]], args)
    for i, ref in enumerate(as_refs(config["config"]["output_layers"])):
        np.save(f"{out_prefix}{i}.npy", values[ref].astype(np.float32))
    print(json.dumps({"entries": sorted(zf.namelist()), "metadata": metadata, "weights": summary}))


if __name__ == "__main__":
    main()
