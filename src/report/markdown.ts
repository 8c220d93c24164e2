/**
 * The same report as Markdown. Figures are PNG files in a folder beside it (`figuresDir`,
 * relative to the Markdown file), linked by name, so the text stays small and readable.
 */
import { figureFiles, type Block, type ReportDocument } from './document.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(doc: ReportDocument, figuresDir: string): string {
  const names = new Map(figureFiles(doc).map((f) => [f.figure, f.name]));
  const renderBlock = (block: Block): string => {
    switch (block.kind) {
      case 'text':
        return block.text;
      case 'table':
        return [`| ${block.header.map(cell).join(' | ')} |`, `| ${block.header.map(() => '---').join(' | ')} |`, ...block.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
      case 'figure':
        return `![${cell(block.caption)}](${encodeURI(`${figuresDir}/${names.get(block.figure)!}`)})\n\n*${block.caption}*`;
    }
  };
  const parts = [`# ${doc.title}`, doc.subtitle];
  for (const section of doc.sections) parts.push(`## ${section.title}`, ...section.blocks.map(renderBlock));
  return `${parts.join('\n\n')}\n`;
}
