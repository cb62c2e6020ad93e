/** Real tools for the tests: the pinned toolchain from scripts/tools.sh, found the way scripts/tools-env.sh finds it. */
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_DIR = process.env.HOMELAB_TOOLS_DIR ?? path.join(os.homedir(), '.cache', 'homelab-platform-stack');

/**
 * The environment with the tool cache first on PATH and the offline provider mirror configured (what
 * scripts/tools-env.sh sets), without the vault settings of whoever runs the tests.
 */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { ANSIBLE_VAULT_PASSWORD_FILE: _a, HOMELAB_VAULT_FILE: _b, HOMELAB_VAULT_PASSWORD_FILE: _c, ...env } = process.env;
  return {
    ...env,
    HOMELAB_TOOLS_DIR: TOOLS_DIR,
    PATH: `${path.join(TOOLS_DIR, 'bin')}:${path.join(TOOLS_DIR, 'venv', 'bin')}:${process.env.PATH ?? ''}`,
    TF_CLI_CONFIG_FILE: path.join(TOOLS_DIR, 'tofurc'),
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    NO_COLOR: '1',
    ...extra,
  };
}

/** Throws (the test fails, loudly) when a tool is not installed: a check that cannot run never passes. */
export function requireTool(name: string): string {
  for (const dir of [path.join(TOOLS_DIR, 'bin'), path.join(TOOLS_DIR, 'venv', 'bin')]) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`NOT VALIDATED: ${name} is not installed in ${TOOLS_DIR}: run scripts/tools.sh`);
}

export function run(cmd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? toolEnv(),
    input: opts.input,
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The encrypted test vault: ansible/vault.example.yml encrypted with the test password, made at test time (jest's global setup runs scripts/test-vault.sh). */
export const TEST_VAULT = path.join(ROOT, '.tmp', 'test-vault', 'test-vault.yml');
export const TEST_VAULT_PASSWORD = path.join(ROOT, '__tests__', 'fixtures', 'vault', 'test-vault-password');

/**
 * The binary of provider `ns/type` `version` in the filesystem mirror of scripts/tools.sh; throws (the test fails,
 * loudly) when it is not there: a stack whose provider is missing is NOT VALIDATED, never passed.
 */
export function requireProvider(ns: string, type: string, version: string): string {
  const dir = path.join(TOOLS_DIR, 'mirror', 'registry.opentofu.org', ns, type, version);
  const found = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .map((arch) => path.join(dir, arch, `terraform-provider-${type}_v${version}`))
        .find((f) => fs.existsSync(f))
    : undefined;
  if (!found) throw new Error(`NOT VALIDATED: provider ${ns}/${type} ${version} is not in ${path.join(TOOLS_DIR, 'mirror')}: run scripts/tools.sh`);
  return found;
}
