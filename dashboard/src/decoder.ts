/**
 * The run's saved decoder, run in the page with TF.js (CPU backend): a point of the latent
 * plane is lifted to a code and decoded here, so dragging shows the image at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { runFileUrl } from './api.js';

let ready: Promise<void> | undefined;

function backendReady(): Promise<void> {
  ready ??= tf.setBackend('cpu').then(() => tf.ready());
  return ready;
}

export interface Decoder {
  /** Decodes codes (count x code size, flat) to images (count x image size, flat, in [0, 1]). */
  decode(codes: Float32Array, count: number): Float32Array;
  dispose(): void;
}

export async function loadDecoder(runId: string, modelFolder: string, codeShape: number[]): Promise<Decoder> {
  await backendReady();
  const model = await tfl.loadLayersModel(runFileUrl(runId, modelFolder, 'decoder', 'model.json'));
  return {
    decode(codes, count) {
      return tf.tidy(() => {
        const z = tf.tensor(codes, [count, ...codeShape]);
        const out = model.predict(z) as tf.Tensor;
        return out.dataSync() as Float32Array;
      });
    },
    dispose: () => model.dispose(),
  };
}
