/**
 * Saving and loading autoencoders. A saved model is a folder:
 *   aekit.json            the model spec (name, input shape, loss, options) aekit rebuilds it from
 *   model.json, weights.bin              the whole network in TF.js layers format
 *   encoder/, decoder/    each part in TF.js layers format (the dashboard decodes in the browser;
 *                         a tied decoder is saved untied, see standalone-decoder.ts)
 *   optimizer.json, optimizer.bin        Adam state, when saved for resuming
 *   state.json            caller's extra JSON (training progress), when given
 * Folders are replaced atomically: a crash mid-save leaves the previous save intact.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Autoencoder, ModelSpec } from '../models/autoencoder.js';
import { buildFromSpec } from '../models/registry.js';
import type { Adam, AdamState } from '../optimizers/adam.js';
import { replaceFolderAtomic, resolveAtomicFolder } from '../util/atomic.js';
import { namedWrite } from '../util/file-errors.js';
import { standaloneDecoder } from './standalone-decoder.js';

const FORMAT = 'aekit-model';
const FORMAT_VERSION = 1;

interface SavedSpec {
  format: typeof FORMAT;
  version: number;
  spec: ModelSpec;
  codeShape: number[];
}

function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (!data) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

/** A file of a model folder being saved; a failure names the file (ENOSPC and EACCES messages do not). */
function writeNamed(file: string, data: string | Uint8Array): Promise<void> {
  return namedWrite(file, () => fs.writeFile(file, data));
}

/** Writes a tfjs-layers model as model.json + weights.bin (the format tf.loadLayersModel reads). */
async function writeLayersModel(model: tfl.LayersModel, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(joinWeightData(artifacts.weightData));
      const modelJson = {
        format: 'layers-model',
        generatedBy: `aekit (TensorFlow.js ${tf.version_core})`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeNamed(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      await writeNamed(path.join(dir, 'weights.bin'), weights);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Reads weights.bin of a folder written by `writeLayersModel`, in the model's weight order. */
async function readLayersWeights(dir: string): Promise<tf.Tensor[]> {
  const modelJsonPath = path.join(dir, 'model.json');
  const modelJson = JSON.parse(await fs.readFile(modelJsonPath, 'utf8')) as { weightsManifest?: { weights: tf.io.WeightsManifestEntry[] }[] };
  const specs = (modelJson.weightsManifest ?? []).flatMap((group) => group.weights);
  const buffer = await fs.readFile(path.join(dir, 'weights.bin'));
  const expectedBytes = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (buffer.byteLength !== expectedBytes) {
    throw new Error(`${path.join(dir, 'weights.bin')}: expected ${expectedBytes} bytes for the weights listed in model.json, found ${buffer.byteLength}`);
  }
  const named = tf.io.decodeWeights(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength), specs);
  return specs.map((spec) => named[spec.name]!);
}

export interface SaveExtras {
  optimizer?: Adam;
  state?: unknown;
}

export async function saveAutoencoder(autoencoder: Autoencoder, dir: string, extras: SaveExtras = {}): Promise<void> {
  await replaceFolderAtomic(dir, async (temp) => {
    const saved: SavedSpec = { format: FORMAT, version: FORMAT_VERSION, spec: autoencoder.spec, codeShape: autoencoder.codeShape };
    await writeNamed(path.join(temp, 'aekit.json'), JSON.stringify(saved, null, 2));
    await writeLayersModel(autoencoder.model, temp);
    await writeLayersModel(autoencoder.encoder, path.join(temp, 'encoder'));
    const decoder = await standaloneDecoder(autoencoder.decoder);
    try {
      await writeLayersModel(decoder.model, path.join(temp, 'decoder'));
    } finally {
      if (decoder.owned) decoder.model.dispose();
    }
    if (extras.optimizer) await writeOptimizer(extras.optimizer.getState(), temp);
    if (extras.state !== undefined) await writeNamed(path.join(temp, 'state.json'), JSON.stringify(extras.state, null, 2));
  });
}

async function writeOptimizer(state: AdamState, dir: string): Promise<void> {
  const header = { config: state.config, iterations: state.iterations, sizes: state.moments.map((slot) => slot.m.length) };
  const total = state.moments.reduce((sum, slot) => sum + 2 * slot.m.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const slot of state.moments) {
    data.set(slot.m, offset);
    data.set(slot.v, offset + slot.m.length);
    offset += 2 * slot.m.length;
  }
  await writeNamed(path.join(dir, 'optimizer.json'), JSON.stringify(header, null, 2));
  await writeNamed(path.join(dir, 'optimizer.bin'), new Uint8Array(data.buffer));
}

async function readOptimizer(dir: string): Promise<AdamState | undefined> {
  const headerPath = path.join(dir, 'optimizer.json');
  let headerText: string;
  try {
    headerText = await fs.readFile(headerPath, 'utf8');
  } catch {
    return undefined;
  }
  const header = JSON.parse(headerText) as { config: AdamState['config']; iterations: number; sizes: number[] };
  const bytes = await fs.readFile(path.join(dir, 'optimizer.bin'));
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const expected = header.sizes.reduce((a, b) => a + 2 * b, 0);
  if (data.length !== expected) throw new Error(`${path.join(dir, 'optimizer.bin')}: expected ${expected} values, found ${data.length}`);
  let offset = 0;
  const moments = header.sizes.map((size) => {
    const slot = { m: data.slice(offset, offset + size), v: data.slice(offset + size, offset + 2 * size) };
    offset += 2 * size;
    return slot;
  });
  return { config: header.config, iterations: header.iterations, moments };
}

export interface LoadedAutoencoder {
  autoencoder: Autoencoder;
  /** The folder actually read (the previous copy if a save was interrupted mid-swap). */
  dir: string;
  optimizerState?: AdamState;
  state?: unknown;
}

export async function loadAutoencoder(dir: string): Promise<LoadedAutoencoder> {
  const found = await resolveAtomicFolder(dir);
  if (!found) throw new Error(`${dir}: no saved model here (expected a folder with aekit.json, model.json and weights.bin)`);
  let saved: SavedSpec;
  try {
    saved = JSON.parse(await fs.readFile(path.join(found, 'aekit.json'), 'utf8')) as SavedSpec;
  } catch (error) {
    throw new Error(`${path.join(found, 'aekit.json')}: cannot read the model description (${(error as Error).message})`);
  }
  if (saved.format !== FORMAT) throw new Error(`${path.join(found, 'aekit.json')}: not an aekit model (format '${String(saved.format)}')`);
  const autoencoder = buildFromSpec(saved.spec);
  const weights = await readLayersWeights(found);
  const expected = autoencoder.model.weights;
  if (weights.length !== expected.length) {
    throw new Error(`${found}: has ${weights.length} weight arrays, model '${saved.spec.name}' expects ${expected.length}`);
  }
  weights.forEach((w, i) => {
    const want = expected[i]!.shape.join('x');
    if (w.shape.join('x') !== want) throw new Error(`${found}: weight ${i} (${expected[i]!.originalName}) has shape ${w.shape.join('x')}, expected ${want}`);
  });
  autoencoder.model.setWeights(weights);
  tf.dispose(weights);
  const optimizerState = await readOptimizer(found);
  let state: unknown;
  try {
    state = JSON.parse(await fs.readFile(path.join(found, 'state.json'), 'utf8'));
  } catch {
    state = undefined;
  }
  return { autoencoder, dir: found, ...(optimizerState ? { optimizerState } : {}), ...(state !== undefined ? { state } : {}) };
}
