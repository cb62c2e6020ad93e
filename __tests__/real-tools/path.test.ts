/**
 * After the README's two commands (`npm ci && npm run synth`, `npm run tools && npm test`), what the README runs works in
 * a new shell (issue 12: `task: command not found` until one sourced the cache's env.sh): the Debian packages are
 * installed, `task` and `ansible-vault` are linked onto PATH, and `npm run task -- …` works without any of it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, TOOLS_DIR, requireTool } from '../helpers/tools';

/** A new login shell's environment: the system PATH only, nothing of the tool cache, no npm. */
const NEW_SHELL_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const newShell = (script: string) =>
  spawnSync('env', ['-i', `HOME=${os.homedir()}`, `PATH=${NEW_SHELL_PATH}`, 'bash', '-c', script], { cwd: ROOT, encoding: 'utf8' });

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'path-test-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('after npm run tools', () => {
  it('the Debian packages of its table are installed (the apt item passes, also without root)', () => {
    fs.chmodSync(tmp, 0o777);
    const r = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        'env',
        `HOME=${tmp}`,
        `HOMELAB_TOOLS_DIR=${path.join(tmp, 'cache')}`,
        'bash',
        'scripts/tools.sh',
        '--only',
        'apt',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stdout).toMatch(/apt: already installed, skipped/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 0 failed');
    expect(r.status).toBe(0);
  });

  it('task and ansible-vault run in a new shell that never sourced env.sh', () => {
    requireTool('task');
    requireTool('ansible-vault');
    const r = newShell('command -v task && task --version && command -v ansible-vault && ansible-vault --version');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/3\.54\.0/);
    expect(r.stdout).toMatch(/^ansible-vault \[core 2\.19\.\d+\]/m);
    expect(r.status).toBe(0);
  });

  it('the links item links task and ansible-vault into the chosen bin directory (TOOLS_LINK_DIR), pointing into the cache', () => {
    const dir = path.join(tmp, 'bin');
    const r = spawnSync('bash', ['scripts/tools.sh', '--only', 'links'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TOOLS_LINK_DIR: dir, HOMELAB_TOOLS_DIR: TOOLS_DIR },
    });
    expect(r.status).toBe(0);
    expect(fs.readlinkSync(path.join(dir, 'task'))).toBe(path.join(TOOLS_DIR, 'bin', 'task'));
    expect(fs.readlinkSync(path.join(dir, 'ansible-vault'))).toBe(path.join(TOOLS_DIR, 'venv', 'bin', 'ansible-vault'));
    const v = spawnSync('env', ['-i', `PATH=${dir}:/usr/bin:/bin`, 'bash', '-c', 'ansible-vault --version >/dev/null && task --version'], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/3\.54\.0/);
  });

  it('prefers ~/.local/bin when it is on PATH, and leaves a file that is not its link alone', () => {
    const home = path.join(tmp, 'home');
    fs.mkdirSync(path.join(home, '.local', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(home, '.local', 'bin', 'ansible-vault'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      HOMELAB_TOOLS_DIR: TOOLS_DIR,
      PATH: `${path.join(home, '.local', 'bin')}:${process.env.PATH ?? ''}`,
    };
    delete env.TOOLS_LINK_DIR;
    const r = spawnSync('bash', ['scripts/tools.sh', '--only', 'links'], { cwd: ROOT, encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(fs.readlinkSync(path.join(home, '.local', 'bin', 'task'))).toBe(path.join(TOOLS_DIR, 'bin', 'task'));
    expect(fs.readFileSync(path.join(home, '.local', 'bin', 'ansible-vault'), 'utf8')).toContain('echo mine');
    expect(r.stdout).toContain(`links: ${path.join(home, '.local', 'bin', 'ansible-vault')} exists and is not a link: left alone`);
  });

  it('with no bin directory to link into, it says how to run the README commands instead', () => {
    const r = spawnSync('bash', ['scripts/tools.sh', '--only', 'links'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TOOLS_LINK_DIR: 'none', HOMELAB_TOOLS_DIR: TOOLS_DIR },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("use 'npm run task -- <task>'");
  });

  it('npm run task -- … works without task on PATH', () => {
    requireTool('task');
    const r = spawnSync(
      'env',
      [
        '-i',
        `HOME=${os.homedir()}`,
        `PATH=${path.dirname(process.execPath)}:${NEW_SHELL_PATH.split(':')
          .filter((d) => !fs.existsSync(path.join(d, 'task')))
          .join(':')}`,
        'npm',
        'run',
        '--silent',
        'task',
        '--',
        '--list',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stdout).toMatch(/\* bootstrap: /);
    expect(r.stdout).toMatch(/\* secrets:check: /);
    expect(r.status).toBe(0);
  });
});
