/**
 * The trimmed build of one provider: which services to register (those implementing a type the stacks use), the
 * replacement registration files, and the manifest of what the binary will serve.
 */
import { createHash } from 'crypto';
import type { TypeSet } from './stacks';
import type { BuildManifest, ProviderTrimmer, TypeIndex } from './types';

export interface TrimPlan {
  readonly manifest: BuildManifest;
  /** Source-relative path → replacement text. */
  readonly files: ReadonlyMap<string, string>;
  /** Changes whenever the set of services or any replacement file changes: part of the build stamp. */
  readonly stamp: string;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Services implementing the used types, and the used types the provider does not have at all. */
export function selectServices(index: TypeIndex, used: TypeSet): { keep: string[]; unknown: string[] } {
  const keep: string[] = [];
  const unknown: string[] = [];
  for (const [types, map] of [
    [used.resources, index.resources],
    [used.dataSources, index.dataSources],
  ] as const) {
    for (const type of types) {
      const service = map.get(type);
      if (service === undefined) unknown.push(type);
      else keep.push(service);
    }
  }
  return { keep: sorted(keep), unknown: sorted(unknown) };
}

export function planTrim(trimmer: ProviderTrimmer, root: string, version: string, used: TypeSet): TrimPlan {
  const services = trimmer.registeredServices(root);
  const index = trimmer.indexTypes(root, services);
  const { keep, unknown } = selectServices(index, used);
  const kept = new Set(keep);
  const files = trimmer.trim(root, kept);
  const servedBy = (map: ReadonlyMap<string, string>): string[] => sorted([...map].filter(([, s]) => kept.has(s)).map(([t]) => t));
  const manifest: BuildManifest = {
    provider: trimmer.source,
    version,
    services: { built: keep, total: services.length },
    resources: servedBy(index.resources),
    dataSources: servedBy(index.dataSources),
    upstream: { resources: sorted(index.resources.keys()), dataSources: sorted(index.dataSources.keys()) },
    unknown,
  };
  const hash = createHash('sha256');
  for (const rel of [...files.keys()].sort()) hash.update(`${rel}\0${files.get(rel)}\0`);
  return { manifest, files, stamp: `services=${keep.join(',')} trim=${hash.digest('hex').slice(0, 16)}` };
}

/** `cloudflare <version>, 4 of 225 services built` */
export function describeBuild(m: BuildManifest): string {
  return `${m.provider.split('/').pop()} ${m.version}, ${m.services.built.length} of ${m.services.total} services built`;
}

/**
 * How a trimmed build covers one stack: `built` when it serves every type of the provider the stack uses; `stale` when
 * the stack uses a type the full provider has but this build left out (rebuild with scripts/tools.sh). Types unknown
 * to the full provider count as covered: `tofu validate` reports them.
 */
export function coverage(m: BuildManifest, used: TypeSet): { status: 'built' | 'stale'; missing: string[] } {
  const served = { resources: new Set(m.resources), dataSources: new Set(m.dataSources) };
  const upstream = { resources: new Set(m.upstream.resources), dataSources: new Set(m.upstream.dataSources) };
  const missing = [
    ...used.resources.filter((t) => !served.resources.has(t) && upstream.resources.has(t)),
    ...used.dataSources.filter((t) => !served.dataSources.has(t) && upstream.dataSources.has(t)).map((t) => `data.${t}`),
  ];
  return { status: missing.length ? 'stale' : 'built', missing };
}
