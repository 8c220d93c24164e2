/**
 * aekit's figures (Node): everything in portable.ts, which runs anywhere, plus `renderPng` and
 * `writeFigure` (png.ts), which turn a figure into a PNG or SVG file.
 */
export * from './portable.js';
export { renderPng, writeFigure } from './png.js';
