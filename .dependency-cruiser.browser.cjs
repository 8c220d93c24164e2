/**
 * The browser check (part of `npm run lint:layers`): code that runs in a page (the dashboard, and
 * whatever it imports from src/) never reaches a Node built-in at run time. Type-only imports are
 * erased by the compiler, so they are left out here.
 */
const NODE_BUILTINS = `^(node:.+|${require('node:module').builtinModules.join('|')})$`;

module.exports = {
  forbidden: [
    {
      name: 'the-browser-never-reaches-node',
      severity: 'error',
      from: { path: '^dashboard/' },
      to: { path: NODE_BUILTINS, reachable: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: false,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
