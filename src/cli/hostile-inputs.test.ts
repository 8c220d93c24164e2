/**
 * The hostile-input corpus: broken and malicious files generated at test time (truncated, wrong
 * magic, decompression bombs, NaN/Inf, wrong dtypes, huge declared shapes, hostile model folders
 * and -o values), each given to the real `aekit` command. Every one must be refused with one line
 * naming the file, field or option, the exit code of a failure, no stack trace, and a peak
 * resident memory under 512 MB (measured by the kernel's high-water mark of that process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../../testing/support/datasets.js';
import * as hostile from '../../testing/support/hostile-files.js';
import { writeTinyNpy } from '../../testing/support/tiny-data.js';
import { buildModel } from '../models/registry.js';
import { saveAutoencoder } from '../io/model-io.js';
import { initBackend } from '../backend/select.js';

const PEAK_RSS_LIMIT = 512 * 1024 * 1024;
const WRAPPER = path.join(REPO_ROOT, 'dist', 'testing', 'support', 'peak-rss-cli.js');

interface Outcome {
  code: number;
  stderr: string;
  maxRssBytes: number;
}

function runMeasured(args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRAPPER, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let report = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (report += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const measured = report ? (JSON.parse(report) as { maxRssBytes: number }) : { maxRssBytes: NaN };
      resolve({ code: code ?? -1, stderr, maxRssBytes: measured.maxRssBytes });
    });
  });
}

interface Case {
  name: string;
  args: string[];
  message: RegExp;
  /** The exit code: 1 for a failure at run time (the default), 2 for a bad option. */
  codes?: number[];
}

await initBackend({ backend: 'cpu' });
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-hostile-'));
const file = (name: string, bytes: Uint8Array | string) => hostile.writeFile(dir, name, bytes);

/** A folder holding train-images-idx3-ubyte(.gz) `images` and matching labels, as --data-dir. */
async function idxDir(name: string, imagesName: string, images: Uint8Array | ((target: string) => Promise<unknown>), labels = hostile.idxLabels(100)): Promise<string> {
  const folder = path.join(dir, name);
  await fs.mkdir(folder, { recursive: true });
  if (images instanceof Uint8Array) await fs.writeFile(path.join(folder, imagesName), images);
  else await images(path.join(folder, imagesName));
  await fs.writeFile(path.join(folder, 'train-labels-idx1-ubyte'), labels);
  return folder;
}

const train = (dataset: string, ...more: string[]) => ['train', '--model', 'dense', '--dataset', dataset, '--epochs', '1', '--runs-dir', path.join(dir, 'runs'), '--no-download', ...more];
const mnistFrom = (folder: string, ...more: string[]) => train('mnist', '--data-dir', folder, ...more);

/** A valid saved model folder to corrupt, one copy per case. */
async function modelCopy(name: string, change: (folder: string) => Promise<void>): Promise<string> {
  const folder = path.join(dir, 'models', name);
  await saveAutoencoder(buildModel('dense', { inputShape: [16], options: { codeSize: 2 }, seed: 1 }), folder);
  await change(folder);
  return folder;
}
const reconstruct = (folder: string) => ['reconstruct', '--model', folder, '--dataset', 'mnist', '--no-download', '--out', path.join(dir, 'out.png')];
const rewriteJson = (folder: string, name: string, edit: (value: Record<string, unknown>) => unknown) => async () => {
  const target = path.join(folder, name);
  await fs.writeFile(target, JSON.stringify(edit(JSON.parse(await fs.readFile(target, 'utf8')) as Record<string, unknown>)));
};

const tiny = await writeTinyNpy(dir, 20, 4);
const nanAt = new Float32Array(20 * 16).fill(0.5);
nanAt[3 * 16 + 5] = NaN;
const infAt = new Float32Array(20 * 16).fill(0.5);
infAt[7 * 16] = -Infinity;
const overflowAt = new Float64Array(20 * 16).fill(0.5);
overflowAt[19 * 16 + 15] = 1e39;
const goodIdx = hostile.idxImages(100);

