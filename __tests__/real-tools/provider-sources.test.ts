/**
 * scripts/tools.sh and the provider source tarballs (cloudflare, oci): where they are absent the script says so and
 * leaves the providers to the public registry; a tarball whose sha256 differs from the pin is never unpacked.
 * Each run uses its own empty cache dir and builds nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, run, tempDir } from '../helpers/tools';
import { readPins } from '../../tools/pins';

const { providers } = readPins(ROOT);

function tools(env: Record<string, string>, only: string): { status: number | null; stdout: string; cache: string } {
  const cache = tempDir('tools-cache-');
  const r = run('bash', ['scripts/tools.sh', '--only', only], { env: { ...process.env, HOMELAB_TOOLS_DIR: cache, ...env } });
  return { status: r.status, stdout: `${r.stdout}${r.stderr}`, cache };
}

describe('scripts/tools.sh: providers built from ../shared/provider-src', () => {
  it('without provider sources: says so, reports UNAVAILABLE, exits 0 and leaves tofu to the public registry', () => {
    const r = tools({ HOMELAB_PROVIDER_SRC: path.join(tempDir('no-src-'), 'absent') }, 'cloudflare,oci');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/cloudflare: no provider sources \(.+\/absent\): tofu uses the public registry for cloudflare\/cloudflare/);
    expect(r.stdout).toMatch(/oci: no provider sources \(.+\/absent\): tofu uses the public registry for oracle\/oci/);
    expect(r.stdout).toMatch(/unavailable=\[cloudflare oci\] failed=\[\]/);
    expect(fs.readFileSync(path.join(r.cache, 'tofurc'), 'utf8')).toMatch(/provider_installation \{\n {2}direct \{\}\n\}/);
  });

  it('a tarball that does not match the pinned sha256 fails the run, naming the pin, and nothing is unpacked', () => {
    const src = tempDir('bad-src-');
    fs.writeFileSync(path.join(src, `terraform-provider-cloudflare-${providers.cloudflare.version}.tar.gz`), 'not the upstream tarball\n');
    const r = tools({ HOMELAB_PROVIDER_SRC: src }, 'cloudflare');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/cloudflare: FAILED/);
    expect(r.stdout).toMatch(
      /sha256 [0-9a-f]{64} does not match the pin 30ae35b39bee2598e30d87671c564737abe8b7cfc882449171cf15b9d0fcbdeb in tools\/provider-sources\.sha256/,
    );
    expect(fs.existsSync(path.join(r.cache, 'build', `cloudflare-${providers.cloudflare.version}`, 'src'))).toBe(false);
  });

  it('pins one sha256 per tarball, in one file', () => {
    const pins = fs
      .readFileSync(path.join(ROOT, 'tools', 'provider-sources.sha256'), 'utf8')
      .trim()
      .split('\n');
    expect(pins.map((l) => l.split(/\s+/)[1])).toEqual([
      `terraform-provider-cloudflare-${providers.cloudflare.version}.tar.gz`,
      `terraform-provider-oci-${providers.oci.version}.tar.gz`,
    ]);
    for (const l of pins) expect(l).toMatch(/^[0-9a-f]{64} {2}\S+$/);
  });
});
