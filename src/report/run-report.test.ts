import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { initBackend } from '../backend/select.js';
import { loadDataset } from '../data/index.js';
import { buildModel } from '../models/registry.js';
import { datasetSamples } from '../data/samples.js';
import { missing, realDatasetDir } from '../../testing/support/datasets.js';
import { buildRunReport } from './run-report.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

test('a VAE report shows prior samples, an interpolation strip and the 2-D latent manifold', { skip: missing('mnist') }, async () => {
  await initBackend({ backend: 'auto' });
  const dataDir = realDatasetDir('mnist');
  const test = datasetSamples(await loadDataset('mnist', 'test', { dataDir, limit: 20 }), [784]);
  const train = datasetSamples(await loadDataset('mnist', 'train', { dataDir, limit: 60 }), [784]);
  const runDir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-report-'));
  try {
    const model = buildModel('vae', { options: { hidden: [32], latentSize: 2 }, seed: 1 });
    const doc = await buildRunReport({ runDir, model, test, train, imageShape: [28, 28, 1], datasetName: 'mnist' });
    const generation = doc.sections.find((s) => s.id === 'generation')!;
    const figures = generation.blocks.filter((b) => b.kind === 'figure');
    assert.deepEqual(figures.map((f) => (f.kind === 'figure' ? f.caption.split(' ')[0] : '')), ['32', 'interpolation', 'latent']);
    // The manifold is 15x15 images of 28x28 at scale 1 with 2-pixel padding.
    const manifold = figures[2]!;
    const png = PNG.sync.read(Buffer.from(manifold.kind === 'figure' ? manifold.png : new Uint8Array()));
    assert.equal(png.width, 2 + 15 * (28 + 2));
    // Without metrics.json the curves section says so instead of failing.
    assert.match(JSON.stringify(doc.sections.find((s) => s.id === 'curves')), /No metrics\.json/);
    const metrics = doc.sections.find((s) => s.id === 'metrics')!;
    assert.ok(metrics.blocks[0]!.kind === 'table' && metrics.blocks[0]!.header[2] === 'PCA-2');
    // Both renderings carry the same figures.
    const html = renderHtml(doc);
    const md = renderMarkdown(doc);
    assert.equal([...html.matchAll(/data:image\/png;base64,/g)].length, [...md.matchAll(/data:image\/png;base64,/g)].length);
    assert.ok(!html.includes('<script'));
  } finally {
    await fs.rm(runDir, { recursive: true, force: true });
  }
});
