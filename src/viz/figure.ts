/**
 * A figure: its size in pixels and its SVG markup. Made without Node or DOM, shown inline in the
 * HTML report (`figureSvg`) and turned into PNG by `png.ts` (Node only).
 */
import { ROOT_TEXT_ATTRIBUTES, num } from './svg.js';

export interface Figure {
  /** Width and height in pixels (SVG user units). */
  readonly width: number;
  readonly height: number;
  /** The figure's elements, in its own coordinates (0, 0 top left). */
  readonly body: string;
}

/** The figure as a standalone SVG document, white background included. */
export function figureSvg(figure: Figure): string {
  const { width, height } = figure;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" ${ROOT_TEXT_ATTRIBUTES}>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${figure.body}</svg>`
  );
}

export function checkFigureSize(caller: string, width: number, height: number): void {
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${caller}: ${name} must be a positive number of pixels, got ${value}`);
  }
}
