/**
 * aekit's figures as they run anywhere (a page, Node): each is SVG made without Node or DOM.
 * A page shows `figureSvg(figure)` as it is (e.g. an element's innerHTML); Node writes PNG files
 * through index.ts.
 */
export { figureSvg, type Figure } from './figure.js';
export { PALETTE, classColor, classHex, type Rgb } from './palette.js';
export { niceTicks, logTicks } from './axis.js';
export { textWidth } from './text-metrics.js';
export { imageGrid, imageGridWithPlacement, type GridPlacement, type ImageGridOptions, type ImageShape } from './image-grid.js';
export { comparisonGrid, type ComparisonGridOptions, type ComparisonRow } from './comparison-grid.js';
export { scatterPlot, scatterPlotWithFrame, type ScatterOptions } from './scatter.js';
export { lineChart, lineChartWithFrame, type LineChartOptions, type LineSeries } from './line-chart.js';
export type { PlotFrame } from './chart.js';
export { sideBySide, stackVertically, type Panel } from './compose.js';
