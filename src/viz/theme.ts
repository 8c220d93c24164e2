/**
 * The look shared by every figure: one font, its sizes, and the greys of text, axes and grid.
 * DejaVu Sans is the font the PNG renderer is given (png.ts), and the one text-metrics.ts measures.
 */
export const FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif";

export const FONT_SIZE = {
  title: 15,
  label: 12,
  tick: 11,
  legend: 11,
} as const;

export const TEXT_COLOR = '#222222';
export const AXIS_COLOR = '#555555';
export const GRID_COLOR = '#e8e8e8';
