/** Putting finished figures together: panels in a row (e.g. autoencoder vs PCA) or in a column. */
import { blit, createRaster, type Raster } from './raster.js';
import { drawText, measureText } from './text.js';

export interface Panel {
  title?: string;
  raster: Raster;
}

const TITLE_GAP = 4;

/** Panels left to right, tops aligned, each under its own centred title. */
export function sideBySide(panels: Panel[], options: { padding?: number } = {}): Raster {
  if (panels.length === 0) throw new Error('sideBySide: panels is empty; pass at least one panel');
  const padding = checkPadding('sideBySide', options.padding);
  const titleHeight = panels.some((p) => p.title) ? measureText('X').height + TITLE_GAP : 0;
  const columnWidths = panels.map((p) => Math.max(p.raster.width, measureText(p.title ?? '').width));
  const width = padding + columnWidths.reduce((sum, w) => sum + w + padding, 0);
  const height = 2 * padding + titleHeight + Math.max(...panels.map((p) => p.raster.height));
  const out = createRaster(width, height);
  let x = padding;
  panels.forEach((panel, i) => {
    const columnWidth = columnWidths[i]!;
    if (panel.title) drawText(out, panel.title, x + Math.floor((columnWidth - measureText(panel.title).width) / 2), padding);
    blit(out, panel.raster, x + Math.floor((columnWidth - panel.raster.width) / 2), padding + titleHeight);
    x += columnWidth + padding;
  });
  return out;
}

/** Rasters top to bottom, each centred horizontally. */
export function stackVertically(panels: Raster[], options: { padding?: number } = {}): Raster {
  if (panels.length === 0) throw new Error('stackVertically: panels is empty; pass at least one raster');
  const padding = checkPadding('stackVertically', options.padding);
  const width = 2 * padding + Math.max(...panels.map((p) => p.width));
  const height = padding + panels.reduce((sum, p) => sum + p.height + padding, 0);
  const out = createRaster(width, height);
  let y = padding;
  for (const panel of panels) {
    blit(out, panel, Math.floor((width - panel.width) / 2), y);
    y += panel.height + padding;
  }
  return out;
}

function checkPadding(caller: string, padding = 8): number {
  if (!Number.isInteger(padding) || padding < 0) throw new Error(`${caller}: padding must be a non-negative integer, got ${padding}`);
  return padding;
}
