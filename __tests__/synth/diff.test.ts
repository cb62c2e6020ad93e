/**
 * `synth --diff`: what a model change does to each output, as exact lines. Each case synthesizes a fixture model before
 * and after one edit and compares the generated file sets the way `npm run synth -- --diff` does. The fixture: the base
 * with a worker, Jellyfin on the media share, a GPU node's workbench (its own pool, no movesTo) and the future pools of
 * the storage switch.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { synthesize, OWNERSHIP } from '../../synth';
import { changedPaths, diffGenerated, renderMarkdown, renderText, type DiffSection } from '../../synth/diff';
import { readGitRef, readWorkingTree } from '../../synth/tree';
import type { OutputFiles } from '../../synth/outputs';
import { fixtureModel, withFutureStorage, withGpuWorkbench, withMediaApp, withServiceVm, withWorker, type Draft, type Variant } from '../fixtures/models';
import { app } from '../helpers/find';

const VARIANTS: readonly Variant[] = [withWorker, withMediaApp, withGpuWorkbench, withFutureStorage];
/** The generated files of the fixture with one more change. */
const synthWith = (change: (m: Draft) => void): OutputFiles =>
  synthesize(
    fixtureModel(...VARIANTS, (m) => {
      change(m);
      return m;
    }),
  ).files;

const section = (sections: readonly DiffSection[], output: DiffSection['output'], unit: string): DiffSection | undefined =>
  sections.find((s) => s.output === output && s.unit === unit);
const lines = (text: string, header: RegExp): string[] => {
  const all = text.split('\n');
  const start = all.findIndex((l) => header.test(l));
  if (start < 0) return [];
  const end = all.findIndex((l, i) => i > start && !l.startsWith('  '));
  return all.slice(start, end < 0 ? undefined : end);
};

