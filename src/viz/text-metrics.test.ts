import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textHeight, textWidth } from './text-metrics.js';
import { svgText } from './svg.js';
import { inkBox, rendered } from '../../testing/support/viz.js';

/** The rendered ink width of one line of text at 40 px. */
function inkWidth(text: string, weight: 'normal' | 'bold'): number {
  const width = Math.ceil(textWidth(text, 40, weight)) + 40;
  const box = inkBox(rendered({ width, height: 60, body: svgText(20, 45, text, { size: 40, weight }) }));
  assert.ok(box, `'${text}' rendered no ink`);
  return box.right - box.left;
}

test('measured widths match what the renderer draws (the table is the font the renderer is given)', () => {
  for (const weight of ['normal', 'bold'] as const) {
    for (const text of ['Reconstruction loss', 'MNIST 0123456789', 'WWW iii', 'code 1 (PCA)', 'é ü ß']) {
      const measured = textWidth(text, 40, weight);
      const ink = inkWidth(text, weight);
      // Ink stops short of the advance by the side bearings of the first and last glyph (< 0.25 em in all).
      assert.ok(ink <= measured + 1 && ink >= measured - 10, `${weight} '${text}': measured ${measured.toFixed(1)} px, rendered ${ink} px`);
    }
  }
  assert.ok(textWidth('W', 10) > 2 * textWidth('i', 10), 'proportional, not monospaced');
  assert.ok(textWidth('Title', 12, 'bold') > textWidth('Title', 12));
  assert.ok(Math.abs(textHeight(10) - 11.64) < 0.01);
});
