/**
 * The 2-D plane of the latent explorer and the way back from it to a full code. Pure and free
 * of Node imports: the server builds the plane, the browser bundle imports `liftPoint` to turn a
 * clicked point into the code it decodes.
 *
 * The lift is affine: code = origin + x * axes[0] + y * axes[1]. For a 2-D code it is the
 * identity; for a PCA projection its three vectors are read off `Pca.inverseTransform` itself
 * (the images of (0,0), (1,0) and (0,1)), which is exact because that map is affine.
 */
export interface LatentLift {
  /** Code of the plane's origin. */
  origin: number[];
  /** Change of the code per unit step along x and along y. */
  axes: [number[], number[]];
}

/** The code (length origin.length) at plane point (x, y). */
export function liftPoint(lift: LatentLift, x: number, y: number): Float32Array {
  const [ax, ay] = lift.axes;
  const code = new Float32Array(lift.origin.length);
  for (let j = 0; j < code.length; j++) code[j] = lift.origin[j]! + x * ax[j]! + y * ay[j]!;
  return code;
}

/** Identity lift for codes of 1 or 2 values (a 1-D code ignores y). */
export function identityLift(codeSize: number): LatentLift {
  if (codeSize < 1 || codeSize > 2) throw new Error(`identityLift: code size must be 1 or 2, got ${codeSize}`);
  const unit = (i: number): number[] => Array.from({ length: codeSize }, (_, j) => (i === j ? 1 : 0));
  return { origin: unit(-1), axes: [unit(0), unit(1)] };
}

/** The affine lift of a 2-D inverse map (e.g. PCA's inverseTransform with k = 2). */
export function affineLift(inverse: (plane: Float32Array, count: number) => Float32Array): LatentLift {
  const images = inverse(Float32Array.from([0, 0, 1, 0, 0, 1]), 3);
  const dim = images.length / 3;
  const origin = Array.from(images.subarray(0, dim));
  const along = (k: number): number[] => Array.from(images.subarray(k * dim, (k + 1) * dim), (v, j) => v - origin[j]!);
  return { origin, axes: [along(1), along(2)] };
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9): the VAE manifold grid's spacing. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
