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
import { figureFiles } from './document.js';

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
    const figures = generation.blocks.flatMap((b) => (b.kind === 'figure' ? [b] : []));
    assert.deepEqual(figures.map((f) => f.caption.split(' ')[0]), ['32', 'interpolation', 'latent']);
    // The manifold: one embedded 15x15 mosaic of 28x28 images (no padding), titled and with both axes named.
    const manifold = figures[2]!.figure;
    const embedded = /href="data:image\/png;base64,([^"]+)"/.exec(manifold.body)![1]!;
    const mosaic = PNG.sync.read(Buffer.from(embedded, 'base64'));
    assert.deepEqual([mosaic.width, mosaic.height], [15 * 28, 15 * 28]);
    for (const text of ['vae: the 2-D latent space, decoded on a 15x15 grid', 'z[0]: normal quantiles', 'z[1]']) assert.ok(manifold.body.includes(text), text);
    assert.ok(figures[0]!.figure.body.includes('vae: 32 samples decoded from z ~ N(0, I)'));
    assert.ok(figures[1]!.figure.body.includes('vae: from test image 0 to test image 1'));
    // Without metrics.json the curves section says so instead of failing.
    assert.match(JSON.stringify(doc.sections.find((s) => s.id === 'curves')), /No metrics\.json/);
    const metrics = doc.sections.find((s) => s.id === 'metrics')!;
    assert.ok(metrics.blocks[0]!.kind === 'table' && metrics.blocks[0]!.header[2] === 'PCA-2');
    // Both renderings carry the same figures: inline SVG in the page, linked PNG files in the Markdown.
    const html = renderHtml(doc);
    const md = renderMarkdown(doc, 'report-figures');
    const count = figureFiles(doc).length;
    assert.equal([...html.matchAll(/<figure role="img"[^>]*><svg /g)].length, count);
    assert.equal([...md.matchAll(/!\[[^\]]*\]\(report-figures\/\d\d-[a-z]+\.png\)/g)].length, count);
    assert.ok(!md.includes('base64'), 'no inlined images in the Markdown');
    assert.ok(!html.includes('<script'));
  } finally {
    await fs.rm(runDir, { recursive: true, force: true });
  }
});
