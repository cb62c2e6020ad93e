/**
 * scripts/validate.sh: is each provider a stack requires in the local filesystem mirror, at a version its constraint
 * allows? One line per provider:
 *
 *   OK <host>/<ns>/<type> <version in the mirror>
 *   MISSING<TAB><ns>/<type><TAB><constraint><TAB><host>[<TAB>mirror has: …]
 *
 *   check STACK_JSON MIRROR_DIR
 */
import * as fs from 'fs';
import * as path from 'path';
import { usage, type ScriptIo } from './io';

interface Version {
  readonly n: readonly [number, number, number];
  /** How many of major.minor.patch were written (`~>` reads it). */
  readonly parts: number;
  readonly pre: string;
}

export function parseVersion(s: string): Version | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?/.exec(s.trim().replace(/^v/, ''));
  if (!m) return undefined;
  return {
    n: [Number(m[1]), Number(m.at(2) ?? 0), Number(m.at(3) ?? 0)],
    parts: [m.at(2), m.at(3)].filter((x) => x !== undefined).length + 1,
    pre: m.at(4) ?? '',
  };
}

export function compareVersions(a: Pick<Version, 'n' | 'pre'>, b: Pick<Version, 'n' | 'pre'>): number {
  for (let i = 0; i < 3; i++) if (a.n[i] !== b.n[i]) return a.n[i] < b.n[i] ? -1 : 1;
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** OpenTofu version constraints: `=`, `!=`, `>`, `>=`, `<`, `<=`, `~>`, comma-separated; none allows any release. */
export function satisfies(version: string, constraint: string | undefined): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  if (constraint === undefined || constraint.trim() === '') return v.pre === '';
  return constraint.split(',').every((raw) => {
    const m = /^(~>|>=|<=|!=|=|>|<)?\s*(.+)$/.exec(raw.trim());
    if (!m) return false;
    const c = parseVersion(m[2]);
    if (!c) return false;
    const r = compareVersions(v, c);
    switch (m.at(1) ?? '=') {
      case '=':
        return r === 0;
      case '!=':
        return r !== 0;
      case '>':
        return r > 0;
      case '>=':
        return r >= 0;
      case '<':
        return r < 0;
      case '<=':
        return r <= 0;
      case '~>': {
        if (r < 0) return false;
        const upper: [number, number, number] = c.parts >= 3 ? [c.n[0], c.n[1] + 1, 0] : c.parts === 2 ? [c.n[0] + 1, 0, 0] : [Infinity, 0, 0];
        return compareVersions(v, { n: upper, pre: '' }) < 0;
      }
      default:
        return false;
    }
  });
}

/** OpenTofu's platform name for this machine (linux_amd64 …). */
export function platform(): string {
  const arch: Record<string, string> = { x64: 'amd64', ia32: '386' };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

type Requirement = string | { readonly source?: string; readonly version?: string } | null;

/** The report lines for a stack's `required_providers`; `available(host, ns, type)` lists the mirror's versions. */
export function mirrorReport(required: Readonly<Record<string, Requirement>>, available: (host: string, ns: string, type: string) => string[]): string[] {
  const lines: string[] = [];
  for (const [local, spec0] of Object.entries(required).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const spec = typeof spec0 === 'string' ? { version: spec0 } : (spec0 ?? {});
    let parts = (spec.source ?? `hashicorp/${local}`).toLowerCase().split('/');
    if (parts.length === 2) parts = ['registry.opentofu.org', ...parts];
    const [host, ns, type] = parts;
    const have = available(host, ns, type);
    // Newest first (satisfies() holds only for a version that parses).
    const ok = have
      .flatMap((v) => {
        const parsed = parseVersion(v);
        return parsed !== undefined && satisfies(v, spec.version) ? [{ v, parsed }] : [];
      })
      .sort((a, b) => compareVersions(b.parsed, a.parsed))
      .map(({ v }) => v);
    if (ok.length > 0) lines.push(`OK ${host}/${ns}/${type} ${ok[0]}`);
    else lines.push(`MISSING\t${ns}/${type}\t${spec.version ?? '(any version)'}\t${host}${have.length > 0 ? `\tmirror has: ${have.join(', ')}` : ''}`);
  }
  return lines;
}

/** Versions of a provider in a filesystem mirror that have a build for this platform. */
export function mirrorVersions(mirror: string, host: string, ns: string, type: string, os = platform()): string[] {
  const dir = path.join(mirror, host, ns, type);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((v) => fs.existsSync(path.join(dir, v, os)));
}

export function main(argv: readonly string[], io: ScriptIo): number {
  if (argv[0] !== 'check' || argv.length !== 3) return usage(io, 'provider-mirror.ts check STACK_JSON MIRROR_DIR');
  const doc = JSON.parse(fs.readFileSync(argv[1], 'utf8')) as { terraform?: { required_providers?: Record<string, Requirement> } };
  const lines = mirrorReport(doc.terraform?.required_providers ?? {}, (host, ns, type) => mirrorVersions(argv[2], host, ns, type));
  if (lines.length > 0) io.out(`${lines.join('\n')}\n`);
  return 0;
}
