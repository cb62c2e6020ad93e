/**
 * No secret in any generated file: scans tofu-out/, k8s/, ansible/inventory/, lxc-configs/ and docs/ (on disk, as
 * committed, and as a fresh synth builds them) for IP literals, literal VLAN IDs, the vault's domain and values, and
 * token-like strings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { homelab } from '../../homelab';
import { synthesize } from '../../synth';
import { exampleValues } from '../../secrets/example';
import { ROOT } from '../helpers/tools';
import { NON_INTERNET_RANGES } from '../../charts/lib/network';

const SCANNED_DIRS = ['tofu-out', 'k8s', 'ansible/inventory', 'lxc-configs', 'docs'];

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
  readonly text: string;
}

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![\w.])/g;
const IPV6 =
  /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4})?|::(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})(?:\/\d{1,3})?(?![\w:])/gi;
/** IANA special-purpose ranges (RFC 1918, 6598, 3927 …) that egress policies leave out: public facts, not this homelab's. */
const PUBLIC_SPECIAL_RANGES: readonly string[] = NON_INTERNET_RANGES;
const VLAN_LITERAL = /["']?\b(?:vlan(?:[_-]?id)?|vlan[_-]?tag|tag)\b["']?\s*[:=]\s*\d+/gi;
const TOKENS: readonly (readonly [string, RegExp])[] = [
  ['aws-access-key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g],
  ['github-token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g],
  ['private-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/g],
  ['jwt', /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./g],
  ['cloudflare-tunnel-token', /\beyJh[A-Za-z0-9+/=]{40,}/g],
];
/** Long mixed-case alphanumeric runs (40+ chars, upper, lower and digits): what API tokens and keys look like. */
const HIGH_ENTROPY = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40,}(?![A-Za-z0-9+/_-])/g;
/** cdktf logical IDs (`<construct-path>_<8 upper-hex hash>`) are long but not secret. */
const CDKTF_LOGICAL_ID = /^[a-z0-9][a-z0-9_-]*_[0-9A-F]{8}$/;
/** Stable device paths of Proxmox VM disks (naming proxmoxScsiDiskById): a fixed QEMU prefix and the drive id, no secret. */
const QEMU_DISK_BY_ID = /^\/dev\/disk\/by-id\/scsi-0QEMU_QEMU_HARDDISK_drive-scsi\d+$/;

/** Values of the example vault (and so of the test vault) that must never reach a generated file. */
function vaultValues(): string[] {
  const out: string[] = [];
  for (const v of exampleValues(homelab).values()) for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string' && s.length >= 6) out.push(s);
  return out;
}

export function scan(file: string, text: string, values: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    const add = (kind: string, t: string) => findings.push({ file, line: i + 1, kind, text: t });
    for (const m of line.matchAll(IPV4))
      if (
        m[0] !== '0.0.0.0/0' &&
        !PUBLIC_SPECIAL_RANGES.includes(m[0]) &&
        m[0]
          .split('/')[0]
          .split('.')
          .every((o) => Number(o) <= 255)
      )
        add('ipv4', m[0]);
    for (const m of line.matchAll(IPV6)) if (m[0] !== '::/0' && /[0-9a-f]/i.test(m[0])) add('ipv6', m[0]);
    for (const m of line.matchAll(VLAN_LITERAL)) add('vlan-id', m[0]);
    for (const [kind, re] of TOKENS) for (const m of line.matchAll(re)) add(kind, m[0]);
    for (const m of line.matchAll(HIGH_ENTROPY))
      if (/[A-Z]/.test(m[0]) && /[a-z]/.test(m[0]) && /\d/.test(m[0]) && !CDKTF_LOGICAL_ID.test(m[0]) && !QEMU_DISK_BY_ID.test(m[0])) add('token-like', m[0]);
    for (const v of values) if (line.includes(v)) add('vault-value', v);
  });
  return findings;
}

function listFiles(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(`${rel}/${e.name}`) : [`${rel}/${e.name}`]));
}

function format(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}: ${f.kind}: ${f.text}`);
}

describe('no secret in generated files', () => {
  const values = vaultValues();

  it('holds for every committed generated file', () => {
    const files = SCANNED_DIRS.flatMap(listFiles);
    expect(files.length).toBeGreaterThan(5);
    expect(files).toEqual(expect.arrayContaining(['ansible/inventory/hosts.yml', 'docs/NAMING_CONVENTION.md']));
    expect(format(files.flatMap((f) => scan(f, fs.readFileSync(path.join(ROOT, f), 'utf8'), values)))).toEqual([]);
  });

  it('holds for a fresh synth', () => {
    const { files } = synthesize(homelab);
    const generated = [...files].filter(([f]) => SCANNED_DIRS.some((d) => f.startsWith(`${d}/`)));
    expect(format(generated.flatMap(([f, t]) => scan(f, t, values)))).toEqual([]);
  });

  it('catches each kind of leak (non-compliant samples)', () => {
    const sample = [
      'ansible_host: 192.0.2.10',
      'cidr: 198.51.100.0/24',
      'address: 2001:db8::1',
      '"vlan_id": 20',
      'tag: 30',
      'hostname: grafana.example.net',
      'key: AKIAIOSFODNN7EXAMPLE',
      // The two below are assembled at run time so that this file holds no credential-shaped literal for gitleaks.
      ['token: eyJhIjoiMTIz', 'NDU2Nzg5MGFi', 'Y2RlZjEyMzQ1Njc4', 'OTBhYmNkZWYiLCJ0', 'IjoiYWJjIn0'].join(''),
      ['secret: wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY1234'].join('/'),
      '-----BEGIN OPENSSH PRIVATE KEY-----',
    ].join('\n');
    const kinds = new Set(scan('sample', sample, values).map((f) => f.kind));
    expect([...kinds].sort()).toEqual(
      ['aws-access-key', 'cloudflare-tunnel-token', 'ipv4', 'ipv6', 'private-key', 'token-like', 'vault-value', 'vlan-id'].sort(),
    );
  });

  it('lets through what is not a secret', () => {
    const ok = [
      '"resource": "security-group-k8s-control-plane_group_FBFA3796"',
      'ingress: 0.0.0.0/0',
      'answer: "{{ address_adguard_01_styx_servers_vlan }}"',
      'version: v1.31.6+k3s1',
      'image: docker.io/grafana/grafana:12.1.1',
      'vlan_id: "{{ vlan_id_styx_servers_vlan }}"',
      'time: "0 3 * * *"',
      'device: /dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1',
    ].join('\n');
    expect(format(scan('ok', ok, values))).toEqual([]);
  });
});
