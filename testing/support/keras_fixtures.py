"""Keras model files built with h5py and zipfile alone (no Keras), laid out as Keras writes them,
for `aekit import` tests: two legacy Keras 2 HDF5 models (Sequential dense, functional conv with
padding, BatchNormalization, LeakyReLU, pooling, upsampling, a transposed convolution and
cropping), two Keras 3 archives (functional and Sequential), one with a layer aekit does not
import, and the reference outputs of each on the given input, computed with numpy
(keras3_forward.run_layer).

usage: keras_fixtures.py OUT_DIR DIGITS.npy     (digits: [N, 784] float32 in [0, 1])
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keras3_forward import run_layer, snake_case  # noqa: E402

rng = np.random.default_rng(21)
GLOROT = {"class_name": "GlorotUniform", "config": {"seed": None}}
ZEROS = {"class_name": "Zeros", "config": {}}


def dense(name, units, activation):
    return ("Dense", {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation, "use_bias": True,
                      "kernel_initializer": GLOROT, "bias_initializer": ZEROS, "kernel_regularizer": None, "bias_regularizer": None,
                      "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None})


def conv(name, filters, activation, cls="Conv2D", strides=(1, 1)):
    return (cls, {"name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [3, 3], "strides": list(strides),
                  "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "activation": activation, "use_bias": True,
                  "kernel_initializer": GLOROT, "bias_initializer": ZEROS})


def simple(cls, name, **config):
    return (cls, {"name": name, "trainable": True, "dtype": "float32", **config})


def weights_for(cls, cfg, in_shape):
    """Seeded weights in Keras order, with the shapes Keras gives the layer."""
    if cls == "Dense":
        return [rng.normal(0, 0.2, (in_shape[-1], cfg["units"])), rng.normal(0, 0.1, (cfg["units"],))]
    if cls == "Conv2D":
        return [rng.normal(0, 0.3, (3, 3, in_shape[-1], cfg["filters"])), rng.normal(0, 0.1, (cfg["filters"],))]
    if cls == "Conv2DTranspose":
        return [rng.normal(0, 0.3, (3, 3, cfg["filters"], in_shape[-1])), rng.normal(0, 0.1, (cfg["filters"],))]
    if cls == "BatchNormalization":
        c = in_shape[-1]
        return [1 + rng.normal(0, 0.2, c), rng.normal(0, 0.2, c), rng.normal(0, 0.2, c), 0.5 + rng.random(c)]
    return []


def chain(input_shape, specs, x):
    """Runs the chain with numpy; returns (per-layer weights, output)."""
    weights = []
    value = x.astype(np.float64)
    for cls, cfg in specs:
        w = [a.astype(np.float32) for a in weights_for(cls, cfg, value.shape)]
        weights.append(w)
        value = run_layer(cls, cfg, [a.astype(np.float64) for a in w], [value])
    return weights, value.astype(np.float32)


def write_keras2_h5(path, model_config, names, weights, loss):
    with h5py.File(path, "w") as f:
        # As tf.keras 2.x's save_model_to_hdf5 writes them: UTF-8 bytes (fixed-length HDF5 strings).
        f.attrs["keras_version"] = b"2.15.0"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        f.attrs["training_config"] = json.dumps({"loss": loss, "metrics": None, "optimizer_config": {"class_name": "Adam", "config": {}}}).encode("utf8")
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = [n.encode() for n in names]
        group.attrs["backend"] = b"tensorflow"
        group.attrs["keras_version"] = b"2.15.0"
        for name, arrays in zip(names, weights):
            layer = group.create_group(name)
            kinds = ["gamma", "beta", "moving_mean", "moving_variance"] if len(arrays) == 4 else ["kernel", "bias"]
            weight_names = [f"{name}/{kind}:0" for kind in kinds[: len(arrays)]]
            layer.attrs["weight_names"] = [w.encode() for w in weight_names]
            for weight_name, array in zip(weight_names, arrays):
                layer.create_dataset(weight_name, data=array)


def keras3_layer(cls, cfg, inbound, shape):
    entry = {"module": "keras.layers", "class_name": cls, "config": cfg, "registered_name": None, "name": cfg["name"]}
    if inbound is None:
        entry["inbound_nodes"] = []
    else:
        entry["build_config"] = {"input_shape": shape}
        entry["inbound_nodes"] = [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": shape, "dtype": "float32", "keras_history": [inbound, 0, 0]}}], "kwargs": {}}]
    return entry


def write_keras3(path, config, layer_classes, weights, skip_input_layer):
    """config.json + metadata.json + model.weights.h5 at layers/<snake_case>[_n]/vars/<i>."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        used = {}
        for cls, arrays in zip(layer_classes, weights):
            if skip_input_layer and cls == "InputLayer":
                continue
            base = snake_case(cls)
            used[base] = used.get(base, -1) + 1
            group = f.create_group(f"layers/{base}" + (f"_{used[base]}" if used[base] else "") + "/vars")
            for i, array in enumerate(arrays):
                group.create_dataset(str(i), data=array)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-05-01@10:00:00"}))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", buffer.getvalue())


