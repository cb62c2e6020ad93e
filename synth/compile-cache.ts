/**
 * V8's compiled code of every module a synth loads, kept between runs through Node's own module compile cache
 * (`module.enableCompileCache`, Node ≥ 22.1 — the engines field's floor): most of a warm `npm run synth` is compiling
 * the ~750 modules of cdktf, cdk8s, yaml and dist/ (npm run bench, docs/PERFORMANCE.md). On Node 20 it is a no-op.
 *
 * Importing this module enables it (main.ts imports it first, before anything heavy is loaded). Enabled only when the
 * process is the synth (the entry is dist/main.js or scripts/run-synth.js), never inside jest or a script that imports
 * the synth; HOMELAB_COMPILE_CACHE=0 turns it off. The cache lives in dist/.compile-cache/ (beside the build it speeds
 * up) and never changes what a synth writes: Node checks each entry against the source and recompiles a stale one.
 */
import * as path from 'path';
import Module from 'module';

const ROOT = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === 'dist' ? '../..' : '..');
/** HOMELAB_COMPILE_CACHE_DIR moves it (tests use a fresh one). */
export const CACHE_DIR = process.env.HOMELAB_COMPILE_CACHE_DIR ?? path.join(ROOT, 'dist', '.compile-cache');
const ENTRIES = [path.join(ROOT, 'dist', 'main.js'), path.join(ROOT, 'scripts', 'run-synth.js')];

/** Node's own compile cache, where this Node has it. */
export const nodeCompileCache = (Module as unknown as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;

let enabled = false;

/** Turns the cache on for this process (once); a no-op inside tests, on Node 20, or with HOMELAB_COMPILE_CACHE=0. */
export function enableCompileCache(): boolean {
  if (enabled) return true;
  if (process.env.HOMELAB_COMPILE_CACHE === '0' || typeof nodeCompileCache !== 'function') return false;
  const entry = require.main?.filename;
  if (entry === undefined || !ENTRIES.includes(entry)) return false;
  nodeCompileCache(path.join(CACHE_DIR, 'node'));
  enabled = true;
  return true;
}

enableCompileCache();
