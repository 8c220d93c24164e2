import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** aekit's version, from package.json (dist/src/util/version.js -> ../../../package.json). */
export const VERSION: string = (require('../../../package.json') as { version: string }).version;
