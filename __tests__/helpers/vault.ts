/** Vault variants for tests that need a vault `task secrets:check` accepts (real-looking values, never the example's). */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, TEST_VAULT_PASSWORD, run } from './tools';

/** The example's values made real-looking: private ranges instead of documentation ranges, another domain, no FAKE. */
export function realLooking(text: string): string {
  return text
    .replace(/192\.0\.2\./g, '10.20.2.')
    .replace(/198\.51\.100\./g, '10.51.100.')
    .replace(/203\.0\.113\./g, '10.113.113.')
    .replace(/example\.net/g, 'home.example.org')
    .replace(/FAKE/g, 'REAL')
    .replace(/fake/g, 'real');
}

/** ansible/vault.example.yml with real-looking values, encrypted with the test password into `dir`. */
export function realLookingVault(dir: string): string {
  const file = path.join(dir, 'real-vault.yml');
  const plain = realLooking(fs.readFileSync(path.join(ROOT, 'ansible', 'vault.example.yml'), 'utf8'));
  const r = run('ansible-vault', ['encrypt', '--vault-password-file', TEST_VAULT_PASSWORD, '--output', file, '-'], { input: plain });
  if (r.status !== 0) throw new Error(`ansible-vault encrypt failed: ${r.stderr}`);
  return file;
}
