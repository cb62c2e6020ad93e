/**
 * V8's compiled code of every module a synth loads, kept between runs: most of a warm `npm run synth` is compiling the
 * ~750 modules of cdktf, cdk8s, yaml and dist/ (npm run bench, docs/PERFORMANCE.md). On Node ≥ 22.1 this is Node's own
 * module compile cache; on Node 20 the same through `vm.Script` cached data, for CommonJS files under the repository.
 *
 * Importing this module enables it (main.ts imports it first, before anything heavy is loaded). Enabled only when the
 * process is the synth (the entry is dist/main.js or scripts/run-synth.js), never inside jest or
 * a script that imports the synth; HOMELAB_COMPILE_CACHE=0 turns it off. The cache lives in dist/.compile-cache/
 * (beside the build it speeds up) and never changes what a synth writes: a stale or rejected entry is
 * compiled from source again and replaced.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Module from 'module';

const ROOT = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === 'dist' ? '../..' : '..');
/** HOMELAB_COMPILE_CACHE_DIR moves it (tests use a fresh one). */
export const CACHE_DIR = process.env.HOMELAB_COMPILE_CACHE_DIR ?? path.join(ROOT, 'dist', '.compile-cache');
const ENTRIES = [path.join(ROOT, 'dist', 'main.js'), path.join(ROOT, 'scripts', 'run-synth.js')];

interface InternalModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

interface ModuleStatics {
  enableCompileCache?: (dir?: string) => unknown;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: unknown;
  _cache: unknown;
  prototype: InternalModule;
}

let enabled = false;

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Turns the cache on for this process (once); a no-op inside tests or with HOMELAB_COMPILE_CACHE=0. */
export function enableCompileCache(): void {
  if (enabled || process.env.HOMELAB_COMPILE_CACHE === '0') return;
  const entry = require.main?.filename;
  if (entry === undefined || !ENTRIES.includes(entry)) return;
  enabled = true;
  const statics = Module as unknown as ModuleStatics;
  if (typeof statics.enableCompileCache === 'function') {
    statics.enableCompileCache(path.join(CACHE_DIR, 'node'));
    return;
  }
  installV8Cache(statics);
}

/**
 * Node 20: one file per module, `<sha1 of its path>.bin` = source length (u32) and mtime (f64), then V8's cached data.
 * Files are read one at a time as modules load, so no large buffer stays in memory; new ones are written at exit.
 */
function installV8Cache(statics: ModuleStatics): void {
  const dir = path.join(CACHE_DIR, `v8-${process.version}-${process.arch}`);
  const fresh: Array<{ file: string; head: Buffer; script: vm.Script }> = [];
  const original = statics.prototype._compile;
  // The repository and its node_modules (which may be a link to another checkout's).
  const roots = [ROOT, realpath(path.join(ROOT, 'node_modules'))].map((r) => `${r}${path.sep}`);

  statics.prototype._compile = function compile(this: InternalModule, content: string, filename: string): unknown {
    // Only plain CommonJS of this repository; anything unusual (a hashbang, dynamic import) compiles as Node does.
    if (!roots.some((r) => filename.startsWith(r)) || content.startsWith('#!') || content.includes('import(')) return original.call(this, content, filename);
    const file = path.join(dir, `${createHash('sha1').update(filename).digest('hex')}.bin`);
    const head = Buffer.alloc(12);
    head.writeUInt32LE(content.length, 0);
    head.writeDoubleLE(fs.statSync(filename).mtimeMs, 4);
    let cached: Buffer | undefined;
    try {
      const raw = fs.readFileSync(file);
      if (raw.subarray(0, 12).equals(head)) cached = raw.subarray(12);
    } catch {
      // not cached yet
    }
    const script = new vm.Script(statics.wrap(content), { filename, cachedData: cached });
    if (cached === undefined || script.cachedDataRejected === true) fresh.push({ file, head, script });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const req = Object.assign((id: string) => this.require(id), {
      resolve: Object.assign((request: string, options?: unknown) => statics._resolveFilename(request, this, false, options), { paths: () => null }),
      main: require.main,
      extensions: statics._extensions,
      cache: statics._cache,
    });
    return fn.call(this.exports, this.exports, req, this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    if (fresh.length === 0) return;
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const { file, head, script } of fresh) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, Buffer.concat([head, script.createCachedData()]));
        fs.renameSync(tmp, file);
      }
    } catch {
      // a cache that cannot be written only costs the next run its speed
    }
  });
}

enableCompileCache();
