/** aekit's figures: everything renders to an RGBA Raster that can be composed and saved as PNG (Node). */
export * from './portable.js';
export { encodePng, writePng } from './png.js';
