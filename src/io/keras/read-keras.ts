/**
 * Keras models coming in: a Keras 3 `.keras` archive (config.json + model.weights.h5) or a legacy
 * Keras 2 HDF5 file (`model_config` attribute + `model_weights/<layer>/` groups), Sequential or
 * functional, read into a LayerGraph with the weights in each layer's Keras order. A file that is
 * neither, a missing entry or a layer aekit does not import is an error naming the file and what
 * was expected.
 */
import { unzipSync, strFromU8 } from 'fflate';
import type { LayerGraph, LayerSpec, TensorRef, WeightArray } from '../export/layer-graph.js';
import { canonicalLayerConfig } from './canonical-layers.js';
import { readH5, type H5File } from './h5-store.js';
import { keras3LayerPaths } from './keras3-weights.js';

type Json = Record<string, unknown>;

export interface ImportedKeras {
  graph: LayerGraph;
  format: 'keras3' | 'keras2-h5';
  /** The loss the model was compiled with, when the file says. */
  loss?: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw new Error(`${what}: expected a JSON object`);
  return value;
}

/** [name, node, tensor] triples inside a Keras 3 node's args (Keras tensors) or a Keras 2 node list. */
function nodeRefs(node: unknown, where: string): TensorRef[] {
  if (Array.isArray(node) && node.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string')) {
    return node.map((entry) => [entry[0] as string, Number(entry[1] ?? 0), Number(entry[2] ?? 0)]);
  }
  const refs: TensorRef[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      if (value['class_name'] === '__keras_tensor__' && isObject(value['config'])) {
        const history = value['config']['keras_history'];
        if (!Array.isArray(history) || typeof history[0] !== 'string') throw new Error(`${where}: a Keras tensor without keras_history`);
        refs.push([history[0], Number(history[1]), Number(history[2])]);
      } else Object.values(value).forEach(visit);
    }
  };
  visit(isObject(node) ? node['args'] : node);
  return refs;
}

