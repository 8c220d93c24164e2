/** Putting finished figures together: panels in a row (e.g. autoencoder vs PCA) or in a column. */
import type { Figure } from './figure.js';
import { svgGroup, svgText } from './svg.js';
import { textHeight, textWidth } from './text-metrics.js';
import { FONT_SIZE } from './theme.js';

export interface Panel {
  title?: string;
  figure: Figure;
}

/** Panels left to right, tops aligned, each under its own centred title. */
export function sideBySide(panels: Panel[], options: { padding?: number } = {}): Figure {
  if (panels.length === 0) throw new Error('sideBySide: panels is empty; pass at least one panel');
  const padding = checkPadding('sideBySide', options.padding);
  const titleHeight = panels.some((p) => p.title) ? textHeight(FONT_SIZE.title) + 4 : 0;
  const columnWidths = panels.map((p) => Math.ceil(Math.max(p.figure.width, textWidth(p.title ?? '', FONT_SIZE.title, 'bold'))));
  const width = padding + columnWidths.reduce((sum, w) => sum + w + padding, 0);
  const height = 2 * padding + titleHeight + Math.max(...panels.map((p) => p.figure.height));
  const parts: string[] = [];
  let x = padding;
  panels.forEach((panel, i) => {
    const columnWidth = columnWidths[i]!;
    if (panel.title) parts.push(svgText(x + columnWidth / 2, padding + FONT_SIZE.title * 0.93, panel.title, { size: FONT_SIZE.title, weight: 'bold', anchor: 'middle' }));
    parts.push(svgGroup(x + Math.floor((columnWidth - panel.figure.width) / 2), padding + Math.ceil(titleHeight), panel.figure.body));
    x += columnWidth + padding;
  });
  return { width, height: Math.ceil(height), body: parts.join('') };
}

/** Figures top to bottom, each centred horizontally. */
export function stackVertically(figures: Figure[], options: { padding?: number } = {}): Figure {
  if (figures.length === 0) throw new Error('stackVertically: figures is empty; pass at least one figure');
  const padding = checkPadding('stackVertically', options.padding);
  const width = 2 * padding + Math.max(...figures.map((f) => f.width));
  const height = padding + figures.reduce((sum, f) => sum + f.height + padding, 0);
  const parts: string[] = [];
  let y = padding;
  for (const figure of figures) {
    parts.push(svgGroup(Math.floor((width - figure.width) / 2), y, figure.body));
    y += figure.height + padding;
  }
  return { width, height, body: parts.join('') };
}

function checkPadding(caller: string, padding = 8): number {
  if (!Number.isInteger(padding) || padding < 0) throw new Error(`${caller}: padding must be a non-negative integer, got ${padding}`);
  return padding;
}
