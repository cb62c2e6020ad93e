/** Secret hygiene over the whole repository with a real scanner (gitleaks, built from its Go module). */
import * as fs from 'fs';
import { TEST_VAULT, requireTool, run, tempDir } from '../helpers/tools';

describe('secret scanner', () => {
  it('gitleaks finds no secret in the repository', () => {
    const gitleaks = requireTool('gitleaks');
    const r = run(gitleaks, ['dir', '.', '--config', '.gitleaks.toml', '--no-banner', '--redact', '--no-color', '--verbose', '--exit-code', '1']);
    const findings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^(File|RuleID|Line):/.test(l));
    expect(findings).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/no leaks found/);
  });

  it('flags a plaintext Ansible Vault (rule ansible-vault-plaintext), not the encrypted one', () => {
    const gitleaks = requireTool('gitleaks');
    const dir = tempDir('gitleaks-vault-');
    fs.mkdirSync(`${dir}/ansible/group_vars/all`, { recursive: true });
    fs.writeFileSync(`${dir}/ansible/group_vars/all/vault.yml`, 'domain: home.example.org\n');
    const plain = run(gitleaks, ['dir', dir, '--config', '.gitleaks.toml', '--no-banner', '--no-color', '--verbose', '--exit-code', '1']);
    expect(plain.stdout).toContain('ansible-vault-plaintext');
    expect(plain.status).toBe(1);
    fs.copyFileSync(TEST_VAULT, `${dir}/ansible/group_vars/all/vault.yml`);
    const encrypted = run(gitleaks, ['dir', dir, '--config', '.gitleaks.toml', '--no-banner', '--no-color', '--exit-code', '1']);
    expect(encrypted.stderr).toMatch(/no leaks found/);
    expect(encrypted.status).toBe(0);
  });

  it('the scanner is live: it flags a planted credential', () => {
    const gitleaks = requireTool('gitleaks');
    const dir = tempDir('gitleaks-probe-');
    // Built at run time from random characters, so this file holds no credential-shaped literal itself.
    const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    const keyId = ['AK', 'IA'].join('') + pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
    fs.writeFileSync(`${dir}/leak.env`, `aws_access_key_id=${keyId}\n`);
    const r = run(gitleaks, ['dir', dir, '--no-banner', '--no-color', '--exit-code', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/leaks found: [1-9]/);
  });
});
