/**
 * The few SVG elements aekit's figures are made of, written as text. Pure string building with no
 * Node or DOM imports, so figures can be made in a browser as well as in Node.
 */
import { FONT_FAMILY, TEXT_COLOR } from './theme.js';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Coordinates with at most two decimals: the files stay small and the picture the same. */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export interface TextStyle {
  size: number;
  weight?: 'normal' | 'bold';
  anchor?: 'start' | 'middle' | 'end';
  color?: string;
  /** Degrees, about (x, y); -90 reads bottom to top. */
  rotate?: number;
}

/** Text whose baseline starts (or is centred / ends, by `anchor`) at (x, y). */
export function svgText(x: number, y: number, text: string, style: TextStyle): string {
  const attributes = [
    `x="${num(x)}"`,
    `y="${num(y)}"`,
    `font-size="${num(style.size)}"`,
    ...(style.weight === 'bold' ? ['font-weight="bold"'] : []),
    ...(style.anchor && style.anchor !== 'start' ? [`text-anchor="${style.anchor}"`] : []),
    `fill="${style.color ?? TEXT_COLOR}"`,
    ...(style.rotate ? [`transform="rotate(${num(style.rotate)} ${num(x)} ${num(y)})"`] : []),
  ];
  return `<text ${attributes.join(' ')}>${escapeXml(text)}</text>`;
}

export function svgLine(x1: number, y1: number, x2: number, y2: number, color: string, width = 1): string {
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${color}" stroke-width="${num(width)}"/>`;
}

export function svgRect(x: number, y: number, width: number, height: number, fill: string, stroke?: string): string {
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" fill="${fill}"${stroke ? ` stroke="${stroke}"` : ''}/>`;
}

export function svgCircle(cx: number, cy: number, r: number, fill: string): string {
  return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="${fill}"/>`;
}

export function svgPolyline(points: readonly (readonly [number, number])[], color: string, width: number): string {
  const coordinates = points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
  return `<polyline points="${coordinates}" fill="none" stroke="${color}" stroke-width="${num(width)}" stroke-linejoin="round" stroke-linecap="round"/>`;
}

/** Moves a group of elements by (x, y). */
export function svgGroup(x: number, y: number, body: string): string {
  return x === 0 && y === 0 ? body : `<g transform="translate(${num(x)} ${num(y)})">${body}</g>`;
}

/** The font every figure's text uses, set once on the root element. */
export const ROOT_TEXT_ATTRIBUTES = `font-family="${escapeXml(FONT_FAMILY)}"`;
