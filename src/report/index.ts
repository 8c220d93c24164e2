/**
 * Run reports: build the document once, write it as HTML (figures inline) and as Markdown beside
 * it with its figures as PNG files in a folder of their own, each file atomically.
 */
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { writeFigure } from '../viz/index.js';
import { figureFiles } from './document.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildRunReport, type RunReportInput } from './run-report.js';

export { buildRunReport, REPORT_NOISES, type RunReportInput } from './run-report.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { figureFiles, type Block, type ReportDocument, type Section } from './document.js';

/** The Markdown path beside an HTML path: report.html -> report.md. */
export function markdownPathFor(htmlPath: string): string {
  return htmlPath.replace(/\.html?$/i, '') + '.md';
}

/** The folder of the Markdown's figures: report.html -> report-figures. */
export function figuresDirFor(htmlPath: string): string {
  return htmlPath.replace(/\.html?$/i, '') + '-figures';
}

export interface WrittenReport {
  html: string;
  markdown: string;
  figures: string;
}

/**
 * Builds the report of a run and writes `htmlPath`, the Markdown beside it and its figures.
 *
 * @example
 * const written = await writeRunReport({ runDir, model, test, train, imageShape: [28, 28, 1], datasetName: 'mnist' }, 'runs/my-run/report.html');
 */
export async function writeRunReport(input: RunReportInput, htmlPath: string): Promise<WrittenReport> {
  const doc = await buildRunReport(input);
  const markdown = markdownPathFor(htmlPath);
  const figures = figuresDirFor(htmlPath);
  for (const file of figureFiles(doc)) await writeFigure(path.join(figures, file.name), file.figure);
  await writeFileAtomic(htmlPath, renderHtml(doc));
  await writeFileAtomic(markdown, renderMarkdown(doc, path.basename(figures)));
  return { html: htmlPath, markdown, figures };
}