def main():
    out_dir, digits_path = sys.argv[1:]
    digits = np.load(digits_path).astype(np.float32)
    flat = digits.reshape(len(digits), 784)
    images = digits.reshape(len(digits), 28, 28, 1)

    # 1. Keras 2 Sequential dense, binary cross-entropy.
    specs = [dense("dense", 64, "relu"), dense("dense_1", 16, "relu"), dense("dense_2", 784, "sigmoid")]
    weights, out = chain((784,), specs, flat)
    layers = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 784], "dtype": "float32", "sparse": False, "ragged": False, "name": "dense_input"}}]
    layers += [{"class_name": cls, "config": cfg} for cls, cfg in specs]
    write_keras2_h5(f"{out_dir}/seq_dense.h5", {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}, [c["name"] for _, c in specs], weights, "binary_crossentropy")
    np.save(f"{out_dir}/seq_dense.expected.npy", out)

    # 2. Keras 2 functional conv: pad 28->32, conv/BN/LeakyReLU/pool, conv (code), upsample, transposed conv, conv, crop.
    specs = [
        simple("ZeroPadding2D", "zero_padding2d", padding=[[2, 2], [2, 2]], data_format="channels_last"),
        conv("conv2d", 8, "linear"),
        simple("BatchNormalization", "batch_normalization", axis=[3], momentum=0.99, epsilon=0.001, center=True, scale=True),
        simple("LeakyReLU", "leaky_re_lu", alpha=0.2),
        simple("MaxPooling2D", "max_pooling2d", pool_size=[2, 2], padding="valid", strides=[2, 2], data_format="channels_last"),
        conv("encoded", 4, "relu"),
        simple("UpSampling2D", "up_sampling2d", size=[2, 2], data_format="channels_last", interpolation="nearest"),
        conv("conv2d_transpose", 8, "relu", cls="Conv2DTranspose"),
        conv("conv2d_1", 1, "sigmoid"),
        simple("Cropping2D", "cropping2d", cropping=[[2, 2], [2, 2]], data_format="channels_last"),
    ]
    weights, out = chain((28, 28, 1), specs, images)
    layers = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 28, 28, 1], "dtype": "float32", "sparse": False, "ragged": False, "name": "input_1"}, "name": "input_1", "inbound_nodes": []}]
    previous = "input_1"
    for cls, cfg in specs:
        layers.append({"class_name": cls, "config": cfg, "name": cfg["name"], "inbound_nodes": [[[previous, 0, 0, {}]]]})
        previous = cfg["name"]
    config = {"class_name": "Functional", "config": {"name": "model", "layers": layers, "input_layers": [["input_1", 0, 0]], "output_layers": [[previous, 0, 0]]}}
    named = [(c["name"], w) for (_, c), w in zip(specs, weights) if w]
    write_keras2_h5(f"{out_dir}/functional_conv.h5", config, [n for n, _ in named], [w for _, w in named], "mse")
    np.save(f"{out_dir}/functional_conv.expected.npy", out)

    # 3. Keras 3 functional: image in, flatten, dense, BN, dense code, dense out, reshape back.
    specs = [
        simple("Flatten", "flatten", data_format="channels_last"),
        dense("hidden", 64, "relu"),
        simple("BatchNormalization", "batch_normalization", axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True),
        dense("code", 12, "tanh"),
        dense("dense", 784, "sigmoid"),
        simple("Reshape", "reshape", target_shape=[28, 28, 1]),
    ]
    weights, out = chain((28, 28, 1), specs, images)
    shapes = [[None, 28, 28, 1], [None, 784], [None, 64], [None, 64], [None, 12], [None, 784]]
    layers = [keras3_layer("InputLayer", {"batch_shape": [None, 28, 28, 1], "dtype": "float32", "sparse": False, "name": "input_layer"}, None, None)]
    previous = "input_layer"
    for (cls, cfg), shape in zip(specs, shapes):
        layers.append(keras3_layer(cls, cfg, previous, shape))
        previous = cfg["name"]
    config = {"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
              "config": {"name": "functional", "trainable": True, "layers": layers, "input_layers": ["input_layer", 0, 0], "output_layers": [previous, 0, 0]},
              "build_config": {"input_shape": None}, "compile_config": {"loss": "mean_squared_error", "optimizer": "adam"}}
    write_keras3(f"{out_dir}/functional_dense.keras", config, ["InputLayer"] + [c for c, _ in specs], [[]] + weights, False)
    np.save(f"{out_dir}/functional_dense.expected.npy", out)

    # 4. Keras 3 Sequential conv: conv, pool, stride-2 transposed conv, sigmoid conv.
    specs = [
        conv("conv2d", 6, "relu"),
        simple("MaxPooling2D", "max_pooling2d", pool_size=[2, 2], padding="valid", strides=[2, 2], data_format="channels_last"),
        conv("conv2d_transpose", 6, "relu", cls="Conv2DTranspose", strides=(2, 2)),
        conv("conv2d_1", 1, "sigmoid"),
    ]
    weights, out = chain((28, 28, 1), specs, images)
    layers = [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 28, 28, 1], "dtype": "float32", "sparse": False, "name": "input_layer"}, "registered_name": None}]
    layers += [{"module": "keras.layers", "class_name": cls, "config": cfg, "registered_name": None} for cls, cfg in specs]
    config = {"module": "keras", "class_name": "Sequential", "registered_name": None,
              "config": {"name": "sequential", "trainable": True, "layers": layers}, "build_config": {"input_shape": [None, 28, 28, 1]}}
    write_keras3(f"{out_dir}/sequential_conv.keras", config, [c for c, _ in specs], weights, True)
    np.save(f"{out_dir}/sequential_conv.expected.npy", out)

    # 5. Nested models, as Keras tutorials build them (autoencoder = Model(x, decoder(encoder(x)))):
    #    Keras 2 HDF5: a functional model calling a Sequential encoder and a functional decoder.
    enc_specs = [simple("Flatten", "flatten", data_format="channels_last"), dense("dense", 32, "relu"), dense("dense_1", 8, "relu")]
    dec_specs = [dense("dense", 784, "sigmoid"), simple("Reshape", "reshape", target_shape=[28, 28, 1])]
    enc_weights, code = chain((28, 28, 1), enc_specs, images)
    dec_weights, out = chain((8,), dec_specs, code)
    encoder = {"class_name": "Sequential", "config": {"name": "encoder", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 28, 28, 1], "dtype": "float32", "sparse": False, "ragged": False, "name": "encoder_input"}}] + [{"class_name": c, "config": cfg} for c, cfg in enc_specs]}}
    dec_layers = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8], "dtype": "float32", "sparse": False, "ragged": False, "name": "code_in"}, "name": "code_in", "inbound_nodes": []}]
    prev = "code_in"
    for c, cfg in dec_specs:
        dec_layers.append({"class_name": c, "config": cfg, "name": cfg["name"], "inbound_nodes": [[[prev, 0, 0, {}]]]})
        prev = cfg["name"]
    decoder = {"class_name": "Functional", "config": {"name": "decoder", "layers": dec_layers, "input_layers": [["code_in", 0, 0]], "output_layers": [[prev, 0, 0]]}}
    outer = {"class_name": "Functional", "config": {"name": "autoencoder", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 28, 28, 1], "dtype": "float32", "sparse": False, "ragged": False, "name": "image"}, "name": "image", "inbound_nodes": []},
        {**encoder, "name": "encoder", "inbound_nodes": [[["image", 0, 0, {}]]]},
        {**decoder, "name": "decoder", "inbound_nodes": [[["encoder", 0, 0, {}]]]},
    ], "input_layers": [["image", 0, 0]], "output_layers": [["decoder", 0, 0]]}}
    with h5py.File(f"{out_dir}/nested.h5", "w") as f:
        f.attrs["keras_version"] = b"2.15.0"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(outer).encode("utf8")
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = [b"image", b"encoder", b"decoder"]
        group.create_group("image").attrs["weight_names"] = np.array([], dtype="S1")
        for model_name, specs, weights in (("encoder", enc_specs, enc_weights), ("decoder", dec_specs, dec_weights)):
            g = group.create_group(model_name)
            names = []
            for (c, cfg), arrays in zip(specs, weights):
                for kind, array in zip(["kernel", "bias"], arrays):
                    names.append(f"{cfg['name']}/{kind}:0")
                    g.create_dataset(names[-1], data=array)
            g.attrs["weight_names"] = [n.encode() for n in names]
    np.save(f"{out_dir}/nested.expected.npy", out)

    #    Keras 3: a functional model calling a Sequential encoder and a Sequential decoder.
    def keras3_sequential(name, input_shape, specs):
        return {"module": "keras", "class_name": "Sequential", "registered_name": None, "name": name,
                "config": {"name": name, "trainable": True, "layers": [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": input_shape, "dtype": "float32", "sparse": False, "name": f"{name}_input"}, "registered_name": None}]
                           + [{"module": "keras.layers", "class_name": c, "config": cfg, "registered_name": None} for c, cfg in specs]},
                "build_config": {"input_shape": input_shape}}
    tensor = lambda shape, ref: {"class_name": "__keras_tensor__", "config": {"shape": shape, "dtype": "float32", "keras_history": [ref, 0, 0]}}
    outer = {"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional", "build_config": {"input_shape": None}, "compile_config": None,
             "config": {"name": "autoencoder", "trainable": True, "layers": [
                 keras3_layer("InputLayer", {"batch_shape": [None, 28, 28, 1], "dtype": "float32", "sparse": False, "name": "image"}, None, None),
                 {**keras3_sequential("encoder", [None, 28, 28, 1], enc_specs), "inbound_nodes": [{"args": [tensor([None, 28, 28, 1], "image")], "kwargs": {}}]},
                 {**keras3_sequential("decoder", [None, 8], dec_specs), "inbound_nodes": [{"args": [tensor([None, 8], "encoder")], "kwargs": {}}]},
             ], "input_layers": ["image", 0, 0], "output_layers": ["decoder", 0, 0]}}
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        for path, specs, weights in (("layers/sequential", enc_specs, enc_weights), ("layers/sequential_1", dec_specs, dec_weights)):
            used = {}
            for (c, cfg), arrays in zip(specs, weights):
                base = snake_case(c)
                used[base] = used.get(base, -1) + 1
                g = f.create_group(f"{path}/layers/{base}" + (f"_{used[base]}" if used[base] else "") + "/vars")
                for i, array in enumerate(arrays):
                    g.create_dataset(str(i), data=array)
    with zipfile.ZipFile(f"{out_dir}/nested.keras", "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-05-01@10:00:00"}))
        z.writestr("config.json", json.dumps(outer))
        z.writestr("model.weights.h5", buffer.getvalue())

    # 6. A layer aekit does not import.
    layers = [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 28, 28], "dtype": "float32", "sparse": False, "name": "input_layer"}, "registered_name": None},
              {"module": "keras.layers", "class_name": "LSTM", "config": {"name": "lstm", "units": 8}, "registered_name": None}]
    write_keras3(f"{out_dir}/lstm.keras", {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "seq", "layers": layers}}, [], [], True)
    print("ok")


if __name__ == "__main__":
    main()
