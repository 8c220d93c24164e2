/**
 * How much room text takes in DejaVu Sans, the font figures are rendered with: the sum of the
 * glyphs' advance widths (kerning, which only narrows, is left out, so layouts err on the roomy
 * side). Characters outside the table count as a capital M, the widest common glyph.
 */
import { ASCENDER, BOLD_ADVANCES, DESCENDER, FIRST_CODE, REGULAR_ADVANCES, UNITS_PER_EM } from './text-metrics-data.js';

export type FontWeight = 'normal' | 'bold';

function advanceOf(table: readonly number[], code: number): number {
  const advance = table[code - FIRST_CODE];
  return advance ? advance : table['M'.charCodeAt(0) - FIRST_CODE]!;
}

/** The width in pixels of one line of `text` at `size` pixels. */
export function textWidth(text: string, size: number, weight: FontWeight = 'normal'): number {
  const table = weight === 'bold' ? BOLD_ADVANCES : REGULAR_ADVANCES;
  let units = 0;
  for (const char of text) units += advanceOf(table, char.codePointAt(0)!);
  return (units / UNITS_PER_EM) * size;
}

/** The height in pixels of a line at `size` pixels, from the top of the tallest glyph to the bottom of the lowest. */
export function textHeight(size: number): number {
  return ((ASCENDER - DESCENDER) / UNITS_PER_EM) * size;
}
