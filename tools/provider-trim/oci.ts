/**
 * oracle/oci: every service is a package internal/service/<service> (one framework data source lives in
 * internal/service-framework/<service>), registered by internal/provider/register_*.go in blocks of
 *   if common.CheckForEnabledServices("<name>") {
 *       tf_<service>.RegisterResource()
 *   }
 * Trimming keeps the imports and blocks of the wanted services. Upstream main.go also links resource discovery, which
 * imports every service, so the trimmed build replaces it with tools/provider-trim/oci-main.go (the provider server
 * only). The service packages themselves are not touched.
 */
import * as fs from 'fs';
import * as path from 'path';
import { danglingReferences, goFiles, readSource, serviceImports } from './go-source';
import { addType, type ProviderTrimmer, type TypeIndex } from './types';

export const REGISTER_FILES = [
  'internal/provider/register_resource.go',
  'internal/provider/register_datasource.go',
  'internal/provider/register_framework_datasource.go',
];
export const MAIN_GO = 'main.go';
export const OCI_MAIN_TEMPLATE = path.join(__dirname, 'oci-main.go');
const INTERNAL_PREFIX = 'github.com/oracle/terraform-provider-oci/internal/';
const COMMON_IMPORT = '\t"github.com/oracle/oci-go-sdk/v65/common"';
const BLOCK_OPEN = /^\tif common\.CheckForEnabledServices\("[^"]*"\) \{$/;
const REGISTER_CALL = /tfresource\.Register(Resource|Datasource)\("(oci_[a-z0-9_]+)"/g;
const FRAMEWORK_TYPE = /(?:request|req) (resource|datasource)\.MetadataRequest, \w+ \*\w+\.MetadataResponse\) \{\s*\w+\.TypeName = "(oci_[a-z0-9_]+)"/g;

/** A service id is its package path below internal/ without the leading `service/`: `core`, `service-framework/vault`. */
export const serviceId = (pkg: string): string => pkg.replace(/^service\//, '');
const packageDir = (service: string): string => path.join('internal', service.includes('/') ? service : `service/${service}`);

/** Types a service's Go file declares: `tfresource.RegisterResource("oci_…", …)` or a framework `TypeName = "oci_…"`. */
export function ociTypesInFile(text: string): { kind: 'resource' | 'data'; type: string }[] {
  const calls = [...text.matchAll(REGISTER_CALL)].map((m) => ({ kind: m[1] === 'Resource' ? ('resource' as const) : ('data' as const), type: m[2] }));
  const framework = [...text.matchAll(FRAMEWORK_TYPE)].map((m) => ({ kind: m[1] === 'resource' ? ('resource' as const) : ('data' as const), type: m[2] }));
  return [...calls, ...framework];
}

/** One register_*.go with only the blocks (and imports) of the services in `keep`. */
export function trimOciRegisterGo(text: string, keep: ReadonlySet<string>, file: string): string {
  const lines = text.split('\n');
  const imports = serviceImports(lines, INTERNAL_PREFIX).filter((i) => /^service(-framework)?\//.test(i.service));
  const serviceOf = new Map(imports.map((i) => [i.ident, serviceId(i.service)]));
  const dropped = imports.filter((i) => !keep.has(serviceId(i.service)));
  const drop = new Set<number>(dropped.map((i) => i.line));
  let blocksKept = 0;
  for (let open = 0; open < lines.length; open++) {
    if (!BLOCK_OPEN.test(lines[open])) continue;
    const close = lines.findIndex((l, i) => i > open && l === '\t}');
    if (close < 0) throw new Error(`[${file}] block at line ${open + 1} is not closed`);
    const body = lines.slice(open + 1, close).join('\n');
    const registered = [...body.matchAll(/\b(\w+)\.Register\w*\(\)/g)].map((m) => serviceOf.get(m[1]));
    const services = registered.filter((s) => s !== undefined);
    if (services.length === 0 || services.length < registered.length) {
      throw new Error(
        `[${file}] block at line ${open + 1} registers no imported service — rule: the upstream layout this trimmer reads — fix: check the provider version`,
      );
    }
    if (services.every((s) => keep.has(s))) blocksKept++;
    else for (let i = open; i <= close; i++) drop.add(i);
    open = close;
  }
  if (blocksKept === 0) {
    // init() keeps no CheckForEnabledServices call: the import of `common` would be unused (a compile error).
    const c = lines.indexOf(COMMON_IMPORT);
    if (c >= 0) drop.add(c);
  }
  const out = lines.filter((_, i) => !drop.has(i)).join('\n');
  const dangling = danglingReferences(
    out,
    dropped.map((i) => i.ident),
  );
  if (dangling.length) throw new Error(`[${file}] still uses dropped services ${dangling.join(', ')} — fix: keep them (tools/provider-trim/oci.ts)`);
  return out;
}

export const oci: ProviderTrimmer = {
  name: 'oci',
  source: 'oracle/oci',
  registeredServices(root) {
    const all = new Set<string>();
    for (const rel of REGISTER_FILES) {
      for (const i of serviceImports(readSource(root, rel).split('\n'), INTERNAL_PREFIX)) {
        if (/^service(-framework)?\//.test(i.service)) all.add(serviceId(i.service));
      }
    }
    return [...all].sort();
  },
  indexTypes(root, services) {
    const index = { resources: new Map<string, string>(), dataSources: new Map<string, string>() };
    for (const service of services) {
      for (const file of goFiles(path.join(root, packageDir(service)))) {
        const name = path.basename(file);
        // Register calls live in register_*.go; framework types in the type's own file.
        if (!service.includes('/') && !name.startsWith('register_')) continue;
        for (const { kind, type } of ociTypesInFile(fs.readFileSync(file, 'utf8'))) {
          addType(kind === 'resource' ? index.resources : index.dataSources, type, service);
        }
      }
    }
    return index satisfies TypeIndex;
  },
  trim(root, keep) {
    const files = new Map<string, string>();
    for (const rel of REGISTER_FILES) files.set(rel, trimOciRegisterGo(readSource(root, rel), keep, rel));
    files.set(MAIN_GO, fs.readFileSync(OCI_MAIN_TEMPLATE, 'utf8'));
    return files;
  },
};
