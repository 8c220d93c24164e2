/**
 * The layer check (`npm run lint:layers`, part of `npm test`): imports point down the layers of
 * ARCHITECTURE.md, nothing closes a circle, and product code never reaches test or bench support.
 */
const LAYERS = ['util', 'viz', 'backend', 'data', 'models', 'optimizers', 'io', 'training', 'evaluation', 'applications', 'estimators', 'report', 'server', 'cli'];
const TESTS = '\\.test\\.tsx?$';

const upwardRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `${layer}-imports-down-only`,
  comment: `src/${layer}/ may import only the layers below it: ${LAYERS.slice(0, i).join(', ') || 'none'}`,
  severity: 'error',
  from: { path: `^src/${layer}/`, pathNot: TESTS },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circle of imports hides which module is built on which.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upwardRules,
    {
      name: 'layers-never-import-the-entry-points',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'product-code-stays-apart-from-its-tooling',
      comment: 'src/ ships: it never imports test helpers, benches or experiments.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^(testing|bench|experiments)/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
