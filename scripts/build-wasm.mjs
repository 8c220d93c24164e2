#!/usr/bin/env node
// Builds the WebAssembly engine: the native engine's portable C++ kernels (native/*_generic.cc,
// the GEMM and direct convolutions with register tiles for SIMD128 in native/wasm/gemm_simd128.cc
// and conv_simd128.cc, and the dispatch files), plus native/wasm/ (entry points and a thread pool
// run by JavaScript workers), into native/wasm/out/:
//   aekit-simd-mt.wasm          SIMD128 + threads (shared memory, atomics): workers share its memory
//   aekit-simd.wasm             SIMD128, one thread: for pages that are not cross-origin isolated
//   aekit-simd-relaxed-mt.wasm  the same two with relaxed SIMD: the GEMM and convolution tiles'
//   aekit-simd-relaxed.wasm     multiply-adds as f32x4.relaxed_madd (native/mul_add.inc)
// The outputs are committed, so a machine without the compilers still gets the engine; this
// script remakes them with Debian's emscripten 3.1.6 (apt-get install emscripten). Its clang 14
// emits relaxed SIMD's pre-standard opcodes, which V8 rejects, so the relaxed builds compile and
// link with Debian's clang 19 and wasm-ld 19 (apt-get install clang-19 lld-19) driven by the same
// em++ (its libc, headers and link flags), through its EM_LLVM_ROOT / EM_*_ADD_VERSION settings.
//   node scripts/build-wasm.mjs            rebuild into native/wasm/out/
//   node scripts/build-wasm.mjs --check    rebuild into a temporary folder and compare
// Exit codes: 0 done (or identical), 1 build failed or differs, 3 no toolchain (--check only).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'native', 'wasm', 'out');

const SOURCES = [
  'gemm.cc', 'wasm/gemm_simd128.cc', 'elementwise.cc', 'elementwise_generic.cc', 'conv.cc', 'wasm/conv_simd128.cc',
  'pool.cc', 'pool_generic.cc', 'copy.cc', 'batchnorm.cc', 'fused_layers.cc', 'layer_grad_generic.cc',
  'wasm/thread_pool_wasm.cc', 'wasm/api.cc',
].map((f) => join('native', f));

// The native build's flags (binding.gyp) with SIMD128 for the 128-bit "generic" kernels.
const COMPILE = ['-O3', '-std=c++17', '-ffp-contract=fast', '-fno-math-errno', '-msimd128'];
// A bare .wasm (no emscripten JavaScript glue; src/backend/wasm/simd/ instantiates it). emmalloc
// takes a spin lock, so workers that never ran emscripten's pthread set-up can allocate.
const LINK = ['--oformat=bare', '--no-entry', '-sALLOW_MEMORY_GROWTH=1', '-sMAXIMUM_MEMORY=4GB',
  '-sINITIAL_MEMORY=32MB', '-sMALLOC=emmalloc', '-Wno-experimental', '-Wno-pthreads-mem-growth'];
const THREAD_EXPORTS = ['_malloc', '_free', '_emscripten_tls_init', '__emscripten_thread_init',
  '_emscripten_stack_set_limits', '_stackRestore'];

// em++'s own LLVM (Debian: clang++-14, wasm-ld-14), or LLVM 19 for relaxed SIMD.
const LLVM_19 = { EM_LLVM_ROOT: '/usr/bin', EM_LLVM_ADD_VERSION: '19', EM_CLANG_ADD_VERSION: '19' };

const VARIANTS = [
  { file: 'aekit-simd-mt.wasm', flags: ['-pthread'], exports: THREAD_EXPORTS },
  { file: 'aekit-simd.wasm', flags: [], exports: ['_malloc', '_free'] },
  { file: 'aekit-simd-relaxed-mt.wasm', flags: ['-pthread', '-mrelaxed-simd'], exports: THREAD_EXPORTS, llvm: LLVM_19 },
  { file: 'aekit-simd-relaxed.wasm', flags: ['-mrelaxed-simd'], exports: ['_malloc', '_free'], llvm: LLVM_19 },
];

const check = process.argv.includes('--check');

function fail(message, code = 1) {
  console.error(`build-wasm: ${message}`);
  process.exit(code);
}

function findEmxx() {
  const candidate = process.env.EMXX || 'em++';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', env: toolEnv() });
  return probe.status === 0 ? candidate : undefined;
}

/** Why LLVM 19 cannot build the relaxed variants, or undefined when clang++-19 and wasm-ld-19 run. */
function whyNoLlvm19() {
  const missing = ['clang++-19', 'wasm-ld-19'].filter((tool) => spawnSync(join(LLVM_19.EM_LLVM_ROOT, tool), ['--version']).status !== 0);
  return missing.length > 0 ? `${missing.join(' and ')} not found (apt-get install clang-19 lld-19)` : undefined;
}

/** Debian's emscripten runs acorn from /usr/share/nodejs, which a non-Debian node does not search. */
function toolEnv(llvm = {}) {
  const extra = '/usr/share/nodejs';
  const path = process.env.NODE_PATH ? `${process.env.NODE_PATH}:${extra}` : extra;
  return { ...process.env, NODE_PATH: path, ...llvm };
}

function run(cmd, args, llvm) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: toolEnv(llvm), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(output) : reject(new Error(`${cmd} ${args.join(' ')}\n${output}`))));
  });
}

/** Runs the jobs two at a time (the machines this builds on have two cores). */
async function inParallel(jobs, width = 2) {
  const queue = [...jobs];
  await Promise.all(Array.from({ length: width }, async () => {
    while (queue.length > 0) await queue.shift()();
  }));
}

async function buildVariant(emxx, variant, dest, work) {
  const objDir = join(work, variant.file);
  mkdirSync(objDir, { recursive: true });
  const objects = SOURCES.map((src) => join(objDir, src.replace(/[/\\]/g, '_') + '.o'));
  await inParallel(SOURCES.map((src, i) => () => run(emxx, [...COMPILE, ...variant.flags, '-c', src, '-o', objects[i]], variant.llvm)));
  const tmp = `${dest}.tmp`;
  await run(emxx, [...COMPILE, ...variant.flags, ...objects, ...LINK,
    `-sEXPORTED_FUNCTIONS=${variant.exports.join(',')}`, '-o', tmp], variant.llvm);
  renameSync(tmp, dest);
}

const emxx = findEmxx();
if (!emxx) fail('em++ not found (apt-get install emscripten, or set EMXX)', check ? 3 : 1);
const noLlvm19 = whyNoLlvm19();
if (noLlvm19) fail(`${noLlvm19}: needed for the relaxed-SIMD builds`, check ? 3 : 1);
const work = mkdtempSync(join(tmpdir(), 'aekit-wasm-'));
try {
  const dest = check ? join(work, 'out') : outDir;
  mkdirSync(dest, { recursive: true });
  for (const variant of VARIANTS) await buildVariant(emxx, variant, join(dest, variant.file), work);
  if (check) {
    const differing = VARIANTS.filter((v) => {
      const committed = join(outDir, v.file);
      return !existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(dest, v.file)));
    });
    if (differing.length > 0) fail(`${differing.map((v) => v.file).join(', ')} differ from a fresh build: run node scripts/build-wasm.mjs and commit native/wasm/out/`);
    console.log('build-wasm: native/wasm/out/ matches a fresh build');
  } else {
    console.log(`build-wasm: wrote ${VARIANTS.map((v) => join('native', 'wasm', 'out', v.file)).join(', ')}`);
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(work, { recursive: true, force: true });
}
