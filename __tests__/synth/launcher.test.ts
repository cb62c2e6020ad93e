/**
 * The compiled synth entry (synth/launcher.ts) and the bundle it runs (scripts/build.js). A cold and a warm run
 * synthesize exactly the committed outputs (synth --check); the cache is written once per bundle content and Node,
 * only by a run that succeeded, never reused for another bundle (even one of the same size and mtime), rewritten when
 * truncated, ignored when others may write it, and off with HOMELAB_COMPILE_CACHE=0. The bundle is made again exactly
 * when one of its inputs, the installed packages or the build script changed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheFile } from '../../synth/launcher';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

interface BundlePaths {
  file: string;
  inputs: string;
  installed: string;
  builder: string;
  root: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain JS
const { build, BUNDLE, bundleStale } = require('../../scripts/build.js') as {
  build: () => unknown;
  BUNDLE: BundlePaths;
  bundleStale: (b: BundlePaths) => boolean;
};

beforeAll(() => {
  build();
});

/** The compiled launcher on `bundle` with `args`, the cache in `cacheDir`. */
function launch(cacheDir: string, args: readonly string[], bundle = BUNDLE.file, extra: Record<string, string> = {}) {
  const launcher = path.join(DIST, 'synth', 'launcher.js');
  const script = `require(${JSON.stringify(launcher)}).launch(${JSON.stringify(bundle)})`;
  // `node -e SCRIPT a b` gives process.argv [node, a, b]; the synth reads argv from index 2, so a placeholder goes first.
  return spawnSync(process.execPath, ['-e', script, 'launcher', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, HOMELAB_COMPILE_CACHE_DIR: cacheDir, ...extra },
  });
}

/** `synth --check` against the committed outputs: passes, and says it compared them. */
const synthCheck = (cacheDir: string, bundle?: string, extra?: Record<string, string>) => launch(cacheDir, ['--check', '--root', ROOT], bundle, extra);
const checked = (r: ReturnType<typeof launch>) => ({ status: r.status, stderr: r.stderr, matched: r.stdout.includes('generated files match a fresh synth') });
const ok = { status: 0, stderr: '', matched: true };
const entries = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
const tmpDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `launcher-${name}-`));
const cacheOf = (dir: string, bundle = BUNDLE.file) => cacheFile(fs.readFileSync(bundle), dir);

describe('synth launcher', () => {
  it('a cold run writes the cache of this bundle and Node, a warm run uses it as is; both match the committed outputs', () => {
    const dir = tmpDir('cache');
    expect(checked(synthCheck(dir))).toEqual(ok);
    const file = cacheOf(dir);
    expect(entries(dir)).toEqual([path.basename(file)]);
    expect(path.basename(file)).toContain(`-${process.version}-`);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const written = fs.statSync(file);
    expect(checked(synthCheck(dir))).toEqual(ok);
    // Accepted, so not written again.
    expect(fs.statSync(file).mtimeMs).toBe(written.mtimeMs);
  });

  it('a failed run writes no cache (it compiled only part of the synth)', () => {
    const dir = tmpDir('failed');
    const r = launch(dir, ['--no-such-option']);
    expect(r.status).toBe(2);
    expect(entries(dir)).toEqual([]);
  });

  it('a truncated cache is refused by V8: the run compiles from source, still matches, and writes a whole one', () => {
    const dir = tmpDir('damaged');
    expect(checked(synthCheck(dir))).toEqual(ok);
    const file = cacheOf(dir);
    const whole = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(whole / 2));
    expect(checked(synthCheck(dir))).toEqual(ok);
    // Rewritten whole (its size varies by a few bytes with what the run compiled lazily), then accepted as is.
    const rewritten = fs.statSync(file);
    expect(rewritten.size).toBeGreaterThan(whole * 0.9);
    expect(checked(synthCheck(dir))).toEqual(ok);
    expect(fs.statSync(file).mtimeMs).toBe(rewritten.mtimeMs);
  });

  it('a bundle of other content gets its own cache even with the same size and mtime, and the old one is dropped', () => {
    const dir = tmpDir('rebuilt');
    // Beside node_modules (the bundle resolves zod/package.json from where it lies), outside dist/ (which builds sweep).
    const copyDir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'launcher-test-'));
    const copy = path.join(copyDir, 'synth.bundle.js');
    try {
      fs.copyFileSync(BUNDLE.file, copy);
      expect(checked(synthCheck(dir, copy))).toEqual(ok);
      const first = cacheOf(dir, copy);
      expect(entries(dir)).toEqual([path.basename(first)]);
      // One character changed in a comment: same length; the mtime is put back, as a copy that keeps mtimes would.
      const before = fs.statSync(copy);
      const text = fs.readFileSync(copy, 'utf8');
      const at = text.indexOf('//');
      fs.writeFileSync(copy, `${text.slice(0, at + 2)}${text[at + 2] === 'x' ? 'y' : 'x'}${text.slice(at + 3)}`);
      fs.utimesSync(copy, before.atime, before.mtime);
      expect(fs.statSync(copy).size).toBe(before.size);
      const second = cacheOf(dir, copy);
      expect(second).not.toBe(first);
      expect(checked(synthCheck(dir, copy))).toEqual(ok);
      expect(entries(dir)).toEqual([path.basename(second)]);
    } finally {
      fs.rmSync(copyDir, { recursive: true, force: true });
    }
  });

  it('a cache others may write is not read (its code would run as this user)', () => {
    const dir = tmpDir('shared');
    expect(checked(synthCheck(dir))).toEqual(ok);
    const file = cacheOf(dir);
    fs.chmodSync(file, 0o666);
    const planted = fs.statSync(file);
    expect(checked(synthCheck(dir))).toEqual(ok);
    // Not read, so taken again from this run and written over with this user's mode.
    expect(fs.statSync(file).mtimeMs).not.toBe(planted.mtimeMs);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    // A directory of this user that others may write (an old umask): not read from, closed by the next write.
    fs.chmodSync(dir, 0o777);
    const before = fs.statSync(file).mtimeMs;
    expect(checked(synthCheck(dir))).toEqual(ok);
    expect(fs.statSync(file).mtimeMs).not.toBe(before);
    expect(fs.statSync(dir).mode & 0o022).toBe(0);
    const closed = fs.statSync(file).mtimeMs;
    expect(checked(synthCheck(dir))).toEqual(ok);
    expect(fs.statSync(file).mtimeMs).toBe(closed);
  });

  it('HOMELAB_COMPILE_CACHE=0 turns it off', () => {
    const dir = tmpDir('off');
    expect(checked(synthCheck(dir, BUNDLE.file, { HOMELAB_COMPILE_CACHE: '0' }))).toEqual(ok);
    expect(entries(dir)).toEqual([]);
  });
});

