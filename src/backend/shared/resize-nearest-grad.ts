/**
 * The gradient of nearest-neighbour resizing (UpSampling2D) as plain array code, shared by the
 * engines whose own kernel is wrong: tfjs 4.22's cpu and wasm ResizeNearestNeighborGrad return
 * wrong values once batch or channels exceed 1 (they fail <resize(p), w> = <p, grad(w)>).
 * The gradient is the adjoint of the forward gather: each output pixel's gradient is added to
 * the input pixel it was copied from, with the source index computed as the forward kernel does.
 */

export interface ResizeAttrs {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** For every output row (or column), the input row (or column) the forward resize reads. */
export function nearestSources(inSize: number, outSize: number, { alignCorners, halfPixelCenters }: ResizeAttrs): Int32Array {
  const aligned = alignCorners && outSize > 1;
  const ratio = (aligned ? inSize - 1 : inSize) / (aligned ? outSize - 1 : outSize);
  const sources = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const fraction = ratio * (halfPixelCenters ? i + 0.5 : i);
    let source = Math.min(inSize - 1, alignCorners ? Math.round(fraction) : Math.floor(fraction));
    if (halfPixelCenters) source = Math.max(0, source);
    sources[i] = source;
  }
  return sources;
}

export function scatterResizeGrad(
  dy: Float32Array, dyShape: number[], inHeight: number, inWidth: number, attrs: ResizeAttrs, dx: Float32Array,
): void {
  const [batch, outHeight, outWidth, channels] = dyShape as [number, number, number, number];
  const rows = nearestSources(inHeight, outHeight, attrs);
  const cols = nearestSources(inWidth, outWidth, attrs);
  dx.fill(0);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let y = 0; y < outHeight; y++) {
      const rowBase = (n * inHeight + rows[y]!) * inWidth;
      for (let x = 0; x < outWidth; x++, o += channels) {
        const at = (rowBase + cols[x]!) * channels;
        for (let c = 0; c < channels; c++) dx[at + c] += dy[o + c]!;
      }
    }
  }
}