function refList(value: unknown, where: string): TensorRef[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected [layer, node, tensor] references, found ${JSON.stringify(value)}`);
  const list = typeof value[0] === 'string' ? [value] : value;
  return list.map((entry) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') throw new Error(`${where}: expected [layer, node, tensor], found ${JSON.stringify(entry)}`);
    return [entry[0], Number(entry[1] ?? 0), Number(entry[2] ?? 0)] as TensorRef;
  });
}

function layerEntries(config: Json, where: string): Json[] {
  const layers = config['layers'];
  if (!Array.isArray(layers) || !layers.every(isObject)) throw new Error(`${where}: expected a list of layers in the model config`);
  return layers as Json[];
}

function className(layer: Json, where: string): string {
  if (typeof layer['class_name'] !== 'string') throw new Error(`${where}: a layer without class_name`);
  return layer['class_name'];
}

function layerName(layer: Json, where: string): string {
  const config = isObject(layer['config']) ? layer['config'] : {};
  const name = layer['name'] ?? config['name'];
  if (typeof name !== 'string') throw new Error(`${where}: a ${String(layer['class_name'])} layer without a name`);
  return name;
}

function functionalGraph(model: Json, where: string): Omit<LayerGraph, 'weights'> {
  const config = model['config'] as Json;
  const layers: LayerSpec[] = layerEntries(config, where).map((layer) => {
    const name = layerName(layer, where);
    const cls = className(layer, where);
    const nodes = Array.isArray(layer['inbound_nodes']) ? layer['inbound_nodes'] : [];
    return {
      name,
      className: cls,
      config: canonicalLayerConfig(cls, name, isObject(layer['config']) ? layer['config'] : {}, where),
      inboundNodes: nodes.map((node) => nodeRefs(node, `${where}: layer '${name}'`)),
    };
  });
  return { name: String(config['name'] ?? 'imported'), layers, inputs: refList(config['input_layers'], `${where}: input_layers`), outputs: refList(config['output_layers'], `${where}: output_layers`) };
}

function sequentialGraph(model: Json, where: string): Omit<LayerGraph, 'weights'> {
  const config = model['config'] as Json;
  const entries = layerEntries(config, where);
  const layers: LayerSpec[] = [];
  const first = entries[0];
  if (!first) throw new Error(`${where}: the Sequential model has no layers`);
  if (className(first, where) !== 'InputLayer') {
    const firstConfig = isObject(first['config']) ? first['config'] : {};
    const buildShape = isObject(model['build_config']) ? model['build_config']['input_shape'] : undefined;
    const shape = firstConfig['batch_input_shape'] ?? firstConfig['batch_shape'] ?? buildShape;
    if (!Array.isArray(shape)) throw new Error(`${where}: the Sequential model does not say its input shape (no InputLayer, batch_input_shape or build_config)`);
    layers.push({ name: 'input_layer', className: 'InputLayer', config: canonicalLayerConfig('InputLayer', 'input_layer', { batch_input_shape: shape }, where), inboundNodes: [] });
  }
  for (const layer of entries) {
    const name = layerName(layer, where);
    const cls = className(layer, where);
    const previous = layers.at(-1);
    layers.push({
      name,
      className: cls,
      config: canonicalLayerConfig(cls, name, isObject(layer['config']) ? layer['config'] : {}, where),
      inboundNodes: previous ? [[[previous.name, 0, 0]]] : [],
    });
  }
  return { name: String(config['name'] ?? 'imported'), layers, inputs: [[layers[0]!.name, 0, 0]], outputs: [[layers.at(-1)!.name, 0, 0]] };
}

function modelGraph(model: Json, where: string): Omit<LayerGraph, 'weights'> {
  if (!isObject(model['config'])) throw new Error(`${where}: the model config has no 'config' object`);
  const cls = model['class_name'];
  if (cls === 'Sequential') return sequentialGraph(model, where);
  if (cls === 'Functional' || cls === 'Model') return functionalGraph(model, where);
  throw new Error(`${where}: model class '${String(cls)}' is not imported (expected Sequential, Functional or Model)`);
}

function readArray(file: H5File, path: string, where: string): WeightArray {
  const dataset = file.get(path) as { shape?: number[] | null; value?: unknown } | null;
  if (!dataset || !Array.isArray(dataset.shape)) throw new Error(`${where}: no weight array at '${path}'`);
  const value = dataset.value;
  if (!(value instanceof Float32Array) && !(value instanceof Float64Array)) throw new Error(`${where}: weight '${path}' is not a float array`);
  return { shape: [...dataset.shape], values: Float32Array.from(value) };
}

function groupKeys(file: H5File, path: string): string[] | undefined {
  const group = file.get(path) as { keys?: () => string[] } | null;
  return group && typeof group.keys === 'function' ? group.keys() : undefined;
}

/** Keras 3: layers/<snake_case class>[_n]/vars/<i>, layers found by class and position. */
function keras3Weights(file: H5File, graph: Omit<LayerGraph, 'weights'>, where: string): Map<string, WeightArray[]> {
  const weights = new Map<string, WeightArray[]>();
  const paths = keras3LayerPaths({ ...graph, weights });
  for (const layer of graph.layers) {
    const varsPath = `${paths.get(layer.name)!}/vars`;
    const keys = groupKeys(file, varsPath) ?? [];
    const arrays = keys.map((_, i) => readArray(file, `${varsPath}/${i}`, where));
    if (arrays.length > 0) weights.set(layer.name, arrays);
  }
  return weights;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return [];
}

/** Keras 2: model_weights/<layer name>/ lists its arrays in the attribute weight_names. */
function keras2Weights(file: H5File, graph: Omit<LayerGraph, 'weights'>, where: string): Map<string, WeightArray[]> {
  const weights = new Map<string, WeightArray[]>();
  const root = groupKeys(file, 'model_weights') ? 'model_weights' : '';
  for (const layer of graph.layers) {
    const group = file.get(root ? `${root}/${layer.name}` : layer.name) as { attrs?: Record<string, { json_value: unknown }> } | null;
    if (!group) continue;
    const names = stringList(group.attrs?.['weight_names']?.json_value);
    const arrays = names.map((name) => readArray(file, `${root ? `${root}/` : ''}${layer.name}/${name}`, where));
    if (arrays.length > 0) weights.set(layer.name, arrays);
  }
  return weights;
}

function lossName(compile: unknown): string | undefined {
  if (!isObject(compile)) return undefined;
  const loss = compile['loss'];
  if (typeof loss === 'string') return loss;
  if (isObject(loss) && typeof loss['class_name'] === 'string') return loss['class_name'];
  return undefined;
}

async function readKeras3(bytes: Uint8Array, where: string): Promise<ImportedKeras> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new Error(`${where}: not a readable zip archive (${(error as Error).message})`);
  }
  for (const name of ['config.json', 'model.weights.h5']) {
    if (!entries[name]) throw new Error(`${where}: the archive has no ${name} (a Keras 3 .keras file holds config.json, metadata.json and model.weights.h5; found ${Object.keys(entries).join(', ') || 'nothing'})`);
  }
  const model = parseJson(strFromU8(entries['config.json']!), `${where}: config.json`);
  const graph = modelGraph(model, `${where}: config.json`);
  const weights = await readH5(entries['model.weights.h5']!, `${where}: model.weights.h5`, (file) => keras3Weights(file, graph, `${where}: model.weights.h5`));
  const loss = lossName(model['compile_config']);
  return { graph: { ...graph, weights }, format: 'keras3', ...(loss ? { loss } : {}) };
}

async function readKeras2(bytes: Uint8Array, where: string): Promise<ImportedKeras> {
  return readH5(bytes, where, (file) => {
    const configAttr = file.attrs['model_config']?.json_value;
    if (typeof configAttr !== 'string') {
      throw new Error(`${where}: an HDF5 file without a 'model_config' attribute: not a whole Keras model (a weights-only .h5 cannot be imported)`);
    }
    const graph = modelGraph(parseJson(configAttr, `${where}: model_config`), `${where}: model_config`);
    const trainingAttr = file.attrs['training_config']?.json_value;
    const loss = typeof trainingAttr === 'string' ? lossName(parseJson(trainingAttr, `${where}: training_config`)) : undefined;
    return { graph: { ...graph, weights: keras2Weights(file, graph, where) }, format: 'keras2-h5', ...(loss ? { loss } : {}) };
  });
}

/** A Keras model file's bytes as a LayerGraph; `where` names the file in errors. */
export function readKerasModel(bytes: Uint8Array, where: string): Promise<ImportedKeras> {
  if (startsWith(bytes, ZIP_MAGIC)) return readKeras3(bytes, where);
  if (startsWith(bytes, HDF5_MAGIC)) return readKeras2(bytes, where);
  return Promise.reject(new Error(`${where}: not a Keras model (expected a Keras 3 .keras zip archive or a Keras 2 HDF5 .h5 file)`));
}
