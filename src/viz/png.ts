/**
 * Figures to files (Node only; everything else in viz/ also runs in a browser). PNGs come from
 * resvg (@resvg/resvg-js, a Rust SVG renderer shipped as prebuilt binaries in npm packages)
 * with the DejaVu Sans fonts of the dejavu-fonts-ttf package, never the system's, so a figure
 * looks the same on every machine. Files are written atomically like everything aekit saves.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { writeFileAtomic } from '../util/atomic.js';
import { figureSvg, type Figure } from './figure.js';

const require = createRequire(import.meta.url);

/** The TTF files the renderer is given: regular and bold, the faces figures use. */
export const FONT_FILES: readonly string[] = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));

/**
 * The figure rendered to PNG bytes; `scale` 2 gives a double-resolution image (for print or
 * high-density screens).
 */
export function renderPng(figure: Figure, options: { scale?: number } = {}): Uint8Array {
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`renderPng: scale must be a positive number, got ${scale}`);
  const resvg = new Resvg(figureSvg(figure), {
    font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/**
 * Writes a figure: SVG text for a `.svg` path, a PNG otherwise.
 *
 * @example
 * await writeFigure('loss.png', lineChart([{ name: 'loss', values: history.metrics.loss }]));
 */
export async function writeFigure(file: string, figure: Figure): Promise<void> {
  await writeFileAtomic(file, path.extname(file).toLowerCase() === '.svg' ? `${figureSvg(figure)}\n` : renderPng(figure));
}