describe('synth bundle staleness (scripts/build.js bundleStale)', () => {
  /** A bundle made at t=100 s from two inputs (t=50 s), npm's record and the build script older still. */
  function made(): BundlePaths {
    const root = tmpDir('stale');
    const b = {
      file: path.join(root, 'dist', 'synth.bundle.js'),
      inputs: path.join(root, 'dist', 'synth.bundle.inputs.json'),
      installed: path.join(root, 'node_modules', '.package-lock.json'),
      builder: path.join(root, 'scripts', 'build.js'),
      root,
    };
    const write = (file: string, seconds: number) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (!fs.existsSync(file)) fs.writeFileSync(file, '');
      fs.utimesSync(file, seconds, seconds);
    };
    for (const f of ['dist/main.js', 'node_modules/dep/index.js']) write(path.join(root, f), 50);
    fs.mkdirSync(path.dirname(b.inputs), { recursive: true });
    fs.writeFileSync(b.inputs, JSON.stringify(['dist/main.js', 'node_modules/dep/index.js']));
    write(b.installed, 40);
    write(b.builder, 30);
    write(b.file, 100);
    return b;
  }
  const touch = (file: string, seconds = 200) => fs.utimesSync(file, seconds, seconds);

  it('is up to date when nothing changed', () => {
    expect(bundleStale(made())).toBe(false);
  });

  it('is stale when an input of dist/ changed or is gone (a deleted module), or the input list is missing', () => {
    let b = made();
    touch(path.join(b.root, 'dist/main.js'));
    expect(bundleStale(b)).toBe(true);
    b = made();
    fs.rmSync(path.join(b.root, 'dist/main.js'));
    expect(bundleStale(b)).toBe(true);
    b = made();
    fs.rmSync(b.inputs);
    expect(bundleStale(b)).toBe(true);
  });

  it('is stale after an npm install (package files keep old mtimes) or a change of the build script, or without a bundle', () => {
    let b = made();
    touch(b.installed);
    expect(bundleStale(b)).toBe(true);
    b = made();
    touch(b.builder);
    expect(bundleStale(b)).toBe(true);
    b = made();
    fs.rmSync(b.file);
    expect(bundleStale(b)).toBe(true);
  });

  it("the repository's bundle lists its inputs, and the build left it up to date", () => {
    const inputs = JSON.parse(fs.readFileSync(BUNDLE.inputs, 'utf8')) as string[];
    expect(inputs).toEqual(expect.arrayContaining(['dist/main.js', 'dist/synth/index.js']));
    expect(inputs.some((f) => f.startsWith('node_modules/cdktf/'))).toBe(true);
    expect(bundleStale(BUNDLE)).toBe(false);
  });
});
