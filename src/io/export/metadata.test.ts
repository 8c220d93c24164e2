import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../../models/registry.js';
import { csvReadingOf, exportMetadata, metadataEntries } from './metadata.js';

test("a run's CSV reading goes into the metadata as csv_* keys and comes back the same; a bad value is named by its key", async () => {
  await initBackend({ backend: 'auto' });
  const model = buildModel('dense', { inputShape: [3], options: { codeSize: 2 }, seed: 1 });
  const csv = { header: false, labelColumn: 4, columns: ['f 1', 0, 'f,2'], missing: 'mean' as const, fillMeans: [0.25, -1e-8, 3.5e12], featureNames: ['f 1', 'f0', 'f,2 "q"'] };
  const entries = metadataEntries(exportMetadata(model, 'autoencoder', { csv }));
  assert.deepEqual(
    Object.fromEntries(Object.entries(entries).filter(([key]) => key.startsWith('csv_'))),
    { csv_header: 'false', csv_label_column: '4', csv_columns: '["f 1",0,"f,2"]', csv_missing: 'mean', csv_fill_means: '[0.25,-1e-8,3500000000000]', csv_feature_names: '["f 1","f0","f,2 \\"q\\""]' },
  );
  assert.deepEqual(csvReadingOf(entries, 'm.onnx'), csv);
  // A header left to detection and no policy write no key; no CSV at all, none of them.
  assert.deepEqual(csvReadingOf(metadataEntries(exportMetadata(model, 'autoencoder', { csv: { labelColumn: 'y' } })), 'm.onnx'), { labelColumn: 'y' });
  assert.equal(csvReadingOf(metadataEntries(exportMetadata(model, 'autoencoder')), 'm.onnx'), undefined);

  const bad: [Record<string, string>, string][] = [
    [{ csv_missing: 'zero' }, `m.onnx: metadata 'csv_missing' must be one of 'error', 'drop', 'mean', found "zero"`],
    [{ csv_header: 'yes' }, `m.onnx: metadata 'csv_header' must be 'true' or 'false', found "yes"`],
    [{ csv_label_column: 'label' }, `m.onnx: metadata 'csv_label_column' must be a JSON column name or 0-based index, found "label"`],
    [{ csv_columns: '[]' }, `m.onnx: metadata 'csv_columns' must be a JSON list of column names or 0-based indices, found "[]"`],
    [{ csv_fill_means: '[1,"NaN"]' }, `m.onnx: metadata 'csv_fill_means' must be a JSON list of numbers, found "[1,\\"NaN\\"]"`],
    [{ csv_feature_names: '["a",2]' }, `m.onnx: metadata 'csv_feature_names' must be a JSON list of column names, found "[\\"a\\",2]"`],
  ];
  for (const [metadata, message] of bad) assert.throws(() => csvReadingOf(metadata, 'm.onnx'), { message });
});
