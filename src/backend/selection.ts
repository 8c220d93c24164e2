/**
 * How an engine is chosen, written once for every host: try candidates in order ('auto') or
 * start the one asked for, keep why each earlier candidate was passed over, and serialise
 * concurrent calls. The hosts supply the candidates: Node in select.ts (native, wasm, ...), a
 * browser page in select-browser.ts (wasm with or without threads, webgl, webgpu, cpu).
 * Environment-neutral: nothing here touches Node or the DOM.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { applyCpuKernelFixes } from './shared/cpu-fixes.js';
import type { WasmSimdStart } from './wasm/simd/index.js';

// Before any engine starts: the native engine copies the cpu kernel table when it registers.
applyCpuKernelFixes();
// PROD silences tfjs's console advice to install tfjs-node (which cannot install offline, and
// does not run in a page; aekit picks the fastest engine itself and says why).
tf.env().set('PROD', true);

export interface BackendInfo<Name extends string = string> {
  name: Name;
  reason: string;
  threads: number;
  /** Backends tried before this one, why each was passed over, and how to get it where known. */
  skipped: { name: string; why: string; fix?: string }[];
  /** The instruction set its kernels use ('avx512', 'simd128', 'none'...), where known. */
  simd?: string;
  /** Whether the WebAssembly runtime has relaxed SIMD (wasm engines only). */
  relaxedSimd?: boolean;
  /** One line on what the engine lacks here (threads, SIMD) and why, when it runs below its best. */
  note?: string;
}

/** What starting a backend reports: the threads it really uses and a short description. */
export interface Started {
  threads: number;
  detail: string;
  simd?: string;
  relaxedSimd?: boolean;
  note?: string;
}

/** Thrown by a starter when its backend cannot run here; the message is the reason, `fix` how to get it. */
export class Unavailable extends Error {
  constructor(why: string, readonly fix?: string) {
    super(why);
  }
}

/** A host's candidates: the 'auto' order and how to start each one. */
export interface Candidates<Name extends string> {
  readonly auto: readonly Name[];
  /** Every name a request may use, for 'available backends' in an error. */
  readonly all: readonly Name[];
  start(name: Name, threads: number): Promise<Started>;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** The reference JavaScript backend: always there, the slowest. */
export async function startCpu(): Promise<Started> {
  await activate('cpu');
  return { threads: 1, detail: 'reference JavaScript backend (slowest)' };
}

/**
 * Starts aekit's WebAssembly SIMD engine through a host's loader (Node's or a page's): a loader
 * that fails to import, or an engine that fails to start, makes it Unavailable with the reason.
 */
export async function startWasmSimdEngine(load: () => Promise<(threads: number) => Promise<WasmSimdStart>>, threads: number): Promise<Started> {
  let start: (threads: number) => Promise<WasmSimdStart>;
  try {
    start = await load();
  } catch (error) {
    throw new Unavailable(`the WebAssembly SIMD engine failed to load (${errorText(error)})`);
  }
  let started: WasmSimdStart;
  try {
    started = await start(threads);
  } catch (error) {
    throw new Unavailable(errorText(error));
  }
  await activate('wasm-simd');
  return {
    threads: started.threads,
    simd: started.simd,
    relaxedSimd: started.relaxedSimd,
    detail: `aekit's kernels in WebAssembly (${started.simdDetail}, ${started.threads} thread(s)${started.note ? `: ${started.note}` : ''})`,
    ...(started.note ? { note: `the WebAssembly SIMD engine runs ${started.threads} thread(s): ${started.note}` } : {}),
  };
}

/** Makes `name` tfjs's active backend; throws Unavailable with the reason if it cannot start. */
export async function activate(name: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new Unavailable(`initialising it failed: ${errorText(error)}`);
  }
  if (!ok) throw new Unavailable(`initialising it failed (tf.setBackend('${name}') returned false)`);
  await tf.ready();
}

