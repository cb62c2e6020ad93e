/**
 * tools/provider-trim: the generator behind the trimmed cloudflare / oci builds of scripts/tools.sh, run on small
 * purpose-built source trees laid out like the upstream providers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cloudflare, cloudflareTypesInFile, trimCloudflareProviderGo } from '../../tools/provider-trim/cloudflare';
import { main } from '../../tools/provider-trim/cli';
import { oci, ociTypesInFile, trimOciRegisterGo } from '../../tools/provider-trim/oci';
import { coverage, describeBuild, planTrim } from '../../tools/provider-trim/plan';
import { bindingTypes, requiredProviders, unionTypes, usedTypes, type StackDocument } from '../../tools/provider-trim/stacks';

const CF = 'github.com/cloudflare/terraform-provider-cloudflare/internal/services';
const CF_PROVIDER_GO = `package internal

import (
\t"context"

\t"github.com/cloudflare/terraform-provider-cloudflare/internal/consts"
\t"${CF}/account"
\t"${CF}/dns_record"
\t"${CF}/snippets"
\t"${CF}/zone"
)

func (p *CloudflareProvider) Configure(ctx context.Context) {
\t_ = consts.UserAgent
}

func (p *CloudflareProvider) Resources(ctx context.Context) []func() resource.Resource {
\treturn []func() resource.Resource{
\t\taccount.NewResource,
\t\tdns_record.NewResource,
\t\tsnippets.NewResource, // deprecated.
\t\tzone.NewResource,
\t}
}

func (p *CloudflareProvider) DataSources(ctx context.Context) []func() datasource.DataSource {
\treturn []func() datasource.DataSource{
\t\taccount.NewAccountDataSource,
\t\tdns_record.NewDNSRecordDataSource,
\t\tdns_record.NewDNSRecordsDataSource,
\t\tsnippets.NewSnippetsDataSource,     // deprecated.
\t\tsnippets.NewSnippetsListDataSource, // deprecated.
\t}
}
`;

const cfMetadata = (kind: 'resource' | 'datasource', recv: string, type: string): string =>
  `func (r *${recv}) Metadata(ctx context.Context, req ${kind}.MetadataRequest, resp *${kind}.MetadataResponse) {\n\tresp.TypeName = req.ProviderTypeName + "_${type}"\n}\n`;

const OCI = 'github.com/oracle/terraform-provider-oci/internal';
const ociRegister = (fn: string, services: readonly string[]): string => `package provider

import (
\t"github.com/oracle/oci-go-sdk/v65/common"
${services.map((s) => `\ttf_${s} "${OCI}/service/${s}"`).join('\n')}
)

func init() {
${services.map((s) => `\tif common.CheckForEnabledServices("${s.replace(/_/g, '')}") {\n\t\ttf_${s}.${fn}()\n\t}`).join('\n')}

}
`;
const OCI_FRAMEWORK_REGISTER = `package provider

import (
\t"github.com/oracle/oci-go-sdk/v65/common"
\ttf_vault "${OCI}/service-framework/vault"
)

func init() {
\tif common.CheckForEnabledServices("vault") {
\t\ttf_vault.RegisterFrameworkDataSource()
\t}
}
`;

function writeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'provider-trim-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function cloudflareTree(): string {
  return writeTree({
    'internal/provider.go': CF_PROVIDER_GO,
    'internal/services/account/resource.go': cfMetadata('resource', 'AccountResource', 'account'),
    'internal/services/account/data_source.go': cfMetadata('datasource', 'AccountDataSource', 'account'),
    'internal/services/dns_record/resource.go': cfMetadata('resource', 'DNSRecordResource', 'dns_record'),
    'internal/services/dns_record/data_source.go': cfMetadata('datasource', 'DNSRecordDataSource', 'dns_record'),
    'internal/services/dns_record/list_data_source.go': cfMetadata('datasource', 'DNSRecordsDataSource', 'dns_records'),
    'internal/services/dns_record/resource_test.go': cfMetadata('resource', 'NotRegistered', 'from_a_test'),
    'internal/services/snippets/resource.go': cfMetadata('resource', 'SnippetsResource', 'snippets'),
    'internal/services/zone/resource.go': cfMetadata('resource', 'ZoneResource', 'zone'),
  });
}

function ociTree(): string {
  return writeTree({
    'main.go': 'package main\n\nimport _ "github.com/oracle/terraform-provider-oci/internal/resourcediscovery"\n',
    'internal/provider/register_resource.go': ociRegister('RegisterResource', ['core', 'identity', 'kms']),
    'internal/provider/register_datasource.go': ociRegister('RegisterDatasource', ['core', 'identity', 'kms']),
    'internal/provider/register_framework_datasource.go': OCI_FRAMEWORK_REGISTER,
    'internal/service/core/register_resource.go':
      'func RegisterResource() {\n\ttfresource.RegisterResource("oci_core_vcn", CoreVcnResource())\n\ttfresource.RegisterResource("oci_core_instance", CoreInstanceResource())\n}\n',
    'internal/service/core/register_datasource.go':
      'func RegisterDatasource() {\n\ttfresource.RegisterDatasource("oci_core_images", CoreImagesDataSource())\n}\n',
    'internal/service/core/core_vcn_resource.go': '// not a register file: tfresource.RegisterResource("oci_core_ignored", x)\n',
    'internal/service/identity/register_resource.go':
      'func RegisterResource() {\n\ttfresource.RegisterResource("oci_identity_user", IdentityUserResource())\n}\n',
    'internal/service/identity/register_datasource.go':
      'func RegisterDatasource() {\n\ttfresource.RegisterDatasource("oci_identity_availability_domains", X())\n}\n',
    'internal/service/kms/register_resource.go': 'func RegisterResource() {\n\ttfresource.RegisterResource("oci_kms_key", KmsKeyResource())\n}\n',
    'internal/service/kms/register_datasource.go': 'func RegisterDatasource() {\n}\n',
    'internal/service-framework/vault/vault_secret_version_data_source.go':
      'func (d *VaultSecretVersionDataSource) Metadata(ctx context.Context, request datasource.MetadataRequest, response *datasource.MetadataResponse) {\n\tresponse.TypeName = "oci_vault_secret_version"\n}\n',
  });
}

const stack = (resources: string[], data: string[] = [], providers: StackDocument['terraform'] = {}): StackDocument => ({
  terraform: providers,
  resource: Object.fromEntries(resources.map((t) => [t, { x: {} }])),
  data: Object.fromEntries(data.map((t) => [t, { x: {} }])),
});

describe('stacks: the types a provider is used for', () => {
  it('collects the resource and data-source types with the provider prefix over all stacks, sorted, once each', () => {
    const used = usedTypes(
      [stack(['cloudflare_zone', 'proxmox_virtual_environment_vm', 'cloudflare_dns_record'], ['cloudflare_zone']), stack(['cloudflare_dns_record'])],
      'cloudflare',
    );
    expect(used).toEqual({ resources: ['cloudflare_dns_record', 'cloudflare_zone'], dataSources: ['cloudflare_zone'] });
  });

  it('adds the types .gen/bindings.json lists for the provider, so their schema can be exported before a stack uses them', () => {
    const config = {
      providers: {
        oci: { source: 'oracle/oci', resources: ['oci_core_vcn', 'oci_kms_key'], dataSources: ['oci_core_images'] },
        proxmox: { source: 'bpg/proxmox', resources: ['proxmox_virtual_environment_vm'] },
        everything: { source: 'oracle/oci', resources: '*' as const },
      },
    };
    const fromBindings = bindingTypes(config, 'oracle/oci');
    expect(fromBindings).toEqual({ resources: ['oci_core_vcn', 'oci_kms_key'], dataSources: ['oci_core_images'] });
    expect(unionTypes(usedTypes([stack(['oci_core_vcn', 'oci_core_subnet'])], 'oci'), fromBindings)).toEqual({
      resources: ['oci_core_subnet', 'oci_core_vcn', 'oci_kms_key'],
      dataSources: ['oci_core_images'],
    });
  });

  it('reads required providers without host, lower case, with the hashicorp default for a bare local name', () => {
    const doc = stack([], [], { required_providers: { cf: { source: 'registry.opentofu.org/Cloudflare/cloudflare', version: '5.1.0' }, aws: '6.1.0' } });
    expect(requiredProviders(doc)).toEqual([
      { source: 'cloudflare/cloudflare', version: '5.1.0' },
      { source: 'hashicorp/aws', version: '6.1.0' },
    ]);
  });
});

describe('cloudflare: internal/provider.go filtered to the services in use', () => {
  it('finds resource and data-source type names in a service file', () => {
    expect(cloudflareTypesInFile(cfMetadata('resource', 'A', 'dns_record') + cfMetadata('datasource', 'B', 'dns_records'))).toEqual([
      { kind: 'resource', type: 'cloudflare_dns_record' },
      { kind: 'data', type: 'cloudflare_dns_records' },
    ]);
  });

  it('keeps only the imports and list entries of kept services; the rest of the file is unchanged', () => {
    const out = trimCloudflareProviderGo(CF_PROVIDER_GO, new Set(['dns_record']));
    expect(out).toContain(`\t"${CF}/dns_record"`);
    expect(out).not.toMatch(/services\/(account|snippets|zone)"/);
    expect(out).toContain('\t\tdns_record.NewResource,\n\t}');
    expect(out).toContain('\t\tdns_record.NewDNSRecordDataSource,\n\t\tdns_record.NewDNSRecordsDataSource,\n\t}');
    expect(out).not.toMatch(/\b(account|zone)\.New/);
    expect(out).toContain('_ = consts.UserAgent');
    expect(CF_PROVIDER_GO.split('\n').length - out.split('\n').length).toBe(3 + 6);
  });

  it('drops entries that carry a trailing comment (snippets.NewResource, // deprecated.): left in, the build breaks', () => {
    const out = trimCloudflareProviderGo(CF_PROVIDER_GO, new Set(['account']));
    expect(out).not.toContain('snippets.');
    expect(out).toContain('\t\taccount.NewResource,\n\t}');
  });

  it('rejects a kept service without a registration entry, naming it', () => {
    const source = CF_PROVIDER_GO.replace('\t\tzone.NewResource,\n', '');
    expect(() => trimCloudflareProviderGo(source, new Set(['zone']))).toThrow(
      /\[internal\/provider\.go\] services zone have no entry in Resources\(\)\/DataSources\(\)/,
    );
  });

  it('rejects a trim that leaves a dropped service referenced outside the lists (it would not compile)', () => {
    const source = CF_PROVIDER_GO.replace('_ = consts.UserAgent', '_ = zone.Default');
    expect(() => trimCloudflareProviderGo(source, new Set(['dns_record']))).toThrow(/still uses dropped services zone/);
  });

  it('indexes the types of every registered service (test files left out) and plans a build of the services in use', () => {
    const root = cloudflareTree();
    expect(cloudflare.registeredServices(root)).toEqual(['account', 'dns_record', 'snippets', 'zone']);
    const plan = planTrim(cloudflare, root, '5.1.0', {
      resources: ['cloudflare_dns_record', 'cloudflare_not_a_type'],
      dataSources: ['cloudflare_dns_records'],
    });
    expect(plan.manifest).toEqual({
      provider: 'cloudflare/cloudflare',
      version: '5.1.0',
      services: { built: ['dns_record'], total: 4 },
      resources: ['cloudflare_dns_record'],
      dataSources: ['cloudflare_dns_record', 'cloudflare_dns_records'],
      upstream: {
        resources: ['cloudflare_account', 'cloudflare_dns_record', 'cloudflare_snippets', 'cloudflare_zone'],
        dataSources: ['cloudflare_account', 'cloudflare_dns_record', 'cloudflare_dns_records'],
      },
      unknown: ['cloudflare_not_a_type'],
    });
    expect([...plan.files.keys()]).toEqual(['internal/provider.go']);
    expect(describeBuild(plan.manifest)).toBe('cloudflare 5.1.0, 1 of 4 services built');
    expect(fs.readFileSync(path.join(root, 'internal/provider.go'), 'utf8')).toBe(CF_PROVIDER_GO);
  });

  it('changes the stamp when a stack starts using a type of another service (a rebuild), not for a type of a built one', () => {
    const root = cloudflareTree();
    const base = planTrim(cloudflare, root, '5.1.0', { resources: ['cloudflare_dns_record'], dataSources: [] });
    const sameService = planTrim(cloudflare, root, '5.1.0', { resources: ['cloudflare_dns_record'], dataSources: ['cloudflare_dns_records'] });
    const newService = planTrim(cloudflare, root, '5.1.0', { resources: ['cloudflare_dns_record', 'cloudflare_zone'], dataSources: [] });
    expect(base.stamp).toMatch(/^services=dns_record trim=[0-9a-f]{16}$/);
    expect(sameService.stamp).toBe(base.stamp);
    expect(newService.stamp).toMatch(/^services=dns_record,zone trim=/);
  });
});

describe('oci: register_*.go filtered, main.go without resource discovery', () => {
  it('finds types in register calls and in framework Metadata', () => {
    expect(ociTypesInFile('tfresource.RegisterResource("oci_core_vcn", R())\ntfresource.RegisterDatasource("oci_core_vcns", D())')).toEqual([
      { kind: 'resource', type: 'oci_core_vcn' },
      { kind: 'data', type: 'oci_core_vcns' },
    ]);
  });

  it('keeps the blocks and imports of kept services only', () => {
    const out = trimOciRegisterGo(ociRegister('RegisterResource', ['core', 'identity', 'kms']), new Set(['core']), 'register_resource.go');
    expect(out).toContain('\ttf_core "github.com/oracle/terraform-provider-oci/internal/service/core"');
    expect(out).toContain('\tif common.CheckForEnabledServices("core") {\n\t\ttf_core.RegisterResource()\n\t}');
    expect(out).not.toMatch(/tf_identity|tf_kms/);
    expect(out).toContain('"github.com/oracle/oci-go-sdk/v65/common"');
  });

  it('drops the import of common when no block is left (an unused import does not compile)', () => {
    const out = trimOciRegisterGo(OCI_FRAMEWORK_REGISTER, new Set(['core']), 'register_framework_datasource.go');
    expect(out).not.toContain('common');
    expect(out).not.toContain('tf_vault');
    expect(out).toMatch(/func init\(\) \{\n\}/);
  });

  it('plans core + identity for the coruscant-like types, with our own main and the framework data source counted', () => {
    const root = ociTree();
    expect(oci.registeredServices(root)).toEqual(['core', 'identity', 'kms', 'service-framework/vault']);
    const plan = planTrim(oci, root, '8.1.0', { resources: ['oci_core_instance'], dataSources: ['oci_identity_availability_domains'] });
    expect(plan.manifest.services).toEqual({ built: ['core', 'identity'], total: 4 });
    expect(plan.manifest.resources).toEqual(['oci_core_instance', 'oci_core_vcn', 'oci_identity_user']);
    expect(plan.manifest.upstream.dataSources).toEqual(['oci_core_images', 'oci_identity_availability_domains', 'oci_vault_secret_version']);
    expect(plan.manifest.upstream.resources).not.toContain('oci_core_ignored');
    expect([...plan.files.keys()].sort()).toEqual([
      'internal/provider/register_datasource.go',
      'internal/provider/register_framework_datasource.go',
      'internal/provider/register_resource.go',
      'main.go',
    ]);
    const mainGo = plan.files.get('main.go')!;
    expect(mainGo).not.toContain('resourcediscovery');
    expect(mainGo).toContain('tf5muxserver.NewMuxServer');
    expect(mainGo).toContain('providerserver.NewProtocol5(provider.New())');
  });
});

describe('coverage: does a trimmed build serve a stack?', () => {
  const manifest = planTrim(cloudflare, cloudflareTree(), '5.1.0', { resources: ['cloudflare_dns_record'], dataSources: [] }).manifest;

  it('built when every type of the stack is served', () => {
    expect(coverage(manifest, { resources: ['cloudflare_dns_record'], dataSources: ['cloudflare_dns_records'] })).toEqual({ status: 'built', missing: [] });
  });

  it('stale when the stack uses a type the provider has but this build left out (NOT VALIDATED, never INVALID)', () => {
    expect(coverage(manifest, { resources: ['cloudflare_zone'], dataSources: ['cloudflare_account'] })).toEqual({
      status: 'stale',
      missing: ['cloudflare_zone', 'data.cloudflare_account'],
    });
  });

  it('a type the provider does not have at all is left to tofu validate to report', () => {
    expect(coverage(manifest, { resources: ['cloudflare_dns_recrod'], dataSources: [] })).toEqual({ status: 'built', missing: [] });
  });
});

describe('cli', () => {
  const run = (argv: string[]): { code: number; out: string[]; err: string[] } => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(
      argv,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out, err };
  };

  it('write: trimmed files, go overlay, manifest and stamp; check: built / stale per stack', () => {
    const root = cloudflareTree();
    const stacks = writeTree({
      'edge/cdk.tf.json': JSON.stringify(
        stack(['cloudflare_dns_record'], [], { required_providers: { cloudflare: { source: 'cloudflare/cloudflare', version: '5.1.0' } } }),
      ),
    });
    const out = path.join(stacks, 'trim');
    const bindings = path.join(stacks, 'bindings.json');
    fs.writeFileSync(
      bindings,
      JSON.stringify({ providers: { cf: { source: 'cloudflare/cloudflare', resources: [], dataSources: ['cloudflare_dns_records'] } } }),
    );
    const w = run(['write', '--provider', 'cloudflare', '--src', root, '--stacks', stacks, '--bindings', bindings, '--version', '5.1.0', '--out', out]);
    expect(w).toEqual({
      code: 0,
      out: [
        'cloudflare 5.1.0, 1 of 4 services built: dns_record',
        'serves 1 resource types and 2 data sources for the 2 types the stacks and .gen/bindings.json use',
      ],
      err: [],
    });
    const overlay = JSON.parse(fs.readFileSync(path.join(out, 'overlay.json'), 'utf8'));
    expect(overlay).toEqual({ Replace: { [path.join(root, 'internal/provider.go')]: path.join(out, 'files/internal/provider.go') } });
    expect(fs.readFileSync(path.join(out, 'stamp'), 'utf8')).toMatch(/^services=dns_record trim=/);

    const manifests = writeTree({ 'cloudflare.built.json': fs.readFileSync(path.join(out, 'manifest.json'), 'utf8') });
    const check = (doc: StackDocument): ReturnType<typeof run> => {
      const file = path.join(stacks, 'probe.json');
      fs.writeFileSync(file, JSON.stringify(doc));
      return run(['check', '--stack', file, '--manifests', manifests]);
    };
    const pins = { required_providers: { cloudflare: { source: 'cloudflare/cloudflare', version: '5.1.0' } } };
    expect(check(stack(['cloudflare_dns_record'], [], pins)).out).toEqual(['built\tcloudflare/cloudflare\tcloudflare 5.1.0, 1 of 4 services built']);
    expect(check(stack(['cloudflare_zone'], [], pins)).out).toEqual([
      'stale\tcloudflare/cloudflare\tcloudflare/cloudflare 5.1.0 was built without cloudflare_zone (services: dns_record): run npm run tools to rebuild it',
    ]);
    expect(check(stack(['cloudflare_zone'], [], { required_providers: { cloudflare: { source: 'cloudflare/cloudflare', version: '5.15.0' } } })).out).toEqual(
      [],
    );
  });

  it('reports bad arguments and unknown providers as errors naming the fix, exit 1', () => {
    expect(run(['write', '--provider', 'aws'])).toEqual({
      code: 1,
      out: [],
      err: ['provider-trim: [provider-trim] missing --src, --stacks, --bindings, --version, --out'],
    });
    const r = run(['write', '--provider', 'aws', '--src', '/x', '--stacks', '/x', '--bindings', '/x', '--version', '1', '--out', '/x']);
    expect(r.err).toEqual(["provider-trim: [provider-trim] unknown provider 'aws' — fix: one of cloudflare, oci"]);
    expect(run(['frobnicate']).code).toBe(1);
  });
});