const cases: Case[] = [
  // IDX (gzip and raw), read as the builtin 'mnist' from --data-dir.
  { name: 'idx truncated gzip', args: mnistFrom(await idxDir('idx-trunc', 'train-images-idx3-ubyte.gz', gzipSync(goodIdx.subarray(0, 1016)))), message: /train-images-idx3-ubyte\.gz: truncated: header says 100x28x28 = 78400 bytes of pixels, found 1000$/ },
  { name: 'idx wrong magic', args: mnistFrom(await idxDir('idx-magic', 'train-images-idx3-ubyte', hostile.grayPng([[1, 2], [3, 4]]))), message: /train-images-idx3-ubyte: wrong magic number 0x89504e47 \(expected 0x00000803 for an IDX3 unsigned-byte image file \(count x rows x cols\)\); this is not an IDX file$/ },
  { name: 'idx gzip bomb (1 GiB of zeros behind a 100-image header)', args: mnistFrom(await idxDir('idx-bomb', 'train-images-idx3-ubyte.gz', (target) => hostile.gzipBomb(target, [100, 28, 28], 1 << 30))), message: /train-images-idx3-ubyte\.gz: size mismatch: header says 100x28x28 = 78400 bytes of pixels, but the file holds more \(the dimensions in the header are wrong\)$/ },
  { name: 'idx gzip with a bad CRC, read with --limit', args: mnistFrom(await idxDir('idx-crc', 'train-images-idx3-ubyte.gz', hostile.gzipWithBadCrc(goodIdx)), '--limit', '10'), message: /train-images-idx3-ubyte\.gz: not valid gzip \(incorrect data check\); the file is corrupt or incomplete, delete it and fetch it again$/ },
  { name: 'idx header declaring 4 billion images', args: mnistFrom(await idxDir('idx-huge', 'train-images-idx3-ubyte', hostile.idxBytes([4_000_000_000, 28, 28], new Uint8Array(64)))), message: /train-images-idx3-ubyte: header says 4000000000x28x28 = 3136000000000 values, more than the 1073741824 an IDX file may hold; the header is corrupt$/ },
  { name: 'idx labels for fewer images', args: mnistFrom(await idxDir('idx-pair', 'train-images-idx3-ubyte', goodIdx, hostile.idxLabels(99))), message: /train-images-idx3-ubyte holds 100 images but train-labels-idx1-ubyte holds 99 labels/ },
  // .npy
  { name: 'npy truncated', args: train(await file('truncated.npy', hostile.npyBytes('<f4', [1000, 784], new Uint8Array(100)))), message: /truncated\.npy: truncated: shape \(1000, 784\) of float32 needs 3136000 bytes of data, found 100$/ },
  { name: 'npy huge declared shape', args: train(await file('huge.npy', hostile.npyBytes('<f4', [1_000_000_000_000, 784], new Uint8Array(64)))), message: /huge\.npy: truncated: shape \(1000000000000, 784\) of float32 needs 3136000000000000 bytes of data, found 64$/ },
  { name: 'npy wrong magic', args: train(await file('wrong-magic.npy', 'epoch,loss\n0,1\n')), message: /wrong-magic\.npy: not a \.npy file \(it does not start with the magic "\\x93NUMPY"\)$/ },
  { name: 'npy header length bomb', args: train(await file('header-bomb.npy', hostile.npyHeaderBomb(2 ** 31))), message: /header-bomb\.npy: \.npy header declares 2147483648 bytes; at most 65536 are read/ },
  { name: 'npy wrong dtype (int64)', args: train(await file('int64.npy', hostile.npyBytes('<i8', [2, 2], new Uint8Array(32)))), message: /int64\.npy: dtype '<i8' is not supported \(expected float32 '<f4', float64 '<f8', int32 '<i4' or uint8 '\|u1'\)$/ },
  { name: 'npy object dtype (ragged rows)', args: train(await file('ragged.npy', hostile.npyBytes('|O', [2], new Uint8Array(16)))), message: /ragged\.npy: dtype '\|O' is not supported/ },
  { name: 'npy NaN', args: train(await file('nan.npy', hostile.npyBytes('<f4', [20, 16], hostile.float32Bytes(nanAt)))), message: /nan\.npy: row 3, column 5 \(index \[3, 5\], counting from 0\) is NaN; aekit trains on finite numbers/ },
  { name: 'npy -Infinity', args: train(await file('inf.npy', hostile.npyBytes('<f4', [20, 4, 4], hostile.float32Bytes(infAt)))), message: /inf\.npy: row 7, column 0 \(index \[7, 0, 0\], counting from 0\) is -Infinity/ },
  { name: 'npy float64 overflowing float32', args: train(await file('overflow.npy', hostile.npyBytes('<f8', [20, 16], hostile.float64Bytes(overflowAt)))), message: /overflow\.npy: row 19, column 15 \(index \[19, 15\], counting from 0\) is 1e\+39, beyond float32's largest value 3\.40e\+38/ },
  { name: 'npy two channels', args: train(await file('two-channels.npy', hostile.npyBytes('<f4', [10, 8, 8, 2], new Uint8Array(10 * 128 * 4)))), message: /two-channels\.npy: images of shape \(10, 8, 8, 2\) have 2 channels; expected 1 \(grayscale\) or 3 \(RGB\)/ },
  { name: 'npy Fortran order', args: train(await file('fortran.npy', hostile.npyBytes('<f4', [2, 2], new Uint8Array(16), true))), message: /fortran\.npy: array is stored in Fortran \(column-major\) order/ },
  { name: 'npy with no rows', args: train(await file('empty.npy', hostile.npyBytes('<f4', [0, 16], new Uint8Array(0)))), message: /empty\.npy: the array holds no examples/ },
  // CSV (streamed by data/csv.ts): a NaN cell, a ragged row, rows and records past the limits
  { name: 'csv NaN cell', args: train(await file('nan.csv', 'a,b\n0.1,0.2\n0.3,NaN\n0.5,0.6\n')), message: /nan\.csv: line 3, column 'b' \(index 1\): 'NaN' is not a finite 32-bit number/ },
  { name: 'csv ragged row', args: train(await file('ragged.csv', '0.1,0.2\n0.3\n0.5,0.6\n')), message: /ragged\.csv: line 2 has 1 values, expected 2/ },
  { name: 'csv row of 1,100,000 values', args: train(await hostile.repeatedText(path.join(dir, 'wide.csv'), '', '0,', 1_099_999, '0\n0,1\n')), message: /wide\.csv: line 1 has more than 1,048,576 values; one row may hold at most 1,048,576$/ },
  { name: 'csv line of 100 million empty cells', args: train(await hostile.repeatedText(path.join(dir, 'commas.csv'), '', ',', 100 << 20, '\n')), message: /commas\.csv: line 1 has more than 1,048,576 values; one row may hold at most 1,048,576$/ },
  { name: 'csv line of 32 MB without a comma', args: train(await hostile.repeatedText(path.join(dir, 'long-line.csv'), 'a\n', '1', 32 << 20, '\n')), message: /long-line\.csv: line 2 is longer than 16,777,216 characters, the most one CSV row may hold/ },
  { name: 'csv quoted field of 64 MB over many lines', args: train(await hostile.repeatedText(path.join(dir, 'endless.csv'), 'a,b\n1,"', 'x'.repeat(79) + '\n', 800_000, '"\n')), message: /endless\.csv: the record reaching line \d+ holds more than 16,777,216 characters/ },
  // Images
  { name: 'png declaring 20000x20000', args: train(path.dirname(await file('png-huge/huge.png', hostile.pngWith(20000, 20000, new Uint8Array(8))))), message: /huge\.png: PNG of 20000x20000 = 400,000,000 pixels; at most 16,777,216 \(4096x4096\) are decoded$/ },
  { name: 'jpeg declaring 60000x60000', args: train(path.dirname(await file('jpeg-huge/huge.jpg', hostile.jpegDeclaring(60000, 60000)))), message: /huge\.jpg: JPEG of 60000x60000 = 3,600,000,000 pixels; at most 16,777,216/ },
  { name: 'interlaced png bomb (512 MB of image data in 64x64)', args: train(path.dirname(await hostile.interlacedPngBomb(path.join(dir, 'png-bomb', 'bomb.png'), 64, 64, 512 << 20))), message: /bomb\.png: PNG image data inflates to more than \d+ bytes, more than 64x64 pixels can hold \(a decompression bomb\)$/ },
  { name: 'png truncated', args: train(path.dirname(await file('png-cut/cut.png', hostile.grayPng([[1, 2, 3], [4, 5, 6]]).subarray(0, 40)))), message: /cut\.png: cannot decode PNG/ },
  { name: 'not an image', args: train(path.dirname(await file('not-image/notes.png', 'just text'))), message: /notes\.png: not a PNG or JPEG image \(unrecognised first bytes\)$/ },
  { name: 'images of mixed sizes', args: train(path.dirname((await file('mixed/a.png', hostile.grayPng([[1, 2], [3, 4]])), await file('mixed/b.png', hostile.grayPng([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))))), message: /b\.png: 3x3 pixels, but .*a\.png is 2x2; images of different sizes are resized only when asked: pass --image-size HxW/ },
  { name: '--image-size 30000x30000', args: train(path.join(dir, 'mixed'), '--image-size', '30000x30000'), message: /imageSize \(--image-size\) 30000x30000: 900,000,000 values per image; at most 1,048,576 are allowed/ },
  // Model folders
  { name: 'aekit.json holding null', args: reconstruct(await modelCopy('null-spec', async (m) => fs.writeFile(path.join(m, 'aekit.json'), 'null'))), message: /aekit\.json: expected a JSON object, found null$/ },
  { name: 'aekit.json not JSON', args: reconstruct(await modelCopy('bad-spec', async (m) => fs.writeFile(path.join(m, 'aekit.json'), '{"format": "aekit-mo'))), message: /aekit\.json: not valid JSON \(/ },
  { name: 'aekit.json with inputShape [1e7]', args: reconstruct(await modelCopy('huge-input', async (m) => rewriteJson(m, 'aekit.json', (v) => ({ ...v, spec: { ...(v['spec'] as object), inputShape: [1e7] } }))())), message: /aekit\.json: spec: input shape \[10000000\] holds 10,000,000 values per sample; at most 1,048,576 are allowed$/ },
  { name: 'aekit.json with a 2-million-unit code', args: reconstruct(await modelCopy('huge-code', async (m) => rewriteJson(m, 'aekit.json', (v) => ({ ...v, spec: { ...(v['spec'] as object), options: { ...((v['spec'] as { options: object }).options), codeSize: 2_000_000 } } }))())), message: /model 'dense': layer 'code' would hold 34,000,000 weights \(16 inputs x 2000000 units \+ bias\); one layer may hold at most 16,777,216/ },
  { name: 'model.json not JSON', args: reconstruct(await modelCopy('bad-model-json', async (m) => fs.writeFile(path.join(m, 'model.json'), '{"format": "layers-'))), message: /model\.json: not valid JSON \(/ },
  { name: 'model.json declaring a huge weight', args: reconstruct(await modelCopy('huge-weight', async (m) => rewriteJson(m, 'model.json', (v) => ({ ...v, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [100000, 100000], dtype: 'float32' }] }] }))())), message: /model\.json: its weights add up to more than 33554432 values \(at 'w'\)/ },
  { name: 'weights.bin of the wrong size', args: reconstruct(await modelCopy('short-weights', async (m) => fs.writeFile(path.join(m, 'weights.bin'), new Uint8Array(10)))), message: /weights\.bin: expected \d+ bytes for the weights listed in model\.json, found 10$/ },
  // -o values and options
  // -o values: checked by building the model once as the options are parsed (a usage error, exit 2)
  { name: '-o codeSize=2000000', args: train(tiny, '-o', 'codeSize=2000000'), message: /option -o \(codeSize=2000000\): model 'dense': layer 'code' would hold 1,570,000,000 weights \(784 inputs x 2000000 units \+ bias\); one layer may hold at most 16,777,216/, codes: [2] },
  { name: '-o hidden=[4000,4000,4000,4000]', args: train(tiny, '-o', 'hidden=[4000,4000,4000,4000]'), message: /option -o \(hidden=\[4000,4000,4000,4000\]\): model 'dense': its layers up to 'encoder_dense3' would hold 35,148,000 weights; a model may hold at most 33,554,432/, codes: [2] },
  { name: '-o hidden=[oops]', args: train(tiny, '-o', 'hidden=[oops]'), message: /option -o hidden: '\[oops\]' is not valid JSON \(a list is written like \[512,128\]\)$/, codes: [2] },
  { name: '--data-dir that does not exist', args: train('mnist', '--data-dir', '/nonexistent/aekit-data'), message: /data folder \/nonexistent\/aekit-data \(dataDir, --data-dir\): no such folder$/ },
  // Run folders given to --resume
  { name: 'config.json holding null', args: ['train', '--resume', path.dirname(await file('resume-null/config.json', 'null'))], message: /resume-null\/config\.json: expected a JSON object with the run's settings, found null$/ },
  { name: 'config.json with modelSpec inputShape [1e7]', args: ['train', '--resume', path.dirname(await file('resume-huge/config.json', JSON.stringify({ modelSpec: { name: 'dense', inputShape: [1e7], loss: 'mse', options: {} } })))], message: /resume-huge\/config\.json: modelSpec: input shape \[10000000\] holds 10,000,000 values per sample; at most 1,048,576 are allowed$/ },
  { name: 'config.json without epochs', args: ['train', '--resume', path.dirname(await file('resume-fields/config.json', JSON.stringify({ modelSpec: { name: 'dense', inputShape: [16], loss: 'mse', options: {} }, model: 'dense', dataset: 'mnist' })))], message: /resume-fields\/config\.json: 'epochs' must be a whole number >= 0, found nothing$/ },
];

const results: { name: string; code: number; peakMb: number }[] = [];

test('every hostile input is refused with one clear line, in bounded memory', async () => {
  // Two at a time: the machine has two cores, and each case is a process of its own.
  const queue = [...cases];
  const failures: string[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const outcome = await runMeasured(next.args, dir);
      results.push({ name: next.name, code: outcome.code, peakMb: Math.round(outcome.maxRssBytes / 2 ** 20) });
      const lines = outcome.stderr.trimEnd().split('\n');
      const problems = [
        (next.codes ?? [1]).includes(outcome.code) ? '' : `exit code ${outcome.code}`,
        lines.length === 1 && /^(aekit|error): /.test(lines[0]!) ? '' : `not one 'aekit: ...' line`,
        next.message.test(lines[0] ?? '') ? '' : `message does not match ${next.message}`,
        /\n\s+at /.test(outcome.stderr) ? 'a stack trace' : '',
        outcome.maxRssBytes < PEAK_RSS_LIMIT ? '' : `peak RSS ${Math.round(outcome.maxRssBytes / 2 ** 20)} MB`,
      ].filter(Boolean);
      if (problems.length) failures.push(`${next.name}: ${problems.join(', ')}\n    stderr: ${outcome.stderr.trim()}`);
    }
  };
  await Promise.all([worker(), worker()]);
  results.sort((a, b) => cases.findIndex((c) => c.name === a.name) - cases.findIndex((c) => c.name === b.name));
  // The table the reliability report quotes: each input's exit code and peak RSS.
  for (const r of results) console.log(`# hostile input: ${r.name.padEnd(56)} exit ${r.code}  peak RSS ${r.peakMb} MB`);
  assert.deepEqual(failures, []);
  assert.equal(results.length, cases.length);
});
