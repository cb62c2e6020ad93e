/**
 * tools/pins.json is the one place of the tool and provider pins: its reader (tools/pins.ts, what scripts/tools.sh
 * evaluates), the stacks' provider requirements, and a scan proving no other file writes a pinned version down again.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main, pinProblems, readPins, shellAssignments, type Pins } from '../../tools/pins';
import { PROVIDER_PINS } from '../../stacks/providers';
import { collectingIo } from '../../scripts/lib/io';

const ROOT = path.join(__dirname, '..', '..');
const pins = readPins(ROOT);

/**
 * Files that may carry a pinned version besides tools/pins.json, and why. Everything else tracked by git is scanned.
 */
const MAY_REPEAT: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^tools\/pins\.json$/, why: 'the pins themselves' },
  {
    pattern: /^tools\/[^/]+\/go\.(mod|sum)$/,
    why: 'the Go module a tool is built from requires the same version (pin-coverage test checks they agree; Renovate groups them)',
  },
  {
    pattern: /^tools\/provider-sources\.sha256$/,
    why: 'checksums of the provider source tarballs, named by version: a bump needs new tarballs and checksums anyway',
  },
  { pattern: /^(tofu-out|k8s|docs\/diagrams)\/|__snapshots__\//, why: 'generated from the pins (synth:check keeps them equal)' },
  { pattern: /^\.gen\//, why: 'bindings generated (npm run gen) from the schemas of the pinned providers; their headers name the version' },
  {
    pattern: /^ansible\/roles\/restic_backup\/defaults\/main\.yml$/,
    why: 'the restic the role downloads onto the hosts: a deployment pin of its own (Renovate: role downloads), grouped with the tool in one PR',
  },
  { pattern: /\.md$/, why: 'prose: measurements and build logs taken at a version (docs/TOOLING.md) say which version they were taken at' },
  { pattern: /^package-lock\.json$/, why: 'npm lock file (no tool pin)' },
];

function trackedFiles(): string[] {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return r.stdout.split('\0').filter((f) => f !== '' && fs.existsSync(path.join(ROOT, f)));
}

/** Names a line must mention for a version on it to be that pin (an unrelated package at the same version is no repeat). */
function namesOf(key: string, pin: Pins['tools'][string] | Pins['providers'][string]): string[] {
  const names = new Set([key]);
  for (const ref of [
    'go' in pin ? pin.go : undefined,
    'pypi' in pin ? pin.pypi : undefined,
    'npm' in pin ? pin.npm : undefined,
    'source' in pin ? pin.source : undefined,
  ]) {
    if (ref !== undefined)
      names.add(
        ref
          .split('/')
          .filter((p) => !/^v\d+$/.test(p))
          .pop()!,
      );
  }
  return [...names];
}

function repeats(files: ReadonlyMap<string, string>, p: Pins): string[] {
  const found: string[] = [];
  const all = [...Object.entries(p.tools), ...Object.entries(p.providers)];
  for (const [file, text] of files) {
    if (MAY_REPEAT.some((m) => m.pattern.test(file))) continue;
    text.split('\n').forEach((line, i) => {
      for (const [key, pin] of all) {
        const values = [pin.version, ...('commit' in pin && pin.commit !== undefined ? [pin.commit] : [])];
        for (const v of values) {
          const at = new RegExp(`(^|[^\\w.])v?${v.replace(/[.+]/g, '\\$&')}(?![\\w.]*\\d)`).test(line);
          if (at && namesOf(key, pin).some((n) => line.toLowerCase().includes(n.toLowerCase()))) found.push(`${file}:${i + 1}: ${key} ${v}`);
        }
      }
    });
  }
  return found;
}

describe('tools/pins.json', () => {
  it('is valid: one package source per tool, exact versions, registry sources for providers', () => {
    expect(pinProblems(JSON.parse(fs.readFileSync(path.join(ROOT, 'tools', 'pins.json'), 'utf8')))).toEqual([]);
  });

  it('names the entity, the rule and the fix of a bad entry', () => {
    const bad = {
      tools: { tofu: { version: '>= 1.10' }, Kube: { go: 'x', npm: 'y', version: '1.0.0' } },
      providers: { oci: { source: 'oci', version: '8.0.0', commit: 'abc' } },
    };
    expect(pinProblems(bad)).toEqual([
      '[tools/pins.json tools.tofu] version ">= 1.10" is not an exact version — rule: pins-file — fix: pin one release, e.g. "1.2.3"',
      '[tools/pins.json tools.tofu] names 0 package sources — rule: pins-file — fix: give exactly one of go, pypi, npm (where Renovate looks it up)',
      '[tools/pins.json tools.Kube] name is not lower-case letters and digits — rule: pins-file — fix: rename it (tools.sh reads it as NAME_VERSION)',
      '[tools/pins.json tools.Kube] names 2 package sources — rule: pins-file — fix: give exactly one of go, pypi, npm (where Renovate looks it up)',
      "[tools/pins.json providers.oci] commit is not a full commit hash — rule: pins-file — fix: write the 40 hex digits of the tag's commit",
      '[tools/pins.json providers.oci] source "oci" is not namespace/type — rule: pins-file — fix: write the registry address, e.g. "bpg/proxmox"',
    ]);
    expect(pinProblems([])).toEqual(['[tools/pins.json] is not a JSON object — rule: pins-file — fix: restore its { "tools": …, "providers": … } shape']);
  });

  it('gives scripts/tools.sh one NAME_VERSION line per pin (and the commit a build needs)', () => {
    const lines = shellAssignments({
      tools: { tofu: { go: 'github.com/opentofu/opentofu', version: '1.2.3' } },
      providers: { cloudflare: { source: 'cloudflare/cloudflare', version: '5.0.0', commit: 'a'.repeat(40) } },
    }).split('\n');
    expect(lines).toEqual(['TOFU_VERSION=1.2.3', 'CLOUDFLARE_VERSION=5.0.0', `CLOUDFLARE_COMMIT=${'a'.repeat(40)}`, '']);
    const io = collectingIo(ROOT);
    expect(main(['--get', 'providers.proxmox'], io)).toBe(0);
    expect(io.stdout()).toBe(`${pins.providers.proxmox.version}\n`);
    const bad = collectingIo(ROOT);
    expect(main(['--get', 'tools.nope'], bad)).toBe(2);
    expect(bad.stderr()).toBe('pins: no pin tools.nope in tools/pins.json (tools.<name> or providers.<name>)\n');
  });

  it('is what scripts/tools.sh --list reports (the shell reads the file, installs nothing)', () => {
    const r = spawnSync('bash', ['scripts/tools.sh', '--list'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, HOMELAB_TOOLS_DIR: '/nonexistent/homelab-tools' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`tofu        OpenTofu ${pins.tools.tofu.version} (tools/opentofu)`);
    expect(r.stdout).toContain(`proxmox     bpg/proxmox ${pins.providers.proxmox.version}`);
    expect(r.stdout).toContain(`(commit ${pins.providers.cloudflare.commit};`);
    expect(r.stdout).toContain(`renovate    Renovate ${pins.tools.renovate.version} `);
  });

  it('is what the stacks require (stacks/providers.ts)', () => {
    for (const [name, pin] of Object.entries(PROVIDER_PINS))
      expect({ name, ...pin }).toEqual({ name, source: pins.providers[name].source, version: pins.providers[name].version });
    expect(Object.keys(PROVIDER_PINS).sort()).toEqual(Object.keys(pins.providers).sort());
  });

  it('is the only file that writes a pinned version down (generated outputs, go.mod and prose aside)', () => {
    const files = new Map(
      trackedFiles()
        .filter((f) => !/\.(png|svg|gz|zst|ico)$/.test(f))
        .map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')] as const),
    );
    expect(files.size).toBeGreaterThan(100);
    expect(repeats(files, pins)).toEqual([]);
  });

  it('the scan finds a repeated pin, by version and name, and not a coincidental version', () => {
    const planted = new Map([
      ['scripts/planted.sh', `X=${pins.tools.kubeconform.version}   # kubeconform\n`],
      ['tools/constraints.txt', `annotated-types==${pins.tools.kubeconform.version}\n`],
      ['__tests__/planted.test.ts', `requireProvider('bpg', 'proxmox', '${pins.providers.proxmox.version}');\n`],
    ]);
    expect(repeats(planted, pins)).toEqual([
      `scripts/planted.sh:1: kubeconform ${pins.tools.kubeconform.version}`,
      `__tests__/planted.test.ts:1: proxmox ${pins.providers.proxmox.version}`,
    ]);
  });
});
