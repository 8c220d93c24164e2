/**
 * Keras-style checkpoint paths: `{epoch}`, `{epoch:03d}`, `{val_loss:.4f}`, `{lr:.2e}` are replaced
 * by values (Python format-spec subset: zero padding, width, precision, and d/f/e/g types).
 */

import { pythonExponential } from './format.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;
const SPEC = /^(0)?(\d+)?(?:\.(\d+))?([dfeg])?$/;

/** Fills a Keras-style file name template such as `weights.{epoch:02d}-{val_loss:.4f}` from `values`. */
export function formatFilepath(template: string, values: Record<string, number>): string {
  return template.replace(PLACEHOLDER, (_match, key: string, spec: string | undefined) => {
    const value = values[key];
    if (value === undefined) {
      const available = Object.keys(values).join(', ');
      throw new Error(`ModelCheckpoint: filepath '${template}' uses {${key}}, which is not a logged value (available: ${available})`);
    }
    return spec === undefined ? String(value) : formatWithSpec(value, spec, template);
  });
}

function formatWithSpec(value: number, spec: string, template: string): string {
  const parts = SPEC.exec(spec);
  if (!parts) {
    throw new Error(`ModelCheckpoint: filepath '${template}' has format spec ':${spec}'; expected e.g. ':03d', ':.4f', ':.2e'`);
  }
  const [, zero, width, precision, type] = parts;
  const digits = precision === undefined ? undefined : Number(precision);
  let text: string;
  switch (type) {
    case 'd':
      text = String(Math.round(value));
      break;
    case 'f':
      text = value.toFixed(digits ?? 6);
      break;
    case 'e':
      text = pythonExponential(value, digits ?? 6);
      break;
    case 'g':
      text = String(Number(value.toPrecision(digits ?? 6)));
      break;
    default:
      text = digits === undefined ? String(value) : value.toFixed(digits);
  }
  const minWidth = width === undefined ? 0 : Number(width);
  if (text.length >= minWidth) return text;
  if (zero === undefined) return text.padStart(minWidth, ' ');
  const sign = text.startsWith('-') ? '-' : '';
  return sign + text.slice(sign.length).padStart(minWidth - sign.length, '0');
}
