/**
 * model.weights.h5 as Keras 3 lays it out (keras/src/saving/saving_lib.py): each layer of the
 * model, in model order, under layers/<snake_case class name>[_<n>]/vars, its variables as
 * datasets '0', '1', ... in the layer's own order (trainable first: Dense kernel, bias;
 * BatchNormalization gamma, beta, moving_mean, moving_variance), the group tagged with the layer's
 * name. Keras finds them by class and position, not by layer name.
 */
import type { LayerGraph } from '../export/layer-graph.js';
import { ensureGroup, writeH5, type H5Group } from './h5-store.js';

/** Keras's naming.to_snake_case: 'Conv2DTranspose' -> 'conv2d_transpose', 'LeakyReLU' -> 'leaky_re_lu'. */
export function kerasSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The h5 path of every layer, as Keras's _save_container_state names them. */
export function keras3LayerPaths(graph: LayerGraph): Map<string, string> {
  const used = new Map<string, number>();
  const paths = new Map<string, string>();
  for (const layer of graph.layers) {
    const base = kerasSnakeCase(layer.className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    paths.set(layer.name, `layers/${count === undefined ? base : `${base}_${count + 1}`}`);
  }
  return paths;
}

function varsGroup(root: H5Group, path: string, name: string): H5Group {
  const group = ensureGroup(root, `${path}/vars`);
  group.create_attribute('name', name);
  return group;
}

export function keras3Weights(graph: LayerGraph): Promise<Uint8Array> {
  const paths = keras3LayerPaths(graph);
  return writeH5((file) => {
    varsGroup(file, '', graph.name);
    for (const layer of graph.layers) {
      const group = varsGroup(file, paths.get(layer.name)!, layer.name);
      (graph.weights.get(layer.name) ?? []).forEach((array, i) => {
        group.create_dataset({ name: String(i), data: array.values, shape: array.shape, dtype: '<f' });
      });
    }
  });
}
