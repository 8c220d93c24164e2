/** Ten distinguishable class colours (matplotlib's tab10); class k uses PALETTE[k % 10]. */
export type Rgb = readonly [number, number, number];

/** Ten distinguishable class colours (matplotlib's tab10). */
export const PALETTE: Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

/** The colour of class `label` (PALETTE, wrapping). */
export function classColor(label: number): Rgb {
  return PALETTE[((label % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** The class colour as '#rrggbb', for SVG. */
export function classHex(label: number): string {
  return `#${classColor(label).map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
