/**
 * The compiled-code cache of the synth (synth/compile-cache.ts): a cold and a warm run produce exactly the committed
 * outputs (synth --check), it is written only by the synth process, and it can be turned off.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { enableCompileCache, nodeCompileCache } from '../../synth/compile-cache';

const ROOT = path.join(__dirname, '..', '..');

function synthCheck(cacheDir: string, extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-synth.js'), '--check', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, HOMELAB_COMPILE_CACHE_DIR: cacheDir, ...extra },
  });
}

const cacheFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.endsWith('.tmp')) : []);

describe('compile cache', () => {
  it('a cold run writes it, a warm run reads it, and both synthesize exactly the committed outputs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-cache-'));
    const cold = synthCheck(dir);
    expect({ status: cold.status, stderr: cold.stderr }).toEqual({ status: 0, stderr: '' });
    const written = cacheFiles(dir);
    // node/ (Node's own cache) on Node ≥ 22.1; none on Node 20, which has no compile cache (npm test runs this on both).
    expect(written).toEqual(typeof nodeCompileCache === 'function' ? ['node'] : []);
    const warm = synthCheck(dir);
    expect({ status: warm.status, stderr: warm.stderr }).toEqual({ status: 0, stderr: '' });
    expect(cacheFiles(dir)).toEqual(written);
  });

  it('HOMELAB_COMPILE_CACHE=0 turns it off', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-cache-off-'));
    expect(synthCheck(dir, { HOMELAB_COMPILE_CACHE: '0' }).status).toBe(0);
    expect(cacheFiles(dir)).toEqual([]);
  });

  it('stays off in a process that is not the synth (this test imported it)', () => {
    expect(enableCompileCache()).toBe(false);
  });
});
