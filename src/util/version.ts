/** aekit's version; written from package.json by scripts/sync-version.mjs (run by `npm version`). */
export const VERSION = '0.1.0';