describe('synth --diff', () => {
  let base: OutputFiles;
  beforeAll(() => {
    base = synthWith(() => undefined);
  });

  it('no change: says so', () => {
    expect(renderText(diffGenerated(base, base))).toBe('synth --diff: no change to any generated output\n');
  });

  it('adding a VM shows exactly its new resources, its host and its group', () => {
    // The first VM of role service: one 10 GiB disk on alpha-disk.
    const after = synthWith((m) => withServiceVm('svc-07', 260)(m));
    const text = renderText(diffGenerated(base, after));
    const stack = lines(text, /^OpenTofu stack home:/);
    expect(stack[0]).toBe(`OpenTofu stack home: ${stack.length - 1} to add, 0 to change, 0 to remove`);
    // Exactly the VM and its firewall (and the role's security group): nothing else of the stack moves.
    expect(stack.slice(1).map((l) => l.replace(/_[0-9A-F]{8}$/, ''))).toEqual([
      '  + proxmox_virtual_environment_cluster_firewall_security_group.security-group-service_group',
      '  + proxmox_virtual_environment_firewall_options.firewall-svc_07_options',
      '  + proxmox_virtual_environment_firewall_rules.firewall-svc_07_rules',
      '  + proxmox_virtual_environment_vm.guest-svc-07_vm',
    ]);
    expect(lines(text, /^Ansible /)).toEqual([
      'Ansible ansible/inventory/hosts.yml: 1 to add, 4 to change, 0 to remove',
      '  + host svc-07',
      '  ~ group all: hosts.svc-07',
      '  ~ group home: hosts.svc-07',
      '  ~ group vm_guests: hosts.svc-07',
      // Its disk grows what the pool's filesystem must hold (role pve_network checks it).
      '  ~ host home-alpha: vars.pve_local_storage[0].required_gib',
    ]);
    for (const other of ['vault', 'edge']) expect(text).not.toContain(`OpenTofu stack ${other}:`);
    expect(text).not.toMatch(/^Flux Kustomization/m);
  });

  it('the storage switch shows exactly the datastore_ids that move, and the media share path of each pod', () => {
    const report = diffGenerated(
      base,
      synthWith((m) => {
        m.storageStage = 'future';
      }),
    );
    const home = section(report.sections, 'tofu', 'home');
    expect(home?.added).toEqual([]);
    expect(home?.removed).toEqual([]);
    const vms = home?.changed.filter((c) => c.name.startsWith('proxmox_virtual_environment_vm.')) ?? [];
    // Every changed VM attribute is a datastore_id: nothing else of a VM changes with the storage stage.
    expect(vms.length).toBeGreaterThan(0);
    for (const vm of vms) for (const p of vm.paths) expect(p).toMatch(/(^|\.)datastore_id$/);
    expect(vms.find((v) => v.name.startsWith('proxmox_virtual_environment_vm.guest-kube-worker-01_vm'))?.paths).toEqual([
      'disk[0].datastore_id',
      'disk[1].datastore_id',
      'initialization.datastore_id',
    ]);
    // The GPU node's guests keep their local pool (no movesTo): they do not appear.
    expect(vms.some((v) => v.name.includes('workbench-01'))).toBe(false);
    // The containers keep their root filesystems: the LUN holds VM disks only.
    expect(home?.changed.filter((c) => c.name.startsWith('proxmox_virtual_environment_container.'))).toEqual([]);
    expect(section(report.sections, 'k8s', 'flux-system/jellyfin')?.changed).toEqual([
      { name: 'Deployment media/jellyfin', paths: [expect.stringMatching(/^spec\.template\.spec\.volumes\[\d+\]\.nfs\.path$/)] },
    ]);
  });

  it('an image bump shows one changed container image in one Flux Kustomization (and the docs that name it)', () => {
    const report = diffGenerated(
      base,
      synthWith((m) => {
        app(m, 'jellyfin').image = { repository: 'docker.io/jellyfin/jellyfin', tag: '10.11.0' };
      }),
    );
    expect(report.sections.map((s) => `${s.output} ${s.unit}`)).toEqual(['k8s flux-system/jellyfin', 'files generated files']);
    // The architecture docs (and the platform view) name the image; no other output moves.
    expect(section(report.sections, 'files', 'generated files')?.changed.map((c) => c.name)).toEqual(['docs/ARCHITECTURE.md', 'docs/diagrams/platform.mmd']);
    expect(report.sections[0].changed).toEqual([
      { name: 'Deployment media/jellyfin', paths: [expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.image$/)] },
    ]);
  });

  it('puts every generated k8s file under the Flux Kustomization that applies it: ks.yaml under the root `cluster`', () => {
    const report = diffGenerated(new Map(), base);
    const units = report.sections.filter((s) => s.output === 'k8s').map((s) => s.unit);
    expect(units).not.toContain('(not applied by Flux)');
    expect(section(report.sections, 'k8s', 'flux-system/cluster')?.added).toEqual(
      expect.arrayContaining(['Kustomization flux-system/jellyfin', 'Kustomization flux-system/traefik', 'Namespace media']),
    );
    expect(section(report.sections, 'k8s', 'flux-system/jellyfin')?.added).toEqual(
      expect.arrayContaining(['Deployment media/jellyfin', 'IngressRoute media/jellyfin']),
    );
    expect(section(report.sections, 'k8s', 'flux-system/jellyfin')?.added).not.toContain('Kustomization flux-system/jellyfin');
  });

  it('a model dependsOn edit shows as one changed Flux Kustomization in the root unit', () => {
    const report = diffGenerated(
      base,
      synthWith((m) => {
        app(m, 'jellyfin').dependsOn = ['traefik'];
      }),
    );
    expect(report.sections.filter((s) => s.output === 'k8s').map((s) => s.unit)).toEqual(['flux-system/cluster']);
    // Its dependsOn was [local-path-provisioner, traefik] (sorted): the first name changes, the second entry goes.
    expect(section(report.sections, 'k8s', 'flux-system/cluster')?.changed).toEqual([
      { name: 'Kustomization flux-system/jellyfin', paths: ['spec.dependsOn[0].name', 'spec.dependsOn[1]'] },
    ]);
  });

  it('renders Markdown for a job summary: a table of counts, then a diff block per unit', () => {
    const md = renderMarkdown(
      diffGenerated(
        base,
        synthWith((m) => {
          app(m, 'jellyfin').image = { repository: 'docker.io/jellyfin/jellyfin', tag: '10.11.0' };
        }),
      ),
    );
    expect(md).toContain('| Flux Kustomization | `flux-system/jellyfin` | 0 | 1 | 0 |');
    expect(md).toContain('```diff\n! Deployment media/jellyfin: spec.template.spec.containers[0].image\n```');
  });

  it('colours only when asked', () => {
    const report = { sections: [{ output: 'files' as const, unit: 'generated files', added: ['a'], changed: [], removed: ['b'] }] };
    expect(renderText(report)).toBe('Files generated files: 1 to add, 0 to change, 1 to remove\n  + a\n  - b\n');
    expect(renderText(report, { color: true })).toContain('\u001b[32m  + a\u001b[0m');
  });

  it('changed paths name leaves, array positions and keys present on one side only', () => {
    expect(changedPaths({ a: 1, b: { c: [1, 2] }, '//': 'x' }, { a: 1, b: { c: [1, 3, 4] }, d: true, '//': 'y' })).toEqual(['b.c[1]', 'b.c[2]', 'd']);
    expect(changedPaths('x', 'y')).toEqual(['(value)']);
  });
});

describe('synth --diff sources', () => {
  it('reads the owned files of the working tree and of a git ref, and names a bad ref', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-diff-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args], { stdio: 'pipe' });
      git('init', '-q');
      fs.mkdirSync(path.join(root, 'tofu-out/stacks/x'), { recursive: true });
      fs.writeFileSync(path.join(root, 'tofu-out/stacks/x/cdk.tf.json'), '{"resource":{}}\n');
      fs.writeFileSync(path.join(root, 'README.md'), 'hand-written\n');
      git('add', '-A');
      git('commit', '-qm', 'one');
      fs.writeFileSync(path.join(root, 'tofu-out/stacks/x/cdk.tf.json'), '{"resource":{"t":{"n":{}}}}\n');
      expect([...readGitRef(root, 'HEAD', OWNERSHIP)]).toEqual([['tofu-out/stacks/x/cdk.tf.json', '{"resource":{}}\n']]);
      expect([...readWorkingTree(root, OWNERSHIP)]).toEqual([['tofu-out/stacks/x/cdk.tf.json', '{"resource":{"t":{"n":{}}}}\n']]);
      const report = diffGenerated(readGitRef(root, 'HEAD', OWNERSHIP), readWorkingTree(root, OWNERSHIP));
      expect(renderText(report)).toBe('OpenTofu stack x: 1 to add, 0 to change, 0 to remove\n  + t.n\n');
      expect(() => readGitRef(root, 'no-such-ref', OWNERSHIP)).toThrow(/git ref "no-such-ref" does not name a commit/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
