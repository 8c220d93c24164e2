/**
 * Feature scaling fitted on training data and applied again to every later input, as
 * scikit-learn's MinMaxScaler and StandardScaler do: x' = (x - offset) / scale per feature.
 * - 'minmax': offset = the feature's minimum, scale = its range, so training data spans [0, 1]
 *   (the range of a sigmoid output);
 * - 'standard': offset = the mean, scale = the population standard deviation (numpy's std).
 * A constant feature gets scale 1 (as scikit-learn does), so it maps to 0 instead of NaN.
 * The fitted numbers are plain JSON, saved with the model that was trained on scaled data.
 */
export const SCALINGS = ['none', 'minmax', 'standard'] as const;
export type ScalingKind = (typeof SCALINGS)[number];

export interface FittedScaling {
  kind: Exclude<ScalingKind, 'none'>;
  offset: number[];
  scale: number[];
}

/** `kind` as a ScalingKind, or an error naming `what` and the choices. */
export function checkScalingKind(kind: string, what = 'scale'): ScalingKind {
  if (!(SCALINGS as readonly string[]).includes(kind)) throw new Error(`${what} must be one of ${SCALINGS.join(', ')}, got '${kind}'`);
  return kind as ScalingKind;
}

/** Fits a scaling on `count` rows of `features` values each; 'none' gives undefined. */
export function fitScaling(kind: ScalingKind, data: Float32Array, count: number, features: number): FittedScaling | undefined {
  checkScalingKind(kind);
  if (kind === 'none') return undefined;
  if (count < 1 || data.length !== count * features) throw new Error(`fitScaling: ${count} rows of ${features} features need ${count * features} values, found ${data.length}`);
  const offset: number[] = [];
  const scale: number[] = [];
  for (let f = 0; f < features; f++) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let r = 0; r < count; r++) {
      const v = data[r * features + f]!;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    if (kind === 'minmax') {
      offset.push(min);
      scale.push(max > min ? max - min : 1);
      continue;
    }
    const mean = sum / count;
    let squares = 0;
    for (let r = 0; r < count; r++) squares += (data[r * features + f]! - mean) ** 2;
    const std = Math.sqrt(squares / count);
    offset.push(mean);
    scale.push(std > 0 ? std : 1);
  }
  return { kind, offset, scale };
}

function checkWidth(scaling: FittedScaling, data: Float32Array, what: string): number {
  const features = scaling.offset.length;
  if (data.length % features !== 0) {
    throw new Error(`${what}: the ${scaling.kind} scaling was fitted on ${features} features, but the data's ${data.length} values are not whole rows of ${features}`);
  }
  return features;
}

/** (x - offset) / scale, as a new array. */
export function applyScaling(scaling: FittedScaling, data: Float32Array, what = 'data'): Float32Array {
  const features = checkWidth(scaling, data, what);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i]! - scaling.offset[i % features]!) / scaling.scale[i % features]!;
  return out;
}

/** x * scale + offset: scaled values back in the data's own units. */
export function invertScaling(scaling: FittedScaling, data: Float32Array, what = 'data'): Float32Array {
  const features = checkWidth(scaling, data, what);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! * scaling.scale[i % features]! + scaling.offset[i % features]!;
  return out;
}

/** Checks a scaling read from a file: its kind, equal lengths, finite offsets, positive scales. */
export function checkFittedScaling(value: unknown, features: number, what: string): FittedScaling {
  const s = value as Partial<FittedScaling> | null;
  const ok =
    s !== null &&
    typeof s === 'object' &&
    (s.kind === 'minmax' || s.kind === 'standard') &&
    Array.isArray(s.offset) &&
    Array.isArray(s.scale) &&
    s.offset.length === features &&
    s.scale.length === features &&
    s.offset.every((v) => Number.isFinite(v)) &&
    s.scale.every((v) => Number.isFinite(v) && v > 0);
  if (!ok) throw new Error(`${what}: the input scaling is malformed: expected { kind: 'minmax' | 'standard', offset, scale } with ${features} finite offsets and positive scales`);
  return s as FittedScaling;
}
