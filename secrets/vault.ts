/**
 * Access to the one Ansible Vault through the real `ansible-vault` CLI. Plaintext only ever travels through pipes and
 * process memory: decrypt writes to stdout, encrypt reads stdin and writes ciphertext next to the vault, then renames.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

export interface VaultLocation {
  /** The encrypted vault file. */
  readonly file: string;
  /** File holding the vault password (never in the repository). */
  readonly passwordFile: string;
  /** Environment of the ansible-vault child processes (its PATH finds the tool). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Where the vault lives in the repository (model/secrets.ts names it too). */
export const VAULT_PATH = 'ansible/group_vars/all/vault.yml';
/** Default place of the vault password, outside the repository. */
export const DEFAULT_PASSWORD_FILE = path.join(os.homedir(), '.config', 'homelab-platform-stack', 'vault-password');

/** HOMELAB_VAULT_FILE / HOMELAB_VAULT_PASSWORD_FILE (or ANSIBLE_VAULT_PASSWORD_FILE) override the defaults. */
export function vaultLocation(root: string, env: NodeJS.ProcessEnv = process.env): VaultLocation {
  return {
    file: path.resolve(root, env.HOMELAB_VAULT_FILE ?? VAULT_PATH),
    passwordFile: path.resolve(env.HOMELAB_VAULT_PASSWORD_FILE ?? env.ANSIBLE_VAULT_PASSWORD_FILE ?? DEFAULT_PASSWORD_FILE),
    env,
  };
}

export class VaultError extends Error {}

function ansibleVault(loc: VaultLocation, args: readonly string[], input?: string): string {
  try {
    return execFileSync('ansible-vault', args, {
      input,
      env: loc.env ?? process.env,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new VaultError('ansible-vault is not on PATH: run scripts/tools.sh and source ~/.cache/homelab-platform-stack/env.sh');
    throw new VaultError(`ansible-vault ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

function assertReadable(loc: VaultLocation): void {
  if (!fs.existsSync(loc.file)) throw new VaultError(`vault ${loc.file} does not exist: create it with \`task secrets:edit\``);
  if (!fs.existsSync(loc.passwordFile))
    throw new VaultError(`vault password file ${loc.passwordFile} does not exist: put the vault password there (mode 0600) or set HOMELAB_VAULT_PASSWORD_FILE`);
  if (!fs.readFileSync(loc.file, 'utf8').startsWith('$ANSIBLE_VAULT;'))
    throw new VaultError(`${loc.file} is not encrypted: encrypt it with \`ansible-vault encrypt\` before anything else`);
}

/** The vault's plaintext, in memory. */
export function decryptVault(loc: VaultLocation): string {
  assertReadable(loc);
  return ansibleVault(loc, ['decrypt', '--vault-password-file', loc.passwordFile, '--output', '-', loc.file]);
}

/** The vault's values, parsed. */
export function readVault(loc: VaultLocation): Record<string, unknown> {
  const text = decryptVault(loc);
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new VaultError(`the decrypted vault is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new VaultError('the decrypted vault is not a YAML mapping of keys to values');
  return value as Record<string, unknown>;
}

/** Encrypts `plaintext` into the vault file: ciphertext is written to a sibling and renamed over the vault. */
export function writeVault(loc: VaultLocation, plaintext: string): void {
  const cipher = ansibleVault(loc, ['encrypt', '--vault-password-file', loc.passwordFile, '--output', '-', '-'], plaintext);
  if (!cipher.startsWith('$ANSIBLE_VAULT;')) throw new VaultError('ansible-vault encrypt returned no ciphertext; the vault was left unchanged');
  const tmp = `${loc.file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, cipher, { mode: 0o600 });
  fs.renameSync(tmp, loc.file);
}
