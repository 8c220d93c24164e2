import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonGrid } from './comparison-grid.js';
import { imageGrid, imageGridWithPlacement, toByte } from './image-grid.js';
import { textWidth } from './text-metrics.js';
import { decodePng, inkBox, pixelAt, rendered, type Decoded } from '../../testing/support/viz.js';
import { Random } from '../util/random.js';

// Two 2x3 grayscale images with distinct values per pixel, some outside [0, 1] (and a NaN) to test clipping.
const first = [0, 0.2, 0.4, 0.6, 0.8, 1];
const second = [-0.5, 1.7, 0.5, 0.25, NaN, 0.1];
const WHITE = [255, 255, 255];

/** Every pixel of a 2x3 image is a scale x scale block of exactly its byte value in the rendered PNG. */
function assertImageAt(image: Decoded, values: number[], left: number, top: number, scale: number): void {
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 3; x++) {
      const v = toByte(values[y * 3 + x]!);
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          assert.deepEqual(pixelAt(image, left + x * scale + dx, top + y * scale + dy), [v, v, v], `pixel (${x}, ${y}) at +(${dx}, ${dy})`);
        }
      }
    }
  }
}

test('imageGrid: through the renderer every image pixel is a scale x scale block of exactly its value (clipped, NaN black)', () => {
  const { figure, placement } = imageGridWithPlacement(new Float32Array([...first, ...second]), [2, 3, 1], { columns: 2, scale: 3, padding: 1 });
  const image = rendered(figure);
  assert.deepEqual([image.width, image.height], [figure.width, figure.height]);
  const a = placement.imageAt(0);
  const b = placement.imageAt(1);
  assert.equal(b.left - a.left, (3 + 1) * 3, 'one image and one padding pixel apart, scaled');
  assertImageAt(image, first, a.left, a.top, 3);
  assertImageAt(image, second, b.left, b.top, 3);
  // The padding between them is white.
  for (let y = a.top; y < a.top + 6; y++) for (let x = a.left + 9; x < b.left; x++) assert.deepEqual(pixelAt(image, x, y), WHITE, `padding (${x}, ${y})`);
  assert.equal(toByte(NaN), 0);
});

test('imageGrid: real MNIST-sized digits at the default scale 2 stay pixel-exact, in a grid of rows', () => {
  const count = 5;
  const images = Float32Array.from({ length: count * 784 }, (_, i) => ((i * 37) % 256) / 255);
  const { figure, placement } = imageGridWithPlacement(images, [28, 28, 1], { columns: 3 });
  assert.equal(placement.scale, 2);
  const image = rendered(figure);
  for (const index of [0, 2, 4]) {
    const { left, top } = placement.imageAt(index);
    for (let y = 0; y < 28; y += 3) {
      for (let x = 0; x < 28; x += 3) {
        const v = toByte(images[index * 784 + y * 28 + x]!);
        assert.deepEqual(pixelAt(image, left + 2 * x + 1, top + 2 * y + 1), [v, v, v], `image ${index} pixel (${x}, ${y})`);
      }
    }
  }
  assert.equal(placement.imageAt(3).left, placement.imageAt(0).left, 'the 4th image starts the second row');
  assert.ok(placement.imageAt(3).top > placement.imageAt(0).top + 56);
});

test('imageGrid: the embedded PNG, read by another decoder (pngjs), holds every byte of grey and RGB mosaics', () => {
  const random = new Random(5);
  for (const [height, width, channels] of [[1, 1, 1], [11, 37, 1], [29, 13, 3]] as const) {
    const values = Float32Array.from({ length: 2 * height * width * channels }, (_, i) => (i % 7 === 0 ? 0 : random.next()));
    const { figure } = imageGridWithPlacement(values, [height, width, channels], { columns: 2, padding: 0, scale: 1 });
    const uri = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(figure.body);
    assert.ok(uri, 'one embedded PNG');
    const png = decodePng(Buffer.from(uri[1]!, 'base64'));
    assert.deepEqual([png.width, png.height], [2 * width, height]);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < 2 * width; x++) {
        const from = (x < width ? 0 : height * width * channels) + (y * width + (x % width)) * channels;
        const expected = channels === 1 ? Array(3).fill(toByte(values[from]!)) : [0, 1, 2].map((c) => toByte(values[from + c]!));
        assert.deepEqual(pixelAt(png, x, y), expected, `${height}x${width}x${channels} pixel (${x}, ${y})`);
      }
    }
  }
});

test('imageGrid shows RGB images in colour', () => {
  const rgb = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0.5]); // one 2x2x3 image
  const { figure, placement } = imageGridWithPlacement(rgb, [2, 2, 3], { columns: 1, scale: 2, padding: 0 });
  const image = rendered(figure);
  const { left, top } = placement.imageAt(0);
  assert.deepEqual(pixelAt(image, left, top), [255, 0, 0]);
  assert.deepEqual(pixelAt(image, left + 3, top + 1), [0, 255, 0]);
  assert.deepEqual(pixelAt(image, left + 1, top + 2), [0, 0, 255]);
  assert.deepEqual(pixelAt(image, left + 2, top + 3), [128, 128, 128]);
});

