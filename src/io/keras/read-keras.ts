/**
 * Keras models coming in: a Keras 3 `.keras` archive (config.json + model.weights.h5) or a legacy
 * Keras 2 HDF5 file (`model_config` attribute + `model_weights/<layer>/` groups), Sequential or
 * functional, models nested in it flattened into one graph, read into a LayerGraph with the weights in each layer's Keras order. A file that is
 * neither, a missing entry or a layer aekit does not import is an error naming the file and what
 * was expected.
 */
import { unzipSync, strFromU8 } from 'fflate';
import type { LayerGraph, LayerSpec, TensorRef, WeightArray } from '../export/layer-graph.js';
import { canonicalLayerConfig } from './canonical-layers.js';
import { readH5, type H5File } from './h5-store.js';
import { kerasSnakeCase } from './keras3-weights.js';

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

/** Where a layer's weights lie in the file. */
interface WeightSource {
  /** Keras 3: the layer's group, e.g. 'layers/dense_1', or 'layers/functional/layers/dense' inside a nested model. */
  keras3: string;
  /** Keras 2: the group under model_weights that lists the arrays, and their names' prefix there (a nested model's group lists all its layers). */
  keras2Group: string;
  keras2Prefix: string;
}

interface ModelParts extends Omit<LayerGraph, 'weights'> {
  sources: Map<string, WeightSource>;
}

const NESTED_MODELS = ['Functional', 'Sequential', 'Model'];

const refKey = ([layer, node, tensor]: TensorRef): string => `${layer}#${node}#${tensor}`;

/** The layers of a model and of the models nested in it, as one flat list. */
class FlatGraph {
  readonly layers: LayerSpec[] = [];
  readonly sources = new Map<string, WeightSource>();
  private readonly names = new Set<string>();

  constructor(readonly where: string) {}

  /** A layer name not taken yet (layers of nested models may repeat outer names). */
  unique(name: string): string {
    let candidate = name;
    for (let i = 1; this.names.has(candidate); i++) candidate = `${name}_${i}`;
    this.names.add(candidate);
    return candidate;
  }

  /**
   * Adds a model's layers. `inputs` stand for a nested model's input layers; at the top (undefined)
   * its InputLayers are kept. Returns the model's input and output tensors in the flat graph.
   */
  addModel(model: Json, inputs: TensorRef[] | undefined, keras3Prefix: string, keras2Group: string | undefined): { inputs: TensorRef[]; outputs: TensorRef[] } {
    const where = this.where;
    if (!isObject(model['config'])) throw new Error(`${where}: the model config has no 'config' object`);
    const config = model['config'];
    const kind = model['class_name'];
    if (!NESTED_MODELS.includes(String(kind))) throw new Error(`${where}: model class '${String(kind)}' is not imported (expected Sequential, Functional or Model)`);
    const sequential = kind === 'Sequential';
    const entries = layerEntries(config, where);
    if (entries.length === 0) throw new Error(`${where}: model '${String(config['name'])}' has no layers`);
    const alias = new Map<string, TensorRef>();
    const resolve = (ref: TensorRef, reader: string): TensorRef => {
      const found = alias.get(refKey(ref));
      if (!found) throw new Error(`${where}: layer '${reader}' reads '${ref[0]}' (node ${ref[1]}, tensor ${ref[2]}), which no earlier layer produced`);
      return found;
    };
    const modelInputs: TensorRef[] = [];
    let previous: TensorRef | undefined;
    const used = new Map<string, number>();
    const keras3Path = (cls: string): string => {
      const base = kerasSnakeCase(cls);
      const count = used.get(base);
      used.set(base, count === undefined ? 0 : count + 1);
      return `${keras3Prefix}layers/${count === undefined ? base : `${base}_${count + 1}`}`;
    };
    if (sequential && className(entries[0]!, where) !== 'InputLayer') {
      // A Sequential model without an InputLayer says its input shape on its first layer or in build_config.
      if (inputs) previous = inputs[0];
      else {
        const first = isObject(entries[0]!['config']) ? entries[0]!['config'] : {};
        const buildShape = isObject(model['build_config']) ? model['build_config']['input_shape'] : undefined;
        const shape = first['batch_input_shape'] ?? first['batch_shape'] ?? buildShape;
        if (!Array.isArray(shape)) throw new Error(`${where}: the Sequential model does not say its input shape (no InputLayer, batch_input_shape or build_config)`);
        const name = this.unique('input_layer');
        this.layers.push({ name, className: 'InputLayer', config: canonicalLayerConfig('InputLayer', name, { batch_input_shape: shape }, where), inboundNodes: [] });
        previous = [name, 0, 0];
        modelInputs.push(previous);
      }
    }
    let inputIndex = 0;
    for (const entry of entries) {
      const name = layerName(entry, where);
      const cls = className(entry, where);
      if (cls === 'InputLayer') {
        let ref: TensorRef;
        if (inputs) {
          const given = inputs[inputIndex++];
          if (!given) throw new Error(`${where}: nested model '${String(config['name'])}' has more inputs than it is called with`);
          ref = given;
        } else {
          const unique = this.unique(name);
          this.layers.push({ name: unique, className: 'InputLayer', config: canonicalLayerConfig('InputLayer', unique, isObject(entry['config']) ? entry['config'] : {}, where), inboundNodes: [] });
          ref = [unique, 0, 0];
          modelInputs.push(ref);
        }
        alias.set(refKey([name, 0, 0]), ref);
        previous = ref;
        continue;
      }
      const nodes = sequential
        ? [previous ? [previous] : []]
        : (Array.isArray(entry['inbound_nodes']) ? entry['inbound_nodes'] : []).map((node) => nodeRefs(node, `${where}: layer '${name}'`).map((ref) => resolve(ref, name)));
      if (NESTED_MODELS.includes(cls)) {
        if (nodes.length !== 1) throw new Error(`${where}: nested model '${name}' is called ${nodes.length} times; only models called once are imported`);
        const inner = this.addModel(entry, nodes[0]!, `${keras3Path(cls)}/`, keras2Group ?? name);
        inner.outputs.forEach((ref, t) => alias.set(refKey([name, 0, t]), ref));
        previous = inner.outputs[0];
        continue;
      }
      const unique = this.unique(name);
      this.layers.push({ name: unique, className: cls, config: canonicalLayerConfig(cls, unique, isObject(entry['config']) ? entry['config'] : {}, where), inboundNodes: nodes });
      this.sources.set(unique, { keras3: keras3Path(cls), keras2Group: keras2Group ?? name, keras2Prefix: keras2Group ? `${name}/` : '' });
      nodes.forEach((_, n) => alias.set(refKey([name, n, 0]), [unique, n, 0]));
      previous = [unique, 0, 0];
    }
    if (sequential) return { inputs: modelInputs, outputs: [previous!] };
    const outputs = refList(config['output_layers'], `${where}: output_layers`).map((ref) => resolve(ref, 'output_layers'));
    const declaredInputs = inputs ? modelInputs : refList(config['input_layers'], `${where}: input_layers`).map((ref) => resolve(ref, 'input_layers'));
    return { inputs: declaredInputs, outputs };
  }
}

