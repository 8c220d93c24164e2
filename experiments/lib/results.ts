/** Results tables of the reproductions: Markdown in experiments/results/, written atomically. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../src/util/atomic.js';
import { backendInfo } from '../../src/backend/select.js';

/** experiments/results/ in the source tree (the scripts run from dist/experiments/). */
export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../experiments/results');

export interface ResultRow {
  measure: string;
  ours: string;
  published: string;
  note?: string;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}

export async function writeResults(name: string, title: string, command: string, rows: ResultRow[], notes: string[], wallSeconds: number): Promise<string> {
  const engine = backendInfo();
  const text = [
    `# ${title}`,
    '',
    markdownTable(['measure', 'ours', 'published', 'note'], rows.map((r) => [r.measure, r.ours, r.published, r.note ?? ''])),
    '',
    `Wall time: ${formatSeconds(wallSeconds)} on engine '${engine?.name ?? 'unknown'}' (${engine?.threads ?? '?'} thread(s)), ${new Date().toISOString()}.`,
    '',
    `Command: \`${command}\``,
    '',
    // Plain notes become bullets; blank lines and tables pass through as they are.
    ...notes.map((n) => (n === '' || n.startsWith('|') ? n : `- ${n}`)),
    '',
  ].join('\n');
  const file = path.join(RESULTS_DIR, `${name}.md`);
  await writeFileAtomic(file, text);
  return file;
}
