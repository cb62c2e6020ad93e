/**
 * The compiled synth entry (synth/launcher.ts): the one-file bundle scripts/build.js makes, run with V8's code cache.
 * A cold and a warm run synthesize exactly the committed outputs (synth --check); the cache is written once per bundle
 * and Node, never reused for another bundle, refused and rewritten when damaged, and off with HOMELAB_COMPILE_CACHE=0.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheFile } from '../../synth/launcher';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain JS
const { build, BUNDLE } = require('../../scripts/build.js') as { build: () => unknown; BUNDLE: string };

beforeAll(() => {
  build();
});

/** `synth --check` through the compiled launcher on `bundle`, with the cache in `cacheDir`. */
function synthCheck(cacheDir: string, bundle = BUNDLE, extra: Record<string, string> = {}) {
  const launcher = path.join(DIST, 'synth', 'launcher.js');
  const script = `require(${JSON.stringify(launcher)}).launch(${JSON.stringify(bundle)})`;
  return spawnSync(process.execPath, ['-e', script, '--', '--check', '--quiet', '--root', ROOT], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, HOMELAB_COMPILE_CACHE_DIR: cacheDir, ...extra },
  });
}

const ok = { status: 0, stderr: '' };
const result = (r: ReturnType<typeof synthCheck>) => ({ status: r.status, stderr: r.stderr });
const entries = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
const tmpDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `launcher-${name}-`));

describe('synth launcher', () => {
  it('a cold run writes the cache of this bundle and Node, a warm run uses it as is; both match the committed outputs', () => {
    const dir = tmpDir('cache');
    expect(result(synthCheck(dir))).toEqual(ok);
    const file = cacheFile(fs.statSync(BUNDLE), dir);
    expect(entries(dir)).toEqual([path.basename(file)]);
    expect(path.basename(file)).toContain(`-${process.version}-`);
    const written = fs.statSync(file);
    expect(result(synthCheck(dir))).toEqual(ok);
    // Accepted, so not written again.
    expect(fs.statSync(file).mtimeMs).toBe(written.mtimeMs);
  });

  it('a damaged cache is refused by V8: the run compiles from source, still matches, and writes a whole one', () => {
    const dir = tmpDir('damaged');
    expect(result(synthCheck(dir))).toEqual(ok);
    const file = cacheFile(fs.statSync(BUNDLE), dir);
    const whole = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(whole / 2));
    expect(result(synthCheck(dir))).toEqual(ok);
    // Rewritten whole (its size varies by a few bytes with what the run compiled lazily), then accepted as is.
    const rewritten = fs.statSync(file);
    expect(rewritten.size).toBeGreaterThan(whole * 0.9);
    expect(result(synthCheck(dir))).toEqual(ok);
    expect(fs.statSync(file).mtimeMs).toBe(rewritten.mtimeMs);
  });

  it('a rebuilt bundle never meets the cache of the old one, which is dropped', () => {
    const dir = tmpDir('rebuilt');
    // Beside node_modules (the bundle resolves zod/package.json from where it lies), outside dist/ (which builds sweep).
    const copyDir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'launcher-test-'));
    const copy = path.join(copyDir, 'synth.bundle.js');
    try {
      fs.copyFileSync(BUNDLE, copy);
      expect(result(synthCheck(dir, copy))).toEqual(ok);
      const first = cacheFile(fs.statSync(copy), dir);
      expect(entries(dir)).toEqual([path.basename(first)]);
      // Same size, a later mtime: what a rebuild of the same length looks like.
      const later = new Date(fs.statSync(copy).mtimeMs + 5000);
      fs.utimesSync(copy, later, later);
      const second = cacheFile(fs.statSync(copy), dir);
      expect(second).not.toBe(first);
      expect(result(synthCheck(dir, copy))).toEqual(ok);
      expect(entries(dir)).toEqual([path.basename(second)]);
    } finally {
      fs.rmSync(copyDir, { recursive: true, force: true });
    }
  });

  it('HOMELAB_COMPILE_CACHE=0 turns it off', () => {
    const dir = tmpDir('off');
    expect(result(synthCheck(dir, BUNDLE, { HOMELAB_COMPILE_CACHE: '0' }))).toEqual(ok);
    expect(entries(dir)).toEqual([]);
  });

  it('the build leaves the bundle newer than every module in dist/ and the installed packages', () => {
    const bundled = fs.statSync(BUNDLE).mtimeMs;
    const newer: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.js') && p !== BUNDLE && fs.statSync(p).mtimeMs > bundled) newer.push(p);
      }
    };
    walk(DIST);
    expect(newer).toEqual([]);
    expect(bundled).toBeGreaterThanOrEqual(fs.statSync(path.join(ROOT, 'node_modules', '.package-lock.json')).mtimeMs);
  });
});
