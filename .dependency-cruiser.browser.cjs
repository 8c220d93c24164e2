/**
 * The browser check (part of `npm run lint:layers`): code that runs in a page (the dashboard, the
 * package's browser entry src/browser.ts, and whatever they import from src/) never reaches a
 * Node built-in at run time, and the browser entry takes nothing from npm but TensorFlow.js and
 * fflate (a package such as pngjs would pull Node's stream and Buffer into the bundle). Type-only imports
 * are erased by the compiler, so they are left out here.
 */
const NODE_BUILTINS = `^(node:.+|${require('node:module').builtinModules.join('|')})$`;
const PAGE_ENTRIES = '^(dashboard/|src/browser\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'the-browser-never-reaches-node',
      severity: 'error',
      from: { path: PAGE_ENTRIES },
      to: { path: NODE_BUILTINS, reachable: true },
    },
    {
      name: 'the-browser-entry-takes-only-tfjs-from-npm',
      severity: 'error',
      from: { path: '^src/browser\\.ts$' },
      // fflate: pure JavaScript deflate for the PNGs inside figures' image grids (viz/png-encode.ts).
      to: { path: '(^|/)node_modules/', pathNot: '(^|/)node_modules/(@tensorflow/|fflate/)', reachable: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: false,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
