/**
 * A LayerGraph as a Keras 3 `.keras` file: a zip (stored, as Keras writes it) of config.json
 * (keras3-config.ts), metadata.json (Keras's keras_version and date_saved, plus aekit's export
 * metadata under "aekit") and model.weights.h5 (keras3-weights.ts).
 */
import { zipSync, strToU8 } from 'fflate';
import type { LayerGraph } from '../export/layer-graph.js';
import type { ExportMetadata } from '../export/metadata.js';
import { keras3Config } from './keras3-config.js';
import { keras3Weights } from './keras3-weights.js';

/** The Keras saving format these files follow: 3.0's, which later 3.x releases still load. */
export const KERAS_FORMAT_VERSION = '3.0.0';

function dateSaved(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}@${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

export async function writeKeras3(graph: LayerGraph, metadata: ExportMetadata): Promise<Uint8Array> {
  const config = keras3Config(graph);
  const weights = await keras3Weights(graph);
  const meta = { keras_version: KERAS_FORMAT_VERSION, date_saved: dateSaved(new Date()), aekit: metadata };
  return zipSync(
    {
      'metadata.json': strToU8(JSON.stringify(meta)),
      'config.json': strToU8(JSON.stringify(config)),
      'model.weights.h5': weights,
    },
    { level: 0 },
  );
}
