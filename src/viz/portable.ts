/** aekit's figures as they run anywhere: every figure renders to an RGBA Raster; a page draws it with rasterToImageData. */
export { createRaster, pixelAt, type Raster, type Rgb } from './raster.js';
export { rasterToImageData } from './image-data.js';
export { drawText, measureText } from './text.js';
export { PALETTE } from './palette.js';
export { niceTicks, logTicks } from './axis.js';
export { imageGrid, type ImageGridOptions, type ImageShape } from './image-grid.js';
export { comparisonGrid, type ComparisonGridOptions, type ComparisonRow } from './comparison-grid.js';
export { scatterPlot, scatterPlotWithFrame, type ScatterOptions } from './scatter.js';
export { lineChart, lineChartWithFrame, type LineChartOptions, type LineSeries } from './line-chart.js';
export type { PlotFrame } from './chart.js';
export { sideBySide, stackVertically, type Panel } from './compose.js';
