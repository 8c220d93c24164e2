/**
 * The browser check (part of `npm run lint:layers`): code that runs in a page (the dashboard, the
 * package's browser entry src/browser.ts, and whatever they import from src/) never reaches a
 * Node built-in at run time, and the browser entry takes nothing from npm but TensorFlow.js and
 * fast-png with its two pure-JavaScript dependencies, fflate and iobuffer (a package such as pngjs
 * would pull Node's stream and Buffer into the bundle). Type-only imports
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
      // fast-png (+ fflate, iobuffer): the PNGs inside figures' image grids (viz/image-grid.ts).
      to: { path: '(^|/)node_modules/', pathNot: '(^|/)node_modules/(@tensorflow/|fast-png/|fflate/|iobuffer/)', reachable: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: false,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    // Resolve packages as a browser bundler does (package.json exports, browser and import
    // conditions): fast-png has no `main`, only `exports`.
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'], exportsFields: ['exports'], conditionNames: ['browser', 'import', 'default'] },
  },
};
