/**
 * scripts/check-pipes.js: no pipeline of the repo's scripts can fail by SIGPIPE (issue 12: `tofu version | tee -a log |
 * grep -qF` failed `npm run tools` in 4 of 30 runs).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { scanText } = require('../../scripts/check-pipes.js') as { scanText: (t: string) => { line: number; why: string }[] };

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'check-pipes.js');

describe('the hazard is real', () => {
  it('a producer that keeps writing into `head` fails the pipeline under pipefail (exit 141, SIGPIPE)', () => {
    const r = spawnSync('bash', ['-c', 'set -o pipefail; yes | head -n1 >/dev/null; echo "rc=$?"'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('rc=141');
  });
  it('the here-string form of the same test cannot fail that way', () => {
    const r = spawnSync('bash', ['-c', 'set -o pipefail; out="$(seq 1 100000)"; grep -q "^1$" <<<"$out"; echo "rc=$?"'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('rc=0');
  });
});

describe('scripts/check-pipes.js', () => {
  it('finds no SIGPIPE-prone pipeline in scripts/, .ci/, Taskfile.yml and ansible/', () => {
    const r = spawnSync('node', [SCRIPT], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^check-pipes: \d+ files, no SIGPIPE-prone pipeline/);
    expect(r.status).toBe(0);
  });

  it('fails on a planted `tee | grep -q` (the tools.sh failure of issue 12), naming file, line and fix', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-pipes-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'planted.sh'),
        '#!/usr/bin/env bash\nset -euo pipefail\n"$BIN/tofu" version | tee -a "$LOGS/tofu.log" | grep -qF "$want" || return 1\n',
      );
      const r = spawnSync('node', [SCRIPT, dir], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('planted.sh:3: grep -qF stops at the first match');
      expect(r.stderr).toContain('rule: no-early-exit-pipe');
      expect(r.stderr).toContain('fix: feed it a here-string');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['grep -q after a producer', 'printf "%s\\n" "$out" | grep -q x'],
    ['grep -Eq in a condition', 'if cmd | grep -Eq "a|b"; then :; fi'],
    ['grep -m1', 'cmd | grep -m1 x'],
    ['grep --quiet', 'cmd | grep --quiet x'],
    ['head -n1', 'got=$(awk "{print}" f | head -n1)'],
    ['head inside a quoted command substitution', 'echo "first: $(printf "%s" "$x" | head -n1)"'],
    ['sed q', 'cmd | sed 1q'],
    ['awk exit', "cmd | awk '{print; exit}'"],
    ['a pipeline continued on the next line', 'cmd |\n  grep -q x'],
    ['a shell task of a playbook', '    ansible.builtin.shell: set -o pipefail && dpkg -l | grep -q nftables'],
  ])('flags %s', (_what, text) => {
    expect(scanText(text).length).toBe(1);
  });

  it.each([
    ['a here-string', 'grep -q x <<<"$out"'],
    ['a file argument', 'grep -qF "$want" "$log"'],
    ['grep that reads to the end', 'cmd | grep -F x >/dev/null'],
    ['sed -n 1p', 'cmd | sed -n 1p'],
    ['awk NR==1', "cmd | awk 'NR==1'"],
    ['|| after a producer', 'cmd || head -n1 f'],
    ['a pipe character inside quotes', 'echo "a | head" | cat'],
    ['a comment', 'cmd  # then | head -n1'],
    ['a line marked sigpipe-safe with its reason', 'printf x | head -c1  # sigpipe-safe: a single write smaller than the pipe buffer'],
  ])('accepts %s', (_what, text) => {
    expect(scanText(text)).toEqual([]);
  });
});
