/** Shapes as tfjs-layers hands them to `build`: one shape, or a list of them (one per input). */
export type LayerInputShape = (number | null)[] | (number | null)[][];

/** The (first) input shape `build` was given, with unknown (batch) dimensions as 0. */
export function inputShapeOf(inputShape: LayerInputShape): number[] {
  const shape = Array.isArray(inputShape[0]) ? (inputShape as (number | null)[][])[0]! : (inputShape as (number | null)[]);
  return shape.map((d) => d ?? 0);
}
