/**
 * The speed bench runs model by model (every aekit engine and PyTorch for one model, taking
 * turns, before the next), so each engine reports once per model; this joins those partial
 * reports into one per engine, models in the order they ran.
 */
import type { EngineReport, ModelOutcome } from './types.js';

/** One engine's report on the models it was asked to measure. */
export interface PartialReport {
  models: string[];
  report: EngineReport;
}

export function mergeEngineReports(parts: PartialReport[]): EngineReport[] {
  const byEngine = new Map<string, PartialReport[]>();
  for (const part of parts) byEngine.set(part.report.engine, [...(byEngine.get(part.report.engine) ?? []), part]);
  return [...byEngine.values()].map((engineParts) => {
    const reports = engineParts.map((p) => p.report);
    const first = reports.find((r) => !r.error) ?? reports[0]!;
    if (reports.every((r) => r.error)) {
      return { engine: first.engine, threads: first.threads, detail: first.detail, error: [...new Set(reports.map((r) => r.error))].join('; ') };
    }
    // A part that failed while others ran: its models get a row saying why.
    const results = engineParts.flatMap(({ models, report }): ModelOutcome[] =>
      report.error ? models.map((model) => ({ model, skipped: `not measured: ${report.error}` })) : report.results ?? []);
    const quality = reports.flatMap((r) => r.quality ?? []);
    return {
      engine: first.engine,
      threads: first.threads,
      detail: first.detail,
      ...(results.length ? { results } : {}),
      ...(quality.length ? { quality } : {}),
    };
  });
}
