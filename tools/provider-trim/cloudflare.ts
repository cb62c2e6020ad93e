/**
 * cloudflare/cloudflare: every service is a package internal/services/<service>, imported by internal/provider.go and
 * listed in its Resources() / DataSources() (one `<service>.New…,` per line). Trimming keeps the imports and entries of
 * the wanted services; the service packages themselves are not touched.
 */
import * as path from 'path';
import { danglingReferences, functionBody, goFiles, readSource, serviceImports } from './go-source';
import { addType, type ProviderTrimmer, type TypeIndex } from './types';

export const PROVIDER_GO = 'internal/provider.go';
const SERVICES_PREFIX = 'github.com/cloudflare/terraform-provider-cloudflare/internal/services/';
const ENTRY = /^\t\t([A-Za-z_]\w*)\.New\w*,\s*(?:\/\/.*)?$/;
const LIST_FUNCS = [/^func \(p \*CloudflareProvider\) Resources\(/, /^func \(p \*CloudflareProvider\) DataSources\(/];
/** `Metadata(ctx, req resource.MetadataRequest, …) {\n\tresp.TypeName = req.ProviderTypeName + "_dns_record"` */
const TYPE_NAME = /req (resource|datasource)\.MetadataRequest, resp \*\w+\.MetadataResponse\) \{\s*resp\.TypeName = req\.ProviderTypeName \+ "_([a-z0-9_]+)"/g;

/** Type names a Go file of a service declares, with their kind. */
export function cloudflareTypesInFile(text: string): { kind: 'resource' | 'data'; type: string }[] {
  return [...text.matchAll(TYPE_NAME)].map((m) => ({ kind: m[1] === 'resource' ? 'resource' : 'data', type: `cloudflare_${m[2]}` }));
}

/** internal/provider.go registering only the services in `keep`. Throws when a kept service has no entry. */
export function trimCloudflareProviderGo(text: string, keep: ReadonlySet<string>): string {
  const lines = text.split('\n');
  const imports = serviceImports(lines, SERVICES_PREFIX);
  const identOf = new Map(imports.map((i) => [i.ident, i.service]));
  const drop = new Set<number>(imports.filter((i) => !keep.has(i.service)).map((i) => i.line));
  const registered = new Set<string>();
  for (const sig of LIST_FUNCS) {
    const { open, close } = functionBody(lines, sig, PROVIDER_GO);
    for (let i = open + 1; i < close; i++) {
      const m = ENTRY.exec(lines[i]);
      const service = m ? identOf.get(m[1]) : undefined;
      if (service === undefined) continue;
      if (keep.has(service)) registered.add(service);
      else drop.add(i);
    }
  }
  const unregistered = [...keep].filter((s) => !registered.has(s)).sort();
  if (unregistered.length) {
    throw new Error(
      `[${PROVIDER_GO}] services ${unregistered.join(', ')} have no entry in Resources()/DataSources() — rule: a kept service must be registered upstream — fix: check the type names in the stacks`,
    );
  }
  const out = lines.filter((_, i) => !drop.has(i)).join('\n');
  const dangling = danglingReferences(
    out,
    imports.filter((i) => !keep.has(i.service)).map((i) => i.ident),
  );
  if (dangling.length)
    throw new Error(
      `[${PROVIDER_GO}] still uses dropped services ${dangling.join(', ')} outside the registration lists — fix: keep them (tools/provider-trim/cloudflare.ts)`,
    );
  return out;
}

export const cloudflare: ProviderTrimmer = {
  name: 'cloudflare',
  source: 'cloudflare/cloudflare',
  registeredServices(root) {
    return serviceImports(readSource(root, PROVIDER_GO).split('\n'), SERVICES_PREFIX)
      .map((i) => i.service)
      .sort();
  },
  indexTypes(root, services) {
    const index: { resources: Map<string, string>; dataSources: Map<string, string> } = { resources: new Map(), dataSources: new Map() };
    for (const service of services) {
      for (const file of goFiles(path.join(root, 'internal/services', service))) {
        for (const { kind, type } of cloudflareTypesInFile(readSource(root, path.relative(root, file)))) {
          addType(kind === 'resource' ? index.resources : index.dataSources, type, service);
        }
      }
    }
    return index satisfies TypeIndex;
  },
  trim(root, keep) {
    return new Map([[PROVIDER_GO, trimCloudflareProviderGo(readSource(root, PROVIDER_GO), keep)]]);
  },
};
