/**
 * What the synthesized stacks use: the resource and data-source types of one provider, read from the OpenTofu JSON
 * in tofu-out/stacks/<stack>/cdk.tf.json.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The parts of a synthesized stack this program reads. */
export interface StackDocument {
  readonly terraform?: { readonly required_providers?: Readonly<Record<string, { readonly source?: string; readonly version?: string } | string>> };
  readonly resource?: Readonly<Record<string, unknown>>;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** `namespace/type` and version of each required provider (host dropped, lower case). */
export function requiredProviders(doc: StackDocument): { source: string; version: string }[] {
  return Object.entries(doc.terraform?.required_providers ?? {}).map(([local, spec]) => {
    const s = typeof spec === 'string' ? { version: spec } : spec;
    const parts = (s.source ?? `hashicorp/${local}`).toLowerCase().split('/');
    return { source: parts.slice(-2).join('/'), version: s.version ?? '' };
  });
}

/** Resource and data-source types, each list sorted and without duplicates. */
export interface TypeSet {
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
}

/** Reads every `<dir>/<stack>/cdk.tf.json`, keyed by stack name (sorted). */
export function readStacks(dir: string): Map<string, StackDocument> {
  const stacks = new Map<string, StackDocument>();
  if (!fs.existsSync(dir)) throw new Error(`[stacks ${dir}] the directory does not exist — fix: run \`npm run synth\` first`);
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    stacks.set(name, JSON.parse(fs.readFileSync(file, 'utf8')) as StackDocument);
  }
  return stacks;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * The types of one provider the stacks use. A type belongs to the provider its name starts with (`cloudflare_…` to
 * cloudflare), which is how OpenTofu picks the provider of a resource.
 */
export function usedTypes(stacks: Iterable<StackDocument>, providerType: string): TypeSet {
  const prefix = `${providerType}_`;
  const resources: string[] = [];
  const dataSources: string[] = [];
  for (const doc of stacks) {
    resources.push(...Object.keys(doc.resource ?? {}).filter((t) => t.startsWith(prefix)));
    dataSources.push(...Object.keys(doc.data ?? {}).filter((t) => t.startsWith(prefix)));
  }
  return { resources: sorted(resources), dataSources: sorted(dataSources) };
}

/** `.gen/bindings.json`: the types TypeScript bindings are generated for (scripts/gen-bindings.js). */
export interface BindingsConfig {
  readonly providers?: Readonly<
    Record<string, { readonly source?: string; readonly resources?: readonly string[] | '*'; readonly dataSources?: readonly string[] | '*' }>
  >;
}

/**
 * The types `.gen/bindings.json` lists for a provider (by `namespace/type` source). A trimmed build registers them
 * too, so the schema of a type can be exported (`gen-bindings.js --refresh-schemas`) before any stack uses it.
 * `"*"` (every type) is ignored: it cannot be trimmed to.
 */
export function bindingTypes(config: BindingsConfig, source: string): TypeSet {
  const lists = Object.values(config.providers ?? {}).filter((p) => p.source?.toLowerCase() === source);
  const pick = (l: readonly string[] | '*' | undefined): string[] => (l === undefined || l === '*' ? [] : [...l]);
  return { resources: sorted(lists.flatMap((p) => pick(p.resources))), dataSources: sorted(lists.flatMap((p) => pick(p.dataSources))) };
}

/** Both sets together. */
export function unionTypes(a: TypeSet, b: TypeSet): TypeSet {
  return { resources: sorted([...a.resources, ...b.resources]), dataSources: sorted([...a.dataSources, ...b.dataSources]) };
}
