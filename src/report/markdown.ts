/** The same report as Markdown; figures are embedded as data: URIs so the file stands alone. */
import { pngDataUri, type Block, type ReportDocument } from './document.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'text':
      return block.text;
    case 'table':
      return [`| ${block.header.map(cell).join(' | ')} |`, `| ${block.header.map(() => '---').join(' | ')} |`, ...block.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
    case 'figure':
      return `![${cell(block.caption)}](${pngDataUri(block.png)})\n\n*${block.caption}*`;
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const parts = [`# ${doc.title}`, doc.subtitle];
  for (const section of doc.sections) parts.push(`## ${section.title}`, ...section.blocks.map(renderBlock));
  return `${parts.join('\n\n')}\n`;
}
