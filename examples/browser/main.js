// A variational autoencoder learns MNIST in the page: aekit's browser entry does the work (the
// WebAssembly engine, fit with callbacks, encodeAll / reconstructAll / decodeCodes) and its figures
// (viz, SVG) are drawn on canvases. Query: ?epochs=N (default 30).
import { initBackend, datasets, models, fit, callbacks, applications, viz, datasetSamples } from 'aekit';

const $ = (id) => document.getElementById(id);
const EPOCHS = Number(new URLSearchParams(location.search).get('epochs') ?? 30);
const BATCH = 64;
const SHOWN = 8;

/** What the page has done so far; the browser test reads it. */
const state = { status: 'loading', epoch: 0, loss: [], valLoss: [], samplesPerSec: 0, point: null, decodedMean: null };
window.aekitExample = state;

/** Draws a figure (SVG text, viz.figureSvg) on a canvas, through an image the browser renders. */
async function draw(canvas, figure) {
  const url = URL.createObjectURL(new Blob([viz.figureSvg(figure)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    canvas.width = figure.width;
    canvas.height = figure.height;
    canvas.getContext('2d').drawImage(image, 0, 0);
  } finally {
    URL.revokeObjectURL(url);
  }
}

function setStatus(text) {
  $('status').textContent = text;
}

/** Lets the page repaint between batches: training runs on the main thread. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

const info = await initBackend();
$('engine').textContent = `${info.name === 'wasm-simd' ? "aekit's WebAssembly SIMD engine" : info.name}, ${info.threads} thread(s)`
  + (info.note ? ` (${info.note})` : '');

const [train, test] = await Promise.all([
  datasets.fetchDataset('mnist/train-images.idx.gz', { labels: 'mnist/train-labels.idx.gz' }),
  datasets.fetchDataset('mnist/test-images.idx.gz', { labels: 'mnist/test-labels.idx.gz' }),
]);
const model = models.buildModel('vae', { seed: 1 });
const trainSet = datasetSamples(train, model.inputShape);
const testSet = datasetSamples(test, model.inputShape);
const shownSet = { ...testSet, data: testSet.data.subarray(0, SHOWN * 784), count: SHOWN, labels: testSet.labels.subarray(0, SHOWN) };

/** The latent plane as last drawn: its PlotFrame maps codes to pixels; we invert it for the pointer. */
let plane;

function planeToCode(px, py) {
  const { frame } = plane;
  const x0 = frame.toPixelX(0), x1 = frame.toPixelX(1), y0 = frame.toPixelY(0), y1 = frame.toPixelY(1);
  return [(px - x0) / (x1 - x0), (py - y0) / (y1 - y0)];
}

async function drawFigures() {
  const epochs = state.loss.map((_, i) => i + 1);
  if (state.loss.length > 0) {
    await draw($('loss'), viz.lineChart(
      [{ name: 'loss', values: state.loss, x: epochs }, { name: 'val_loss', values: state.valLoss, x: epochs }],
      { width: 460, height: 300, xLabel: 'epoch', yLabel: 'BCE + KL per digit' },
    ));
  }
  const reconstructions = await applications.reconstructAll(model, shownSet);
  await draw($('reconstructions'), viz.comparisonGrid(
    [{ label: 'digit', images: shownSet.data }, { label: 'output', images: reconstructions }], [28, 28, 1], { scale: 2 },
  ));
  const codes = await applications.encodeAll(model, testSet);
  plane = viz.scatterPlotWithFrame(codes.data, testSet.labels, { width: 460, height: 400, xLabel: 'z[0]', yLabel: 'z[1]', pointSize: 4 });
  await draw($('latent'), plane.figure);
  if (state.point) decodeAt(...state.point);
}

/** Decodes the code under the pointer and draws it, with a crosshair on the plane. */
function decodeAt(px, py) {
  state.point = [px, py];
  const code = planeToCode(px, py);
  const image = applications.decodeCodes(model, Float32Array.from(code), 1);
  const pointer = $('pointer');
  const context = pointer.getContext('2d');
  context.clearRect(0, 0, pointer.width, pointer.height);
  context.strokeStyle = '#d62728';
  context.lineWidth = 2;
  context.beginPath();
  context.arc(px, py, 7, 0, 2 * Math.PI);
  context.moveTo(px - 12, py); context.lineTo(px + 12, py);
  context.moveTo(px, py - 12); context.lineTo(px, py + 12);
  context.stroke();
  void draw($('decoded'), viz.imageGrid(image, [28, 28, 1], { columns: 1, scale: 7, padding: 0 }));
  state.code = code;
  state.decodedMean = image.reduce((a, b) => a + b, 0) / image.length;
  $('decoded-caption').textContent = `The digit at z = (${code[0].toFixed(2)}, ${code[1].toFixed(2)})`;
}

function onPointer(event) {
  if (event.type === 'pointermove' && event.buttons === 0) return;
  const bounds = event.target.getBoundingClientRect();
  decodeAt(event.clientX - bounds.left, event.clientY - bounds.top);
}
for (const type of ['pointerdown', 'pointermove', 'pointerup']) $('pointer').addEventListener(type, onPointer);

async function trainAll() {
  $('train').disabled = true;
  state.status = 'training';
  let started = performance.now();
  let seen = 0;
  await fit(model, trainSet, {
    epochs: EPOCHS,
    batchSize: BATCH,
    seed: 1,
    validationData: testSet,
    callbacks: [
      new callbacks.TerminateOnNaN(),
      new callbacks.LambdaCallback({
        onBatchEnd: async (batch, logs) => {
          seen += logs.size;
          if (batch % 8 === 7) {
            state.samplesPerSec = seen / ((performance.now() - started) / 1000);
            setStatus(`epoch ${state.epoch + 1} of ${EPOCHS}, batch ${batch + 1}: loss ${logs.loss.toFixed(1)}, ${Math.round(state.samplesPerSec)} digits/s`);
            await nextFrame();
          }
        },
        onEpochEnd: async (epoch, logs) => {
          state.epoch = epoch + 1;
          state.loss.push(logs.loss);
          state.valLoss.push(logs.val_loss);
          await drawFigures();
          await nextFrame();
          started = performance.now();
          seen = 0;
        },
      }),
    ],
  });
  state.status = 'trained';
  setStatus(`trained ${state.epoch} epochs: test loss ${state.valLoss.at(-1).toFixed(1)} per digit (it started at ${state.valLoss[0].toFixed(1)})`);
}

await drawFigures();
decodeAt(230, 200);
$('train').disabled = false;
$('train').addEventListener('click', () => {
  trainAll().catch((error) => {
    state.status = 'failed';
    setStatus(`training failed: ${error.message}`);
  });
});
state.status = 'ready';
setStatus(`ready: ${train.count} training digits, ${test.count} test digits`);