export function parseBackendChoice<Name extends string>(value: string, source: string, names: readonly Name[]): Name {
  if ((names as readonly string[]).includes(value)) return value as Name;
  throw new Error(`${source}: unknown backend '${value}'; expected one of ${names.join(', ')}`);
}

export function parseThreads(value: string | number, source: string): number {
  const threads = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`${source}: expected a whole number of threads >= 1, got '${value}'`);
  }
  return threads;
}

function infoFrom<Name extends string>(name: Name, started: Started, skipped: BackendInfo['skipped'], reason: string): BackendInfo<Name> {
  return {
    name, threads: started.threads, skipped, reason,
    ...(started.simd !== undefined ? { simd: started.simd } : {}),
    ...(started.relaxedSimd !== undefined ? { relaxedSimd: started.relaxedSimd } : {}),
    ...(started.note !== undefined ? { note: started.note } : {}),
  };
}

/** The first candidate of the 'auto' order that starts. */
export async function chooseAuto<Name extends string>(candidates: Candidates<Name>, threads: number): Promise<BackendInfo<Name>> {
  const skipped: BackendInfo['skipped'] = [];
  for (const name of candidates.auto) {
    try {
      const started = await candidates.start(name, threads);
      const passedOver = skipped.length === 0 ? '' : ` (${skipped.map((s) => s.name).join(', ')} unavailable)`;
      return infoFrom(name, started, skipped, `auto: fastest available${passedOver}: ${started.detail}`);
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
      skipped.push({ name, why: error.message, ...(error.fix ? { fix: error.fix } : {}) });
    }
  }
  throw new Error(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}`);
}

async function availableOthers<Name extends string>(candidates: Candidates<Name>, exclude: Name, threads: number, previous: string): Promise<string[]> {
  const available: string[] = [];
  for (const name of candidates.all) {
    if (name === exclude) continue;
    try {
      await candidates.start(name, threads);
      available.push(name);
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
    }
  }
  // Probing switched backends; leave the one that was active before the failed request.
  if (tf.findBackendFactory(previous)) await tf.setBackend(previous);
  return available;
}

/** Starts the backend asked for, or throws naming why it cannot and which ones can. */
export async function chooseExplicit<Name extends string>(candidates: Candidates<Name>, name: Name, threads: number, source: string): Promise<BackendInfo<Name>> {
  const previous = tf.getBackend();
  try {
    const started = await candidates.start(name, threads);
    return infoFrom(name, started, [], `requested by ${source}: ${started.detail}`);
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    const available = await availableOthers(candidates, name, threads, previous);
    throw new Error(
      `backend '${name}' (requested by ${source}) is not available: ${error.message}. ` +
        `Available backends: ${available.join(', ') || 'none'}`,
    );
  }
}

/** What one host's initBackend call resolved to: the name wanted, the threads, who asked. */
export interface Request<Name extends string> {
  wanted: Name | 'auto';
  threads: number;
  source: string;
}

/**
 * A host's current choice, started at most once per request: a repeat call for 'auto' or for the
 * active backend returns the same info, and concurrent callers share one start instead of racing.
 */
export class Selection<Name extends string> {
  private current: BackendInfo<Name> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly candidates: Candidates<Name>) {}

  info(): BackendInfo<Name> | undefined {
    return this.current;
  }

  reset(): void {
    this.current = undefined;
  }

  /** `request` runs inside the queue, so its errors (bad options) reject this call only. */
  init(request: () => Request<Name>): Promise<BackendInfo<Name>> {
    const run = async (): Promise<BackendInfo<Name>> => {
      const { wanted, threads, source } = request();
      const current = this.current;
      if (current && (wanted === 'auto' || wanted === current.name) && tf.getBackend() === current.name) return current;
      this.current = wanted === 'auto' ? await chooseAuto(this.candidates, threads) : await chooseExplicit(this.candidates, wanted, threads, source);
      return this.current;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
