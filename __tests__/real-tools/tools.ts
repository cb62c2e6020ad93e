/**
 * The real toolchain for tests (built by `npm run tools` into the cache outside the repo). A missing tool fails the
 * test that needs it with the command to install it — never a skip reported as a pass.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync, type SpawnSyncReturns } from 'child_process';

export const REPO = path.resolve(__dirname, '../..');
export const TOOLS_DIR = process.env.HOMELAB_TOOLS_DIR ?? path.join(os.homedir(), '.cache/homelab-platform-stack');

/** Environment with the cached tools first on PATH and the offline provider mirror configured. */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOMELAB_TOOLS_DIR: TOOLS_DIR,
    PATH: `${path.join(TOOLS_DIR, 'bin')}:${path.join(TOOLS_DIR, 'venv/bin')}:${process.env.PATH ?? ''}`,
    TF_CLI_CONFIG_FILE: path.join(TOOLS_DIR, 'tofurc'),
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    ...extra,
  };
}

/** Absolute path of a cached tool; throws with the fix when it is missing. */
export function requireTool(name: string): string {
  for (const dir of ['bin', 'venv/bin']) {
    const p = path.join(TOOLS_DIR, dir, name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`${name} is not installed in ${TOOLS_DIR}: run \`npm run tools\` (docs/TOOLING.md)`);
}

export function run(cmd: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: options.cwd ?? REPO, env: toolEnv(options.env), encoding: 'utf8', timeout: options.timeoutMs ?? 600_000, maxBuffer: 64 * 1024 * 1024 });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
