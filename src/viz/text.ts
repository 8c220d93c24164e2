/**
 * Text drawn with the embedded bitmap font, scaled by whole pixels so it stays crisp.
 * Lines are split on '\n'; (x, y) is the top-left corner of the first line.
 */
import { GLYPH_HEIGHT, GLYPH_SPACING, GLYPH_WIDTH, glyphFor, hasInk } from './font.js';
import { fillRect, TEXT_COLOR, type Raster, type Rgb } from './raster.js';

const ADVANCE = GLYPH_WIDTH + GLYPH_SPACING;
const LINE_HEIGHT = GLYPH_HEIGHT + GLYPH_SPACING;

export function measureText(text: string, scale = 1): { width: number; height: number } {
  checkScale(scale);
  if (text.length === 0) return { width: 0, height: 0 };
  const lines = text.split('\n');
  // Code points, so a character outside the BMP counts as one '?', as it is drawn.
  const longest = Math.max(...lines.map((line) => [...line].length));
  return {
    width: longest === 0 ? 0 : (longest * ADVANCE - GLYPH_SPACING) * scale,
    height: (lines.length * LINE_HEIGHT - GLYPH_SPACING) * scale,
  };
}

export function drawText(raster: Raster, text: string, x: number, y: number, color: Rgb = TEXT_COLOR, scale = 1): void {
  checkScale(scale);
  const left = Math.round(x);
  text.split('\n').forEach((line, lineIndex) => {
    const top = Math.round(y) + lineIndex * LINE_HEIGHT * scale;
    [...line].forEach((char, charIndex) => {
      const glyph = glyphFor(char);
      const glyphLeft = left + charIndex * ADVANCE * scale;
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (hasInk(glyph, gx, gy)) fillRect(raster, glyphLeft + gx * scale, top + gy * scale, scale, scale, color);
        }
      }
    });
  });
}

function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`text: scale must be a positive integer, got ${scale}`);
}
