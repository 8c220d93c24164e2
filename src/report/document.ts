/**
 * A report as data: titled sections of paragraphs, tables and figures. Built once, then
 * rendered to HTML (figures as inline SVG) and to Markdown (figures as PNG files beside it), so
 * both always hold the same content.
 */
import type { Figure } from '../viz/index.js';

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'figure'; caption: string; figure: Figure };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: Section[];
}

/** The report's figures in order, each with the file name the Markdown links it by. */
export function figureFiles(doc: ReportDocument): { name: string; caption: string; figure: Figure }[] {
  const files: { name: string; caption: string; figure: Figure }[] = [];
  for (const section of doc.sections) {
    for (const block of section.blocks) {
      if (block.kind === 'figure') files.push({ name: `${String(files.length + 1).padStart(2, '0')}-${section.id}.png`, caption: block.caption, figure: block.figure });
    }
  }
  return files;
}
