/**
 * The Python tools are installed hash-checked (pip --require-hashes --only-binary=:all:): every pin of
 * tools/constraints.txt carries its hashes, and every top-level requirement is pinned there at the same version.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (f: string): string => fs.readFileSync(path.join(ROOT, 'tools', f), 'utf8');
const pins = (text: string): Map<string, string> =>
  new Map(
    text
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((l) => /^([A-Za-z0-9._-]+)==(\S+)/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1].toLowerCase().replace(/[-_.]+/g, '-'), m[2]]),
  );

describe('tools/constraints.txt', () => {
  it('has hashes for every pin (scripts/pip-hashes.py --check)', () => {
    const r = spawnSync('python3', [path.join(ROOT, 'scripts', 'pip-hashes.py'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^pip-hashes: \d+ pins, each with its hashes/);
    expect(r.status).toBe(0);
  });

  it('pins every requirement of tools/requirements.txt at the same version, and pip itself', () => {
    const constraints = pins(read('constraints.txt'));
    for (const [name, version] of pins(read('requirements.txt'))) expect(`${name}==${constraints.get(name)}`).toBe(`${name}==${version}`);
    expect(constraints.get('pip')).toMatch(/^\d+\.\d+/);
  });

  it('scripts/tools.sh installs with --require-hashes and wheels only, pip first from its pinned entry', () => {
    const tools = fs.readFileSync(path.join(ROOT, 'scripts', 'tools.sh'), 'utf8');
    expect(tools).toContain('pip install --disable-pip-version-check --require-hashes --only-binary=:all: -r "$req" -c "$con"');
    expect(tools).toContain('--require-hashes --only-binary=:all: -r "$DIR/venv/pip-pin.txt"');
    expect(tools).not.toMatch(/--upgrade pip/);
  });
});
