/**
 * The package's CommonJS entry, for `require('aekit')`. aekit is an ES module: Node >= 20.19 can
 * require() one (when, as here, its graph has no top-level await), and this hands it over, the same
 * module instance `import` gets. An older Node cannot: it gets one line saying how to import aekit.
 */
function loadEsModule(): unknown {
  try {
    return require('./index.js');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_REQUIRE_ESM') {
      throw new Error(`aekit is an ES module, which this Node (${process.versions.node}) cannot require(): use import { ... } from 'aekit', or await import('aekit') from CommonJS (Node >= 20.19 can require() it)`);
    }
    throw error;
  }
}

export = loadEsModule();
