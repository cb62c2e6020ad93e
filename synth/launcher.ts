/**
 * The compiled synth entry: `node dist/synth/launcher.js [synth arguments]` (what `npm run synth` runs after its
 * incremental build). It runs the synth from ONE file, dist/synth.bundle.js (scripts/build.js bundles dist/main.js and
 * the ~800 modules it loads with esbuild), and keeps V8's compiled code of that file between runs:
 * - one file instead of ~800 saves the module resolution and file reads of each (≈ 0.1 s of a 0.6 s synth);
 * - the code cache saves compiling it again: V8 serializes the code of every function the run compiled (taken after
 *   the run, so it holds the lazily compiled functions too) and the next run deserializes it instead of parsing.
 *
 * The cache is one file per bundle and Node version in node_modules/.cache/homelab-synth/ (beside other tools' caches,
 * gone with node_modules; HOMELAB_COMPILE_CACHE_DIR moves it, HOMELAB_COMPILE_CACHE=0 turns it off). Its name carries
 * the bundle's size and mtime, so a rebuilt bundle never meets an old cache; V8 itself refuses a cache of another V8
 * version, other flags or a damaged file, and the run then compiles from source and writes a fresh one. The cache
 * never changes what a synth writes (npm run bench, docs/PERFORMANCE.md; __tests__/synth/launcher.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Module from 'module';

/** dist/ (this file is dist/synth/launcher.js once built). */
const DIST = path.resolve(__dirname, '..');
const ROOT = path.resolve(DIST, '..');
export const BUNDLE = path.join(DIST, 'synth.bundle.js');
export const CACHE_DIR = process.env.HOMELAB_COMPILE_CACHE_DIR ?? path.join(ROOT, 'node_modules', '.cache', 'homelab-synth');
const CACHE_PREFIX = `synth-${process.version}-${process.arch}-`;

/** The cache file of this bundle (by its size and mtime) for this Node. */
export function cacheFile(stat: fs.Stats, dir = CACHE_DIR): string {
  return path.join(dir, `${CACHE_PREFIX}${stat.size}-${Math.round(stat.mtimeMs * 1000)}.v8`);
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all (a parallel synth reads either none or a complete file), drops older ones. */
function writeCache(file: string, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    for (const old of fs.readdirSync(path.dirname(file)))
      if (old.startsWith(CACHE_PREFIX) && old.endsWith('.v8') && path.join(path.dirname(file), old) !== file)
        fs.rmSync(path.join(path.dirname(file), old), { force: true });
  } catch {
    // A cache that cannot be written (read-only checkout) only costs the next run its compile time.
  }
}

/** Runs the bundle in this process as a CommonJS module with its own `require` (dependencies resolve from dist/). */
export function launch(bundle = BUNDLE): void {
  const fd = fs.openSync(bundle, 'r');
  let source: string;
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
    source = fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
  const useCache = process.env.HOMELAB_COMPILE_CACHE !== '0';
  const file = cacheFile(stat);
  const cachedData = useCache ? readCache(file) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (useCache && (cachedData === undefined || script.cachedDataRejected === true))
    process.once('exit', () => {
      writeCache(file, script.createCachedData());
    });
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(bundle);
  mod.filename = bundle;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

if (require.main === module) launch();
