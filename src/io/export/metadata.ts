/**
 * What an exported file says about itself (ONNX metadata_props, Keras metadata.json), so a job
 * scoring with it elsewhere needs nothing but the file: how to scale and shape the input, how
 * aekit scores a sample, and the anomaly threshold when one was given.
 */
import type { Autoencoder } from '../../models/autoencoder.js';
import { VERSION } from '../../util/version.js';
import type { ExportPart } from './parts.js';

export interface ExportMetadata {
  aekit_version: string;
  model_name: string;
  /** JSON of the model spec aekit rebuilds the model from. */
  model_spec: string;
  part: ExportPart;
  /** JSON: the shape of one sample, without the batch dimension. */
  input_shape: string;
  input_layout: string;
  input_scaling: string;
  /** With a fitted feature scaling (aekit train --scale): its kind and, as JSON lists, x' = (x - offset) / scale per feature. */
  scaling_kind?: string;
  scaling_offset?: string;
  scaling_scale?: string;
  /** The per-sample anomaly score aekit computes from input x and reconstruction r. */
  anomaly_score: string;
  /** That score's name: 'mse' or 'bce' (the model's reconstruction loss, per value, averaged over the sample). */
  reconstruction_loss: string;
  /** Anomaly threshold on that score (a sample is an anomaly when its score is above it), if given. */
  threshold?: string;
  dataset?: string;
}

export interface MetadataInput {
  threshold?: number;
  dataset?: string;
}

export function exportMetadata(autoencoder: Autoencoder, part: ExportPart, input: MetadataInput = {}): ExportMetadata {
  const shape = autoencoder.inputShape;
  const scaling = autoencoder.spec.inputScaling;
  const score = autoencoder.spec.loss === 'bce'
    ? 'mean over the sample\'s values of -(x * log(r) + (1 - x) * log(1 - r)), r clipped to [1e-7, 1 - 1e-7]'
    : 'mean over the sample\'s values of (x - r)^2';
  return {
    aekit_version: VERSION,
    model_name: autoencoder.name,
    model_spec: JSON.stringify(autoencoder.spec),
    part,
    input_shape: JSON.stringify(shape),
    input_layout: shape.length === 3 ? 'NHWC: [batch, height, width, channels], float32' : `[batch, ${shape[0]}], float32 (images flattened row by row)`,
    input_scaling: scaling
      ? `feature scaling '${scaling.kind}' fitted on the training data: give the model x' = (x - scaling_offset) / scaling_scale per feature; its reconstructions and scores are in those scaled units`
      : 'values as aekit loads them: 8-bit pixels divided by 255 into [0, 1], other arrays as they are',
    ...(scaling ? { scaling_kind: scaling.kind, scaling_offset: JSON.stringify(scaling.offset), scaling_scale: JSON.stringify(scaling.scale) } : {}),
    anomaly_score: score,
    reconstruction_loss: autoencoder.spec.loss,
    ...(input.threshold !== undefined ? { threshold: String(input.threshold) } : {}),
    ...(input.dataset !== undefined ? { dataset: input.dataset } : {}),
  };
}

/** As string pairs (ONNX metadata_props). */
export function metadataEntries(metadata: ExportMetadata): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
