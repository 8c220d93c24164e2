/**
 * CSV text split into records by csv-parse (quoted fields with commas, quotes and newlines, a
 * byte-order mark, CRLF), each record with the line it starts on, from a string or streamed from
 * a file. Every CSV aekit reads goes through here, so the parser settings and the length limit
 * are the same for the table reader (csv.ts) and the row streamer (row-stream.ts).
 *
 * Bounded memory: a streamed file's physical lines are refused past DATA_LIMITS.csvRecordChars
 * characters or DATA_LIMITS.sampleValues cells, and any record past DATA_LIMITS.csvRecordChars,
 * before csv-parse builds its cells, so neither a line of a billion empty cells nor one endless
 * quoted field is held whole.
 */
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { InfoRecord } from 'csv-parse';
import { DATA_LIMITS } from './limits.js';

export interface CsvRecord {
  cells: string[];
  /** Line (1-based) the record starts on, as a text editor shows it. */
  line: number;
}

/** How csv-parse splits every CSV aekit reads. */
export const CSV_PARSE_OPTIONS = {
  bom: true,
  info: true,
  skip_empty_lines: true,
  relax_column_count: true,
  trim: true,
  max_record_size: DATA_LIMITS.csvRecordChars,
} as const;

/** A csv-parse record with `info: true`. */
interface ParsedRecord {
  record: string[];
  info: InfoRecord;
}

const count = (n: number) => n.toLocaleString('en-US');

function tooLong(what: string, where: string): Error {
  return new Error(`${what}: ${where} ${count(DATA_LIMITS.csvRecordChars)} characters, the most one CSV row may hold (a row holds at most ${count(DATA_LIMITS.sampleValues)} values)`);
}

/** csv-parse counts the line a record ends on; quoted newlines inside it move its start back. */
function csvRecord({ record, info }: ParsedRecord): CsvRecord {
  return { cells: record, line: info.lines - record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0) };
}

/** A csv-parse failure as one line naming the file (its message names the line). */
function csvError(error: unknown, what: string): Error {
  const { code, lines } = error as { code?: unknown; lines?: number };
  // A quoted field may span lines: csv-parse knows the line it has reached, not where the record began.
  if (code === 'CSV_MAX_RECORD_SIZE') return tooLong(what, `the record reaching line ${lines ?? '?'} holds more than`);
  return new Error(`${what}: ${(error as Error).message} (not a well-formed CSV file)`);
}

/** Every record of a CSV text; `what` names it in errors. */
export function parseCsvRecords(text: string, what: string): CsvRecord[] {
  try {
    // Cast: csv-parse's types do not model `info: true`, which wraps each record as { record, info }.
    return (parseSync(text, CSV_PARSE_OPTIONS) as unknown as ParsedRecord[]).map(csvRecord);
  } catch (error) {
    throw csvError(error, what);
  }
}

const NEWLINE = 10;
const COMMA = 44;

/**
 * Passes bytes through, failing as soon as a physical line grows past `maxBytes` or past
 * `maxCells` cells (commas + 1, quoted ones too): csv-parse counts only cell characters toward
 * its record limit, so a line of empty cells would otherwise become one huge record. This is a
 * byte loop like csv-parse's own, so it adds little to reading a file.
 */
function lineGuard(maxBytes: number, maxCells: number, what: string): Transform {
  let bytes = 0;
  let cells = 1;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === NEWLINE) {
          bytes = 0;
          cells = 1;
          line++;
          continue;
        }
        if (++bytes > maxBytes) return done(tooLong(what, `line ${line} is longer than`));
        if (byte === COMMA && ++cells > maxCells) return done(new Error(`${what}: line ${line} has more than ${count(maxCells)} values; one row may hold at most ${count(maxCells)}`));
      }
      done(null, chunk);
    },
  });
}

/**
 * The records of a CSV file, read as they are needed (the file is never held whole). Leaving
 * the loop early (break, return, throw) closes the file.
 */
export async function* streamCsvRecords(file: string): AsyncGenerator<CsvRecord> {
  const source = createReadStream(file);
  const guard = lineGuard(DATA_LIMITS.csvRecordChars, DATA_LIMITS.sampleValues, file);
  const parser = parse(CSV_PARSE_OPTIONS);
  // pipe() does not forward errors: the guard's and the file's end the parser with them.
  source.on('error', (error) => parser.destroy(error));
  guard.on('error', (error) => parser.destroy(error));
  source.pipe(guard).pipe(parser);
  try {
    // csv-parse's types do not model `info: true`, which wraps each record as { record, info }.
    for await (const parsed of parser as AsyncIterable<ParsedRecord>) yield csvRecord(parsed);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw typeof code === 'string' && code.startsWith('CSV_') ? csvError(error, file) : error;
  } finally {
    source.destroy();
    guard.destroy();
    parser.destroy();
  }
}