test('imageGrid: a title wider than the grid widens the figure instead of being cut; labels are drawn', () => {
  const title = 'A title much wider than two tiny images side by side';
  const { figure, placement } = imageGridWithPlacement(new Float32Array([...first, ...second]), [2, 3, 1], { columns: 2, scale: 2, title, xLabel: 'x axis', yLabel: 'y' });
  assert.ok(figure.width >= textWidth(title, 15, 'bold') + 16, `${figure.width} px for a ${textWidth(title, 15, 'bold')} px title`);
  const image = rendered(figure);
  const titleInk = inkBox(image, { left: 0, top: 0, right: image.width, bottom: placement.imageAt(0).top - 1 })!;
  assert.ok(titleInk.left >= 4 && titleInk.right <= image.width - 4, `title ink ${JSON.stringify(titleInk)} inside ${image.width} px`);
  assert.ok(titleInk.right - titleInk.left > 0.85 * textWidth(title, 15, 'bold'), 'the whole title is drawn');
  const below = inkBox(image, { left: 0, top: placement.imageAt(0).top + 8, right: image.width, bottom: image.height });
  assert.ok(below, 'the x label has ink under the grid');
});

test('imageGrid explains a wrong-length buffer, a bad shape and a grid too small', () => {
  assert.throws(
    () => imageGrid(new Float32Array(785), [28, 28, 1], { columns: 4 }),
    { message: 'imageGrid: images has 785 values, which is not a whole, non-zero number of 28x28x1 images (784 values each; 1.0012755102040816 images)' },
  );
  assert.throws(() => imageGrid(new Float32Array(0), [28, 28, 1], { columns: 4 }), /has 0 values/);
  assert.throws(() => imageGrid(new Float32Array(8), [2, 2, 2], { columns: 1 }), /1 or 3 channels, got \[2, 2, 2\]/);
  assert.throws(() => imageGrid(new Float32Array(6 * 5), [2, 3, 1], { columns: 2, rows: 2 }), /5 images do not fit in 2 rows x 2 columns/);
  assert.throws(() => imageGrid(new Float32Array(6), [2, 3, 1], { columns: 1, rowLabels: ['a', 'b'] }), /rowLabels has 2 labels but the grid has 1 rows/);
  assert.throws(() => imageGrid(new Float32Array(6), [2, 3, 1], { columns: 0 }), /columns must be an integer >= 1, got 0/);
});

test('comparisonGrid puts each row beside its label, aligned image by image', () => {
  const originals = new Float32Array([...first, ...second, ...first]);
  const reconstructions = new Float32Array([...second, ...first, ...second]);
  const figure = comparisonGrid([{ label: 'in', images: originals }, { label: 'out', images: reconstructions }], [2, 3, 1], { count: 2, scale: 4 });
  const image = rendered(figure);
  // The grid is the only place with grey values between 1 and 254 in exact steps; find the first image by its white pixel (value 1 at (2, 1)).
  const grid = imageGridWithPlacement(new Float32Array([...first, ...second, ...second, ...first]), [2, 3, 1], { columns: 2, rows: 2, scale: 4, rowLabels: ['in', 'out'] });
  assert.equal(grid.figure.body, figure.body, 'a comparison grid is an image grid of its rows');
  assertImageAt(image, first, grid.placement.imageAt(0).left, grid.placement.imageAt(0).top, 4);
  assertImageAt(image, second, grid.placement.imageAt(1).left, grid.placement.imageAt(1).top, 4);
  assertImageAt(image, second, grid.placement.imageAt(2).left, grid.placement.imageAt(2).top, 4);
  assertImageAt(image, first, grid.placement.imageAt(3).left, grid.placement.imageAt(3).top, 4);
  const labels = inkBox(image, { left: 0, top: 0, right: grid.placement.imageAt(0).left - 1, bottom: image.height });
  assert.ok(labels && labels.right - labels.left >= textWidth('out', 12) * 0.8, `the labels have ink: ${JSON.stringify(labels)}`);
});

test('comparisonGrid names the row that is short or malformed', () => {
  const three = new Float32Array(18);
  assert.throws(
    () => comparisonGrid([{ label: 'original', images: three }, { label: 'noisy', images: new Float32Array(12) }], [2, 3, 1], { count: 3 }),
    { message: "comparisonGrid: count is 3 but row 'noisy' has only 2 images" },
  );
  assert.throws(() => comparisonGrid([{ label: 'recon', images: new Float32Array(7) }], [2, 3, 1]), /comparisonGrid: row 'recon' has 7 values, which is not a whole, non-zero number of 2x3x1 images/);
  assert.throws(() => comparisonGrid([], [2, 3, 1]), /rows is empty/);
});