function modelGraph(model: Json, where: string): ModelParts {
  const flat = new FlatGraph(where);
  const { inputs, outputs } = flat.addModel(model, undefined, '', undefined);
  const config = isObject(model['config']) ? model['config'] : {};
  return { name: String(config['name'] ?? 'imported'), layers: flat.layers, inputs, outputs, sources: flat.sources };
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

/** Keras 3: <layer group>/vars/<i>, the groups named by class and position (saving_lib). */
function keras3Weights(file: H5File, parts: ModelParts, where: string): Map<string, WeightArray[]> {
  const weights = new Map<string, WeightArray[]>();
  for (const [layer, source] of parts.sources) {
    const varsPath = `${source.keras3}/vars`;
    const keys = groupKeys(file, varsPath) ?? [];
    const arrays = keys.map((_, i) => readArray(file, `${varsPath}/${i}`, where));
    if (arrays.length > 0) weights.set(layer, arrays);
  }
  return weights;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return [];
}

/** Keras 2: model_weights/<layer or nested model>/ lists its arrays in the attribute weight_names. */
function keras2Weights(file: H5File, parts: ModelParts, where: string): Map<string, WeightArray[]> {
  const weights = new Map<string, WeightArray[]>();
  const root = groupKeys(file, 'model_weights') ? 'model_weights/' : '';
  for (const [layer, source] of parts.sources) {
    const groupPath = `${root}${source.keras2Group}`;
    const group = file.get(groupPath) as { attrs?: Record<string, { json_value: unknown }> } | null;
    if (!group) continue;
    const names = stringList(group.attrs?.['weight_names']?.json_value).filter((name) => name.startsWith(source.keras2Prefix));
    const arrays = names.map((name) => readArray(file, `${groupPath}/${name}`, where));
    if (arrays.length > 0) weights.set(layer, arrays);
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
  const parts = modelGraph(model, `${where}: config.json`);
  const weights = await readH5(entries['model.weights.h5']!, `${where}: model.weights.h5`, (file) => keras3Weights(file, parts, `${where}: model.weights.h5`));
  const { sources: _sources, ...graph } = parts;
  const loss = lossName(model['compile_config']);
  return { graph: { ...graph, weights }, format: 'keras3', ...(loss ? { loss } : {}) };
}

async function readKeras2(bytes: Uint8Array, where: string): Promise<ImportedKeras> {
  return readH5(bytes, where, (file) => {
    const configAttr = file.attrs['model_config']?.json_value;
    if (typeof configAttr !== 'string') {
      throw new Error(`${where}: an HDF5 file without a 'model_config' attribute: not a whole Keras model (a weights-only .h5 cannot be imported)`);
    }
    const parts = modelGraph(parseJson(configAttr, `${where}: model_config`), `${where}: model_config`);
    const { sources: _sources, ...graph } = parts;
    const trainingAttr = file.attrs['training_config']?.json_value;
    const loss = typeof trainingAttr === 'string' ? lossName(parseJson(trainingAttr, `${where}: training_config`)) : undefined;
    return { graph: { ...graph, weights: keras2Weights(file, parts, where) }, format: 'keras2-h5', ...(loss ? { loss } : {}) };
  });
}

/** A Keras model file's bytes as a LayerGraph; `where` names the file in errors. */
export function readKerasModel(bytes: Uint8Array, where: string): Promise<ImportedKeras> {
  if (startsWith(bytes, ZIP_MAGIC)) return readKeras3(bytes, where);
  if (startsWith(bytes, HDF5_MAGIC)) return readKeras2(bytes, where);
  return Promise.reject(new Error(`${where}: not a Keras model (expected a Keras 3 .keras zip archive or a Keras 2 HDF5 .h5 file)`));
}
