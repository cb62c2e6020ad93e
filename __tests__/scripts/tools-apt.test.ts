/**
 * scripts/tools.sh, the Debian packages the tests need (issue 12: the README's `npm run tools && npm test` did not
 * install chromium and nftables): one table, installed as root, otherwise a stop at once with the exact command.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const TOOLS = path.join(ROOT, 'scripts', 'tools.sh');
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tools-apt-'));
  fs.chmodSync(tmp, 0o777);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * A copy of scripts/tools.sh whose APT_PACKAGES table has one more row (a package no machine has), in a repo of links
 * to the real one (tools.sh reads its pins from tools/pins.json through scripts/run-ts.js).
 */
function toolsWithMissingPackage(): string {
  const dir = path.join(tmp, 'repo', 'scripts');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(path.join(ROOT, 'scripts')).filter((x) => x !== 'tools.sh')) fs.symlinkSync(path.join(ROOT, 'scripts', f), path.join(dir, f));
  for (const d of ['tools', 'node_modules']) fs.symlinkSync(path.join(ROOT, d), path.join(tmp, 'repo', d));
  const text = fs.readFileSync(TOOLS, 'utf8');
  expect(text).toMatch(/^APT_PACKAGES=\($/m);
  const planted = text.replace(/^APT_PACKAGES=\($/m, 'APT_PACKAGES=(\n  "homelab-no-such-package  homelab-no-such-command  a planted row of the test"');
  fs.writeFileSync(path.join(dir, 'tools.sh'), planted, { mode: 0o755 });
  fs.chmodSync(path.join(tmp, 'repo'), 0o755);
  return path.join(dir, 'tools.sh');
}

describe('scripts/tools.sh: Debian packages', () => {
  it('lists the packages of its one table', () => {
    const r = spawnSync('bash', [TOOLS, '--list'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^apt +Debian packages: chromium nftables/m);
  });

  it('not root and a package missing: stops at once (nothing built) with the exact apt-get command', () => {
    const script = toolsWithMissingPackage();
    const r = spawnSync('setpriv', [...NOBODY, 'env', `HOME=${tmp}`, `HOMELAB_TOOLS_DIR=${path.join(tmp, 'cache')}`, 'bash', script], {
      encoding: 'utf8',
      cwd: tmp,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('missing Debian packages: homelab-no-such-package');
    expect(r.stdout).toContain(
      "run as root:  sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends homelab-no-such-package",
    );
    expect(r.stdout).toContain('stopped: the Debian packages come first');
    expect(r.stdout).not.toMatch(/tofu: start|venv: runs/);
  });
});
