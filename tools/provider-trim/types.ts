/** Shapes shared by the provider trimmers (tools/provider-trim). */

/** Where each resource / data-source type of a provider is implemented: type name → service (Go package) id. */
export interface TypeIndex {
  readonly resources: ReadonlyMap<string, string>;
  readonly dataSources: ReadonlyMap<string, string>;
}

/** One provider whose registration lists can be filtered. Paths are relative to the root of the unpacked source. */
export interface ProviderTrimmer {
  /** Item name in scripts/tools.sh, also the prefix of its type names. */
  readonly name: string;
  /** `<namespace>/<type>` as in required_providers. */
  readonly source: string;
  /** Every service the upstream provider registers (sorted). */
  registeredServices(root: string): string[];
  /** The types each registered service implements. */
  indexTypes(root: string, services: readonly string[]): TypeIndex;
  /** Replacement contents (path → text) that register only `keep`; upstream files are never written. */
  trim(root: string, keep: ReadonlySet<string>): Map<string, string>;
}

/** What a trimmed build contains; written beside the build (stamps/<name>.built.json) for scripts/validate.sh. */
export interface BuildManifest {
  readonly provider: string;
  readonly version: string;
  readonly services: { readonly built: readonly string[]; readonly total: number };
  /** Types the trimmed binary serves. */
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
  /** Types the full upstream provider serves. */
  readonly upstream: { readonly resources: readonly string[]; readonly dataSources: readonly string[] };
  /** Types the stacks use that the upstream provider does not have (left to `tofu validate` to report). */
  readonly unknown: readonly string[];
}

/** Records type → service; a type implemented by two services is an error (the trim could not choose). */
export function addType(map: Map<string, string>, type: string, service: string): void {
  const seen = map.get(type);
  if (seen !== undefined && seen !== service)
    throw new Error(`[${type}] declared by two services, ${seen} and ${service} — fix: tools/provider-trim must map it to one`);
  map.set(type, service);
}
