/**
 * A plaintext Ansible Vault never reaches git: the real vault is ignored, and scripts/vault-guard.sh (pre-commit hook
 * from `task hooks:install`, and this test over the repository's own index) refuses any vault file that is not
 * `$ANSIBLE_VAULT;` encrypted. Runs real git in a scratch repository.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, TEST_VAULT, run, tempDir } from '../helpers/tools';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.invalid',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
const VAULT = 'ansible/group_vars/all/vault.yml';

function scratchRepo(): string {
  const dir = tempDir('vault-guard-');
  const git = (...args: string[]) => run('git', args, { cwd: dir, env: GIT_ENV });
  expect(git('init', '-q').status).toBe(0);
  fs.mkdirSync(path.join(dir, 'scripts'));
  for (const s of ['vault-guard.sh', 'install-hooks.sh']) fs.copyFileSync(path.join(ROOT, 'scripts', s), path.join(dir, 'scripts', s));
  fs.copyFileSync(path.join(ROOT, '.gitignore'), path.join(dir, '.gitignore'));
  fs.mkdirSync(path.join(dir, path.dirname(VAULT)), { recursive: true });
  return dir;
}

describe('plaintext vault guard', () => {
  it('the real vault path is ignored by git', () => {
    const dir = scratchRepo();
    fs.writeFileSync(path.join(dir, VAULT), fs.readFileSync(TEST_VAULT));
    const r = run('git', ['check-ignore', VAULT], { cwd: dir, env: GIT_ENV });
    expect(r.stdout.trim()).toBe(VAULT);
    expect(r.status).toBe(0);
  });

  it('compliant: this repository tracks no unencrypted vault file', () => {
    const r = run('bash', [path.join(ROOT, 'scripts', 'vault-guard.sh')], { cwd: ROOT, env: GIT_ENV });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^vault-guard: \d+ vault file\(s\) in the index, all encrypted/);
    expect(r.status).toBe(0);
  });

  it('non-compliant: the pre-commit hook refuses a force-added plaintext vault and lets the encrypted one through', () => {
    const dir = scratchRepo();
    const git = (...args: string[]) => run('git', args, { cwd: dir, env: GIT_ENV });
    const hook = run('bash', ['scripts/install-hooks.sh'], { cwd: dir, env: GIT_ENV });
    expect(hook.stdout).toContain('pre-commit hook installed');
    expect(hook.status).toBe(0);

    fs.writeFileSync(path.join(dir, VAULT), 'domain: home.example.org\nk3s_token: not-for-git\n');
    expect(git('add', '-f', VAULT).status).toBe(0);
    const refused = git('commit', '-q', '-m', 'vault');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`vault-guard: ${VAULT} is not encrypted`);
    const guard = run('bash', ['scripts/vault-guard.sh', '--staged'], { cwd: dir, env: GIT_ENV });
    expect(guard.status).toBe(1);

    fs.copyFileSync(TEST_VAULT, path.join(dir, VAULT));
    expect(git('add', '-f', VAULT).status).toBe(0);
    const accepted = git('commit', '-q', '-m', 'vault, encrypted');
    expect(accepted.stderr).toContain('1 vault file(s) in the index, all encrypted');
    expect(accepted.status).toBe(0);
    expect(run('bash', ['scripts/vault-guard.sh'], { cwd: dir, env: GIT_ENV }).stdout).toContain('1 vault file(s) in the index, all encrypted');
  });
});
