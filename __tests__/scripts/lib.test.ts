/**
 * The TypeScript parts of the shell checks (scripts/lib/*.ts, run by scripts/run-ts.js): each function on small
 * hand-made inputs, and each command once through the launcher the shell scripts use.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkInventory, declaredGroups, main as inventoryMain, type InventoryList } from '../../scripts/lib/ansible-inventory';
import { isEncryptedState, settingsConfig } from '../../scripts/lib/state-settings';
import { judgeReport, readSkips, scannable } from '../../scripts/lib/checkov';
import { clusterVersions } from '../../scripts/lib/k8s-versions';
import { mirrorReport, mirrorVersions, satisfies } from '../../scripts/lib/provider-mirror';
import { goVersion, main as gomodMain, replaceArgs } from '../../scripts/lib/gomod';
import { collectingIo } from '../../scripts/lib/io';

const ROOT = path.join(__dirname, '..', '..');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'scripts-lib-'));
const runTs = (args: readonly string[], input?: string) => spawnSync('node', ['scripts/run-ts.js', ...args], { cwd: ROOT, encoding: 'utf8', input });

describe('ansible-inventory.ts', () => {
  const hostsYml = [
    'all:',
    '  children:',
    '    site_a:',
    '      hosts:',
    '        h1:',
    '    role_x:',
    '      children:',
    '        site_a:',
    '    planned: {}',
    '',
  ].join('\n');
  const list = (hostvars: Record<string, Record<string, unknown>>, groups: Record<string, unknown> = { site_a: {}, role_x: {} }): InventoryList => ({
    _meta: { hostvars },
    all: { children: ['ungrouped', ...Object.keys(groups)] },
    ...groups,
  });

  it('reads every group an inventory file declares, nested ones once', () => {
    expect(declaredGroups(hostsYml)).toEqual(['site_a', 'role_x', 'planned']);
  });

  it('passes when Ansible sees every declared group and every ansible_host is a vault reference', () => {
    expect(checkInventory(list({ h1: { ansible_host: '{{ address_h1 }}' } }, { site_a: {}, role_x: {}, planned: {} }), declaredGroups(hostsYml))).toEqual({
      problems: [],
      hosts: 1,
    });
  });

  it('names the missing groups and the hosts with a literal address', () => {
    const r = checkInventory(list({ h1: { ansible_host: '192.0.2.7' }, h2: {} }), declaredGroups(hostsYml));
    expect(r.problems).toEqual([
      'ansible-check: inventory lacks groups that hosts.yml declares: planned',
      'ansible-check: ansible_host is not a vault reference for: h1, h2',
    ]);
  });

  it('refuses an unknown command with its usage', () => {
    expect(inventoryMain(['nope'], collectingIo(ROOT))).toBe(2);
  });
});

describe('state-settings.ts', () => {
  const stack = {
    terraform: {
      required_providers: { aws: {} },
      required_version: '>= 1.10.0',
      backend: { s3: { bucket: 'b' } },
      encryption: { key_provider: { pbkdf2: { k: { passphrase: '${var.pass}' } } } },
    },
    variable: { pass: { sensitive: true }, unused: {} },
  };

  it('keeps the shared settings and only the variables they use; the encryption config has no backend', () => {
    expect(settingsConfig(stack, 'encryption')).toEqual({
      terraform: { required_version: '>= 1.10.0', encryption: stack.terraform.encryption },
      variable: { pass: { sensitive: true } },
    });
    expect(settingsConfig(stack, 'backend').terraform.backend).toEqual({ s3: { bucket: 'b' } });
  });

  it('refuses a stack without encryption, or without an S3 backend for the backend check', () => {
    expect(() => settingsConfig({ terraform: {} }, 'encryption')).toThrow('no terraform.encryption block');
    expect(() => settingsConfig({ terraform: { encryption: {} } }, 'backend')).toThrow('no terraform.backend.s3 block');
  });

  it('tells an encrypted state from a plain one', () => {
    expect(isEncryptedState({ encrypted_data: 'abc', encryption_version: 'v0' })).toBe(true);
    expect(isEncryptedState({ version: 4, resources: [] })).toBe(false);
    expect(isEncryptedState({ encrypted_data: 'abc', resources: [] })).toBe(false);
    expect(isEncryptedState(null)).toBe(false);
  });

  it('writes DIR/main.tf.json through the launcher, and exits 1 naming the missing block', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'stack.json'), JSON.stringify(stack));
    expect(runTs(['scripts/lib/state-settings.ts', 'extract', path.join(dir, 'stack.json'), path.join(dir, 'enc'), 'encryption']).status).toBe(0);
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'enc', 'main.tf.json'), 'utf8')) as { variable?: unknown }).variable).toEqual({
      pass: { sensitive: true },
    });
    fs.writeFileSync(path.join(dir, 'bare.json'), '{"terraform":{}}');
    const r = runTs(['scripts/lib/state-settings.ts', 'extract', path.join(dir, 'bare.json'), path.join(dir, 'x'), 'backend']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: 'no terraform.encryption block\n' });
  });
});

describe('checkov.ts', () => {
  it('reads the skip ids and refuses a bad id, a duplicate and a missing reason', () => {
    const reason = 'a reason that is long enough';
    expect(readSkips('s.yaml', `skips:\n  - id: CKV_AWS_18\n    reason: ${reason}\n  - id: CKV2_AWS_62\n    reason: ${reason}\n`)).toEqual({
      ids: ['CKV_AWS_18', 'CKV2_AWS_62'],
      problems: [],
    });
    expect(
      readSkips('s.yaml', `skips:\n  - id: AWS_18\n    reason: ${reason}\n  - id: CKV_AWS_1\n    reason: short\n  - id: CKV_AWS_1\n    reason: ${reason}\n`)
        .problems,
    ).toEqual([
      's.yaml: skips[0]: id "AWS_18" is not a checkov check id',
      's.yaml: skips[1]: CKV_AWS_1 has no reason — say why the check does not apply',
      's.yaml: skips[2]: CKV_AWS_1 is listed twice — keep one entry',
    ]);
    expect(readSkips('empty.yaml', '')).toEqual({ ids: [], problems: [] });
  });

  it("drops the scalars under terraform (checkov's parser rejects them), nothing else", () => {
    expect(scannable({ terraform: { required_version: '>= 1', backend: { s3: {} } }, resource: { aws_s3_bucket: {} } } as never)).toEqual({
      terraform: { backend: { s3: {} } },
      resource: { aws_s3_bucket: {} },
    });
  });

  it('judges the report: failed checks and parse errors fail, an AWS stack without checks fails, an edge stack without policies is a note', () => {
    const report = {
      summary: { passed: 3, failed: 0, parsing_errors: 0 },
      results: {
        passed_checks: [{ file_path: '/babylon/cdk.tf.json' }, { file_path: '/babylon/cdk.tf.json' }, { file_path: '/coruscant/cdk.tf.json' }],
        failed_checks: [],
      },
    };
    const types: Record<string, string[]> = { babylon: ['aws_s3_bucket'], coruscant: ['oci_core_instance'], edge: ['cloudflare_dns_record'] };
    expect(judgeReport(report, ['babylon', 'coruscant', 'edge'], (s) => types[s])).toEqual({
      ok: true,
      out: [
        'checkov: 3 passed, 0 failed, 0 parsing errors (babylon 2, coruscant 1, edge 0 checks)',
        'checkov: NOTE stack edge: parsed, no checkov policy covers its resource types (cloudflare_dns_record)',
      ],
      err: [],
    });
    const unscanned = judgeReport({ ...report, results: { passed_checks: [], failed_checks: [] } }, ['babylon'], (s) => types[s]);
    expect(unscanned.ok).toBe(false);
    expect(unscanned.err).toEqual(['checkov: stack babylon has aws_s3_bucket but produced no checks — it was not scanned']);
    const failed = judgeReport(
      [
        {
          summary: { passed: 1, failed: 1 },
          results: {
            passed_checks: [{ file_path: '/babylon/x' }],
            failed_checks: [{ check_id: 'CKV_AWS_1', file_path: '/babylon/cdk.tf.json', resource: 'aws_s3_bucket.b', check_name: 'Encrypted' }],
          },
        },
      ],
      ['babylon'],
      (s) => types[s],
    );
    expect(failed).toMatchObject({ ok: false, err: ['FAILED CKV_AWS_1 /babylon/cdk.tf.json aws_s3_bucket.b: Encrypted'] });
  });

  it('exits 1 on a missing report, through the launcher', () => {
    const r = runTs(['scripts/lib/checkov.ts', 'report', '/nonexistent/results.json', '/nonexistent', 'babylon']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^checkov: no JSON report \(ENOENT/);
  });

  it("accepts the repository's checkov-skips.yaml", () => {
    const r = runTs(['scripts/lib/checkov.ts', 'skips', 'checkov-skips.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^CKV2?_[A-Z0-9]+_\d+(,CKV2?_[A-Z0-9]+_\d+)*\n$/);
  });
});

describe('k8s-versions.ts', () => {
  it('gives each cluster release once as major.minor.0, in version order', () => {
    expect(
      clusterVersions({ clusters: [{ version: 'v1.31.6+k3s1' }, { version: 'v1.9.2+k3s1' }, { version: 'v1.31.2+k3s1' }, { version: 'latest' }] } as never),
    ).toEqual(['1.9.0', '1.31.0']);
  });

  it('reads a model file (JSON here) and fails on one without a versioned cluster', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'm.json'), JSON.stringify({ clusters: [{ version: 'v1.30.1+k3s2' }] }));
    expect(runTs(['scripts/lib/k8s-versions.ts', 'cluster-versions', path.join(dir, 'm.json')]).stdout).toBe('1.30.0\n');
    fs.writeFileSync(path.join(dir, 'none.json'), JSON.stringify({ clusters: [] }));
    const r = runTs(['scripts/lib/k8s-versions.ts', 'cluster-versions', path.join(dir, 'none.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^k8s-versions: no cluster with a version like v1\.31\.6 in /);
  });
});

describe('provider-mirror.ts', () => {
  it('evaluates OpenTofu version constraints', () => {
    expect(satisfies('0.111.1', '0.111.1')).toBe(true);
    expect(satisfies('0.111.2', '0.111.1')).toBe(false);
    expect(satisfies('5.14.0', '~> 5.0')).toBe(true);
    expect(satisfies('6.0.0', '~> 5.0')).toBe(false);
    expect(satisfies('5.1.9', '~> 5.1.0')).toBe(true);
    expect(satisfies('5.2.0', '~> 5.1.0')).toBe(false);
    expect(satisfies('1.2.0', '>= 1.0, < 2.0, != 1.1.0')).toBe(true);
    expect(satisfies('1.1.0', '>= 1.0, < 2.0, != 1.1.0')).toBe(false);
    expect(satisfies('1.0.0-beta1', '')).toBe(false);
    expect(satisfies('1.0.0', undefined)).toBe(true);
    expect(satisfies('1.0.0-rc1', '< 1.0.0')).toBe(true);
    expect(satisfies('not-a-version', '>= 0')).toBe(false);
  });

  it('reports the newest allowed version in the mirror, or what is missing and what the mirror has', () => {
    const have: Record<string, string[]> = { 'registry.opentofu.org/bpg/proxmox': ['0.110.0', '0.112.3'], 'registry.opentofu.org/hashicorp/aws': ['6.0.0'] };
    const lines = mirrorReport(
      { proxmox: { source: 'bpg/proxmox', version: '>= 0.110.0' }, aws: { source: 'hashicorp/aws', version: '6.9.0' }, random: '3.0.0' },
      (host, ns, type) => have[`${host}/${ns}/${type}`] ?? [],
    );
    expect(lines).toEqual([
      'MISSING\thashicorp/aws\t6.9.0\tregistry.opentofu.org\tmirror has: 6.0.0',
      'OK registry.opentofu.org/bpg/proxmox 0.112.3',
      'MISSING\thashicorp/random\t3.0.0\tregistry.opentofu.org',
    ]);
  });

  it("lists the mirror's versions that have a build for the platform", () => {
    const mirror = tmp();
    fs.mkdirSync(path.join(mirror, 'registry.opentofu.org', 'bpg', 'proxmox', '1.0.0', 'linux_amd64'), { recursive: true });
    fs.mkdirSync(path.join(mirror, 'registry.opentofu.org', 'bpg', 'proxmox', '2.0.0', 'darwin_arm64'), { recursive: true });
    expect(mirrorVersions(mirror, 'registry.opentofu.org', 'bpg', 'proxmox', 'linux_amd64')).toEqual(['1.0.0']);
    expect(mirrorVersions(mirror, 'registry.opentofu.org', 'oracle', 'oci', 'linux_amd64')).toEqual([]);
  });
});

describe('gomod.ts', () => {
  it('reads the go directive (1.26 without one) and the replace directives as go mod edit -replace arguments', () => {
    expect(goVersion({ Go: '1.24.2' })).toBe('1.24.2');
    expect(goVersion({})).toBe('1.26');
    expect(
      replaceArgs({
        Replace: [
          { Old: { Path: 'github.com/a/b' }, New: { Path: 'github.com/c/b', Version: 'v1.2.3' } },
          { Old: { Path: 'x', Version: 'v0.1.0' }, New: { Path: 'y', Version: 'v0.2.0' } },
        ],
      }),
    ).toEqual(['github.com/a/b=github.com/c/b@v1.2.3', 'x@v0.1.0=y@v0.2.0']);
    expect(replaceArgs({ Replace: null })).toEqual([]);
  });

  it('reads stdin through the launcher; bad JSON exits 1', () => {
    expect(runTs(['scripts/lib/gomod.ts', 'go-version'], '{"Go":"1.25"}').stdout).toBe('1.25\n');
    const io = collectingIo(ROOT, 'not json');
    expect(gomodMain(['replaces'], io)).toBe(1);
    expect(io.stderr()).toMatch(/^gomod: stdin is not the JSON of go mod edit -json/);
  });
});

test('the launcher refuses a call without a TypeScript file (usage, exit 2)', () => {
  const r = runTs([]);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: 'usage: node scripts/run-ts.js <file.ts> [ARG...]\n' });
});

test('no node program is inlined in the shell scripts, the Taskfile or CI any more (they are scripts/lib/*.ts)', () => {
  const files = [
    ...fs
      .readdirSync(path.join(ROOT, 'scripts'))
      .filter((f) => f.endsWith('.sh'))
      .map((f) => `scripts/${f}`),
    'Taskfile.yml',
    '.ci/run',
  ];
  const inline = files
    .flatMap((f) =>
      fs
        .readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .map((l, i) => [f, i + 1, l] as const),
    )
    .filter(([, , l]) => /\bnode\s+(-e|-p|--eval|--print|-)(\s|$)|\bnode\b[^#\n]*<<['"]?[A-Z]/.test(l))
    .map(([f, n, l]) => `${f}:${n}: ${l.trim()}`);
  expect(inline).toEqual([]);
});
