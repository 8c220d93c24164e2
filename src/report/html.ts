/** One self-contained HTML page: inline CSS, every figure inline SVG. */
import { figureSvg } from '../viz/index.js';
import type { Block, ReportDocument } from './document.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'text':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'table': {
      const head = block.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
      const body = block.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
      return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
    }
    case 'figure':
      return `<figure role="img" aria-label="${escapeHtml(block.caption)}">${figureSvg(block.figure)}<figcaption>${escapeHtml(block.caption)}</figcaption></figure>`;
  }
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}
th:first-child,td:first-child{text-align:left}figure{margin:1em 0}figure svg{max-width:100%;height:auto}
figcaption{color:#555;font-size:90%}nav a{margin-right:1em}`;

export function renderHtml(doc: ReportDocument): string {
  const nav = doc.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const sections = doc.sections
    .map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map(renderBlock).join('\n')}\n</section>`)
    .join('\n');
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(doc.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<h1>${escapeHtml(doc.title)}</h1>\n<p>${escapeHtml(doc.subtitle)}</p>\n<nav>${nav}</nav>\n${sections}\n</body>\n</html>\n`;
}
