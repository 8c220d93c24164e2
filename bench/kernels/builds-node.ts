/**
 * The relaxed-SIMD build against the plain one in Node (./builds.ts); Node 20 needs the flag:
 *
 *   node --experimental-wasm-relaxed-simd dist/bench/kernels/builds-node.js [--threads N] [--rounds N]
 */
import { wasmFeatures } from '../../src/backend/wasm/simd/features.js';
import { nodeHost } from '../../src/backend/wasm/simd/load-node.js';
import { compareBuilds, formatComparison } from './builds.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const comparison = await compareBuilds(nodeHost, wasmFeatures(), Number(option('--threads', '1')), Number(option('--rounds', '5')), () => performance.now());
console.log(formatComparison(`Node ${process.version}`, comparison));
process.exit(0);
