/**
 * The compiled synth entry: `node dist/synth/launcher.js [synth arguments]` (what `npm run synth` runs after its
 * incremental build). It runs the synth from ONE file, dist/synth.bundle.js (scripts/build.js bundles dist/main.js and
 * the ~800 modules it loads with esbuild), and keeps V8's compiled code of that file between runs:
 * - one file instead of ~800 saves the module resolution and file reads of each (≈ 0.1 s of a 0.6 s synth);
 * - the code cache saves compiling it again: V8 serializes the code of every function the run compiled (taken after
 *   the run, so it holds the lazily compiled functions too) and the next run deserializes it instead of parsing.
 *
 * The cache is one file per bundle CONTENT and Node version in node_modules/.cache/homelab-synth/ (beside other
 * tools' caches, gone with node_modules; HOMELAB_COMPILE_CACHE_DIR moves it, HOMELAB_COMPILE_CACHE=0 turns it off).
 * Its name carries the bundle's sha256 (≈ 8 ms a run): V8 checks a cache only against the source's length and its own
 * version and flags, and would run the old code of a same-length bundle, so a name from the size or mtime is not
 * enough (a copy that keeps mtimes, a restored CI cache). V8 refuses a truncated file or another V8's cache; the run
 * then compiles from source and writes a fresh one. Only a run that succeeded writes it (a failed run compiled less),
 * and only a cache file and directory owned by this user and writable by no one else is read: its code runs as the
 * synth. The first successful run after a rebuild decides what it holds (an accepted cache is kept): a `--check` first
 * leaves the write phase to be compiled by each later run, until the next rebuild. One directory shared by two
 * bundles on one Node keeps only the last one's cache. The cache never changes what a synth writes
 * (__tests__/synth/launcher.test.ts, npm run bench).
 *
 * Inside the bundle, `__dirname`/`__filename` of every module are those of the bundle: dependency features that load
 * a file beside their own module (cdk8s `Include` of a URL, cdktf ARCHIVE assets) do not work from it; the synth uses
 * none of them.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Module from 'module';

/** dist/synth.bundle.js, beside the dist/synth/ this file is built into. */
export const bundlePath = (): string => path.resolve(__dirname, '..', 'synth.bundle.js');
/**
 * node_modules/.cache/homelab-synth/ of the repository (dist/'s parent), unless HOMELAB_COMPILE_CACHE_DIR (set and not
 * empty: an empty one would mean the current directory) moves it.
 */
export function cacheDir(): string {
  const moved = process.env.HOMELAB_COMPILE_CACHE_DIR;
  return moved !== undefined && moved !== '' ? moved : path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'homelab-synth');
}
const CACHE_PREFIX = `synth-${process.version}-${process.arch}-`;

/** The cache file of a bundle with this content, for this Node. */
export function cacheFile(bundle: Buffer, dir = cacheDir()): string {
  return path.join(dir, `${CACHE_PREFIX}${crypto.createHash('sha256').update(bundle).digest('hex').slice(0, 32)}.v8`);
}

/** Whether a cache path is this user's alone: its code would run as this process. */
function ownedAlone(stat: fs.Stats): boolean {
  return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
}

function readCache(file: string): Buffer | undefined {
  try {
    if (!ownedAlone(fs.statSync(path.dirname(file)))) return undefined;
    const fd = fs.openSync(file, 'r');
    try {
      return ownedAlone(fs.fstatSync(fd)) ? fs.readFileSync(fd) : undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache whole or not at all (a parallel synth reads either none or a complete file) into a directory only
 * this user can write (one of its own that others may write is closed first; anyone else's is left alone), then drops
 * this Node's caches of other bundles and temporary files a killed writer left (older than a minute).
 */
function writeCache(file: string, data: () => Buffer): void {
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const own = fs.lstatSync(dir);
    if (!own.isDirectory() || own.uid !== process.getuid?.()) return;
    if ((own.mode & 0o022) !== 0) fs.chmodSync(dir, own.mode & 0o755);
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, data(), { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    const now = Date.now();
    for (const old of fs.readdirSync(dir)) {
      const p = path.join(dir, old);
      if (!old.startsWith(CACHE_PREFIX) || p === file) continue;
      if (old.endsWith('.v8') || (old.endsWith('.tmp') && now - fs.statSync(p).mtimeMs > 60_000)) fs.rmSync(p, { force: true });
    }
  } catch {
    // A cache that cannot be written (read-only checkout) only costs the next run its compile time.
  }
}

/** Runs the bundle in this process as a CommonJS module with its own `require` (dependencies resolve from dist/). */
export function launch(bundle = bundlePath()): void {
  const content = fs.readFileSync(bundle);
  const useCache = process.env.HOMELAB_COMPILE_CACHE !== '0';
  const file = useCache ? cacheFile(content) : undefined;
  const cachedData = file === undefined ? undefined : readCache(file);
  const script = new vm.Script(Module.wrap(content.toString('utf8')), { filename: bundle, cachedData });
  if (file !== undefined && (cachedData === undefined || script.cachedDataRejected === true))
    process.once('exit', (code) => {
      if (code === 0) writeCache(file, () => script.createCachedData());
    });
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(bundle);
  mod.filename = bundle;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

if (require.main === module) launch();
