/** Run reports: build the document once, write it as HTML and as Markdown beside it, atomically. */
import { writeFileAtomic } from '../util/atomic.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildRunReport, type RunReportInput } from './run-report.js';

export { buildRunReport, REPORT_NOISES, type RunReportInput } from './run-report.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export type { Block, ReportDocument, Section } from './document.js';

/** The Markdown path beside an HTML path: report.html -> report.md. */
export function markdownPathFor(htmlPath: string): string {
  return htmlPath.replace(/\.html?$/i, '') + '.md';
}

export async function writeRunReport(input: RunReportInput, htmlPath: string): Promise<{ html: string; markdown: string }> {
  const doc = await buildRunReport(input);
  const markdown = markdownPathFor(htmlPath);
  await writeFileAtomic(htmlPath, renderHtml(doc));
  await writeFileAtomic(markdown, renderMarkdown(doc));
  return { html: htmlPath, markdown };
}
