/**
 * The syntax check of the Ansible layer, done once (scripts/ansible-syntax.sh: every playbook and every role in one
 * ansible-playbook start), and ansible-lint without its own per-file copy of it (scripts/ansible-lint.py). On a small
 * Ansible directory: a broken role that no playbook uses still fails the check, naming its file, and the lint keeps
 * its rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, requireTool, run, tempDir, toolEnv } from '../helpers/tools';

/** An Ansible directory with ansible/'s configuration, one playbook using role `used`, and the given roles. */
function ansibleDir(roles: Record<string, string>): string {
  const dir = tempDir('ansible-syntax-');
  fs.copyFileSync(path.join(ROOT, 'ansible', 'ansible.cfg'), path.join(dir, 'ansible.cfg'));
  fs.writeFileSync(path.join(dir, 'site.yml'), '---\n- name: Site\n  hosts: localhost\n  gather_facts: false\n  roles:\n    - used\n');
  for (const [name, tasks] of Object.entries(roles)) {
    fs.mkdirSync(path.join(dir, 'roles', name, 'tasks'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'roles', name, 'tasks', 'main.yml'), tasks);
  }
  return dir;
}

const FINE = '---\n- name: Say hello\n  ansible.builtin.debug:\n    msg: hello\n';
// Valid YAML that Ansible refuses when it loads the task: two actions in one task.
const BROKEN = '---\n- name: Two actions\n  ansible.builtin.debug:\n    msg: x\n  ansible.builtin.command: echo hi\n  changed_when: false\n';

describe('ansible syntax check (one start)', () => {
  it('passes playbooks and roles that load, and counts them', () => {
    requireTool('ansible-playbook');
    const dir = ansibleDir({ used: FINE, unused: FINE });
    const r = run('bash', [path.join(ROOT, 'scripts', 'ansible-syntax.sh'), dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect({ status: r.status, out: r.stdout.trim() }).toEqual({ status: 0, out: 'ansible-syntax: ok: 1 playbooks (site.yml) and 2 roles' });
  });

  it('fails on a broken role that no playbook uses, naming its file', () => {
    requireTool('ansible-playbook');
    const dir = ansibleDir({ used: FINE, unused: BROKEN });
    const r = run('bash', [path.join(ROOT, 'scripts', 'ansible-syntax.sh'), dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/conflicting action statements/);
    expect(r.stderr).toContain('roles/unused/tasks/main.yml');
    expect(r.stderr).toContain('ansible-syntax: FAILED: a role');
  });
});

describe('ansible-lint without its syntax check (scripts/ansible-lint.py)', () => {
  it('starts no ansible-playbook (for a playbook or an imported one) and still applies the production profile', () => {
    const lint = requireTool('ansible-lint');
    const dir = ansibleDir({ used: '---\n- ansible.builtin.debug:\n    msg: hello\n' });
    fs.writeFileSync(path.join(dir, 'all.yml'), '---\n- name: All\n  ansible.builtin.import_playbook: site.yml\n');
    // An ansible-playbook first on PATH that only records that it was started.
    const bin = path.join(dir, 'bin');
    const started = path.join(dir, 'ansible-playbook-started');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'ansible-playbook'), `#!/bin/sh\necho "$*" >> ${started}\nexit 0\n`, { mode: 0o755 });
    const env = { ...toolEnv(), PATH: `${bin}:${toolEnv().PATH ?? ''}` };
    const args = ['--nocolor', '--offline', '--profile', 'production', 'all.yml', 'site.yml', 'roles'];
    // Control: ansible-lint itself starts the recorder (so the check below cannot pass because nothing is recorded).
    run(lint, args, { cwd: dir, env });
    const control = fs.existsSync(started) ? fs.readFileSync(started, 'utf8') : '';
    fs.rmSync(started, { force: true });
    const r = run(path.join(path.dirname(lint), 'python'), [path.join(ROOT, 'scripts', 'ansible-lint.py'), ...args], { cwd: dir, env });
    const starts = fs.existsSync(started) ? fs.readFileSync(started, 'utf8') : '';
    fs.rmSync(dir, { recursive: true, force: true });
    expect(control).toMatch(/--syntax-check/);
    expect(starts).toBe('');
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/name\[missing\]/);
  });
});
