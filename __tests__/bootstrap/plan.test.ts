/**
 * The bootstrap order as data (bootstrap/plan.ts): every consumer after its producer, derived from the model, the
 * document synth writes from it, and the runner behind `task bootstrap`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { homelab } from '../../homelab';
import { bootstrapMarkdown, bootstrapPlan, checkBootstrapOrder, continueCommand, type BootstrapStep } from '../../bootstrap';
import type { GuestSpec, HostSpec, Homelab } from '../../model/types';
import { validateModel } from '../../model/validate';
import { BACKUP_LOCATION, FIXTURES, HOME, fixtureModel, withMediaApp, withOciBastion, withWorker } from '../fixtures/models';

const ROOT = path.resolve(__dirname, '..', '..');

const pveHost = (name: string, extra: Partial<HostSpec> = {}): HostSpec => ({
  name,
  location: 'asgard',
  kind: 'proxmox',
  capacity: { cores: 8, memoryGiB: 32 },
  networks: ['mgmt'],
  pveCluster: 'asgard-pve',
  ...extra,
});
const guest = (name: string, role: GuestSpec['role'], host: string): GuestSpec => ({
  name,
  kind: 'lxc',
  host,
  role,
  vmid: 100 + name.length,
  cores: 1,
  memoryMiB: 512,
  disks: [{ storage: 's', sizeGiB: 4 }],
  networks: ['servers'],
  image: 'img',
  description: name,
});

/** A small homelab: one Proxmox host, one DNS guest; no GPU, no NFS, no bastion, no cluster. */
function smallHomelab(change: (m: { -readonly [K in keyof Homelab]: Homelab[K] }) => void = () => undefined): Homelab {
  const m = {
    name: 'small',
    gitops: { repositoryUrl: 'ssh://git@example.invalid/x.git', branch: 'main' },
    storageStage: 'current' as const,
    locations: [{ name: 'asgard', kind: 'on-prem' as const, description: 'The one Proxmox site.' }],
    pveClusters: [{ name: 'asgard-pve', location: 'asgard', automation: { user: 'tofu@pve', tokenId: 't', role: 'R' } }],
    hosts: [pveHost('asgard-one')],
    storage: [],
    networks: [],
    flows: [],
    images: [],
    guests: [guest('adguard-01', 'dns', 'asgard-one')],
    cloudInstances: [],
    clusters: [],
    apps: [],
    infraEndpoints: [],
    edge: { dns: 'cloudflare' as const, tunnel: 't', connector: 'c', infrastructureProxy: 'p', applicationIngress: 'i' },
    backups: {
      bucket: 'b',
      location: 'babylon',
      sources: [],
      noncurrentVersionExpiryDays: 30,
      transitionAfterDays: 30,
      transitionStorageClass: 'GLACIER_IR' as const,
    },
  };
  change(m);
  return m;
}

const ids = (steps: readonly BootstrapStep[]): string[] => steps.map((s) => s.id);
const step = (steps: readonly BootstrapStep[], id: string): BootstrapStep => {
  const s = steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${ids(steps).join(', ')}`);
  return s;
};

/** A fixture with a worker, a public app, a bastion, a DNS guest and a GPU passed through to the worker. */
const gpuModel = fixtureModel(withWorker, withMediaApp, withOciBastion, (m) => {
  m.hosts[0].gpus = [{ name: 'alpha-gpu0', model: 'NVIDIA GeForce RTX 3090' }];
  m.guests.find((g) => g.name === 'kube-worker-01')!.gpu = 'alpha-gpu0';
  const proxy = m.guests.find((g) => g.name === 'proxy-01')!;
  m.guests.push({ ...proxy, name: 'dns-01', role: 'dns', vmid: 103, serves: ['dns', 'ssh'], description: 'DNS resolver.' });
  const servers = m.flows.find((f) => f.from === 'forge-servers-vlan' && f.to === 'forge-servers-vlan')!;
  servers.services = [...servers.services, 'dns'];
  return m;
});

describe('bootstrap order', () => {
  it("the test's fixture model is valid", () => {
    expect(() => validateModel(gpuModel)).not.toThrow();
  });

  it('two Proxmox sites and two OCI regions: one apply step per stack, each later step waits for all of them', () => {
    const steps = bootstrapPlan(fixtureModel(...FIXTURES.everything));
    expect(checkBootstrapOrder(steps)).toEqual([]);
    expect(step(steps, 'dune').run).toBe('task tofu:apply STACK=dune');
    expect(step(steps, 'hardening').needs).toEqual(expect.arrayContaining([`guests:${HOME}`, 'guests:dune']));
    expect(step(steps, 'bastion').needs).toEqual(expect.arrayContaining(['bastion-address:tower', 'bastion-address:spire']));
  });

  it.each(Object.keys(FIXTURES))('every consumer comes after its producer, in the fixture model %s', (name) => {
    expect(checkBootstrapOrder(bootstrapPlan(fixtureModel(...FIXTURES[name])))).toEqual([]);
  });

  it("a planted wrong order fails: the Proxmox location's guests before the host preparation they need", () => {
    const steps = [...bootstrapPlan(gpuModel)];
    const guests = steps.splice(
      steps.findIndex((s) => s.id === HOME),
      1,
    )[0];
    steps.splice(
      steps.findIndex((s) => s.id === 'host-prep'),
      0,
      guests,
    );
    expect(checkBootstrapOrder(steps)).toContain(
      `[bootstrap step ${HOME}] needs "host-bridges" from "host-prep", which comes later — rule: bootstrap-order — fix: move "${HOME}" after "host-prep"`,
    );
  });

  it('a need nobody provides, a thing provided twice and a step of an earlier phase after a later one are reported, all at once', () => {
    const steps: BootstrapStep[] = [
      { id: 'a', phase: 'state', title: 'a', needs: ['nothing-makes-this'], provides: ['x'], run: 'true' },
      { id: 'b', phase: 'accounts', title: 'b', needs: [], provides: ['x'], run: 'true' },
    ];
    expect(checkBootstrapOrder(steps)).toEqual([
      '[bootstrap step b] provides "x", already provided by "a" — rule: bootstrap-one-producer — fix: let one step provide it',
      '[bootstrap step a] needs "nothing-makes-this", which no step provides — rule: bootstrap-producer — fix: add the step that provides it',
      '[bootstrap step b] is in phase accounts, after "a" of the later phase state — rule: bootstrap-phase-order — fix: keep the steps in the order of PHASES',
    ]);
  });

  it('runs the phases of issue 14 in order: state bucket, the AWS stack, host prep, the Proxmox guests, DNS first, edge, the rest of site.yml, k3s, Flux', () => {
    const order = ids(bootstrapPlan(gpuModel));
    const at = (id: string): number => order.indexOf(id);
    const chain = [
      'state-bucket',
      BACKUP_LOCATION,
      'host-prep',
      'provisioning-token',
      HOME,
      'proxmox-guests',
      'dns',
      'edge',
      'hardening',
      'lxc-services',
      'k3s',
      'flux',
    ];
    for (const id of chain) expect(at(id)).toBeGreaterThanOrEqual(0);
    expect([...chain].sort((a, b) => at(a) - at(b))).toEqual(chain);
  });

  it('has the steps that need a person, each with the exact thing to do', () => {
    const manual = bootstrapPlan(gpuModel).filter((s) => s.manual);
    expect(ids(manual)).toEqual([
      'proxmox-installed',
      'pool-filesystems',
      'fill-vault',
      'state-identity',
      'cloudflare-tokens',
      'pci-ids-alpha-gpu0',
      'state-bucket',
      'provisioning-token',
      'flux-deploy-key',
      'flux-signing',
    ]);
    expect(step(manual, 'state-identity').manual?.do).toContain('homelab-bootstrap');
    expect(step(manual, 'cloudflare-tokens').manual?.do).toContain('cloudflare_dns_api_token');
    expect(step(manual, 'pci-ids-alpha-gpu0').manual?.do).toContain('pci_ids_alpha_gpu0');
    expect(step(manual, 'provisioning-token').manual?.do).toContain('iommu_group_alpha_gpu0');
    expect(step(manual, 'provisioning-token').manual?.do).toContain('proxmox_api_token');
    expect(step(manual, 'flux-deploy-key').manual?.do).toContain(gpuModel.gitops.repositoryUrl);
  });

  it('runs every playbook site.yml imports', () => {
    const site = parse(fs.readFileSync(path.join(ROOT, 'ansible', 'site.yml'), 'utf8')) as { 'ansible.builtin.import_playbook': string }[];
    const runs = bootstrapPlan(homelab)
      .map((s) => s.run ?? '')
      .join('\n');
    for (const play of site.map((p) => p['ansible.builtin.import_playbook'].replace(/\.yml$/, ''))) expect(runs).toContain(`PLAYBOOK=${play}`);
  });
});

describe('bootstrap steps derived from the model', () => {
  it('without GPUs: no PCI-id step, no reboot, and the guests do not wait for an IOMMU', () => {
    const steps = bootstrapPlan(smallHomelab());
    expect(checkBootstrapOrder(steps)).toEqual([]);
    expect(ids(steps).filter((id) => id.startsWith('pci-ids'))).toEqual([]);
    expect(step(steps, 'host-prep').run).toBe('task ansible:playbook PLAYBOOK=proxmox');
    expect(step(steps, 'asgard').needs).not.toContain('iommu-active');
    expect(step(steps, 'host-prep').provides).toEqual(['package-repositories', 'provisioning-identity', 'host-bridges', 'storage-network']);
  });

  it('a host with two GPUs: one PCI-id step per GPU, both before the vault check, and the reboot before the guests', () => {
    const steps = bootstrapPlan(
      smallHomelab((m) => {
        m.hosts = [
          pveHost('asgard-one', {
            gpus: [
              { name: 'one-gpu0', model: 'A' },
              { name: 'one-gpu1', model: 'B' },
            ],
          }),
        ];
      }),
    );
    expect(checkBootstrapOrder(steps)).toEqual([]);
    expect(ids(steps).filter((id) => id.startsWith('pci-ids'))).toEqual(['pci-ids-one-gpu0', 'pci-ids-one-gpu1']);
    expect(step(steps, 'vault-check').needs).toEqual(expect.arrayContaining(['pci-ids:one-gpu0', 'pci-ids:one-gpu1']));
    expect(step(steps, 'asgard').needs).toEqual(expect.arrayContaining(['iommu-active', 'iommu-group:one-gpu0', 'iommu-group:one-gpu1']));
    expect(step(steps, 'host-prep').run).toBe('task ansible:playbook PLAYBOOK=proxmox -- -e vfio_reboot=true');
  });

  it('no bastion: no coruscant apply, no bastion play; no cluster: no k3s, Flux or Authentik steps', () => {
    const steps = bootstrapPlan(smallHomelab());
    for (const id of ['coruscant', 'coruscant-sync', 'bastion', 'k3s', 'flux', 'flux-deploy-key', 'authentik-outpost-token'])
      expect(ids(steps)).not.toContain(id);
  });

  it('names the DNS guests the DNS step configures first', () => {
    expect(step(bootstrapPlan(smallHomelab()), 'dns').title).toContain('adguard-01');
  });
});

describe('docs/BOOTSTRAP.md', () => {
  it('lists every step in order and says how to continue after each manual one', () => {
    const md = bootstrapMarkdown(homelab);
    const steps = bootstrapPlan(homelab);
    const positions = steps.map((s) => md.indexOf(`| \`${s.id}\` |`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const s of steps.filter((x) => x.manual)) {
      const next = continueCommand(steps, s.id);
      expect(md).toContain(next === undefined ? 'This is the last step: the homelab is up.' : `Then continue: \`${next}\``);
    }
  });

  it('is the committed file (drift-checked like every generated doc)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'BOOTSTRAP.md'), 'utf8')).toBe(bootstrapMarkdown(homelab));
  });
});

describe('scripts/bootstrap.js (task bootstrap)', () => {
  const run = (...args: string[]) => spawnSync('node', [path.join(ROOT, 'scripts', 'bootstrap.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('--dry-run prints the phases in order with their manual steps and runs nothing', () => {
    const r = run('--dry-run');
    expect(r.status).toBe(0);
    const phases = r.stdout.split('\n').filter((l) => /^\d\. /.test(l));
    expect(phases.map((l) => l.split('.')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(r.stdout).toContain('PERSON: The host preparation wrote the new API token');
    expect(r.stdout).toMatch(/35 steps \(dry run, nothing was run\); 13 need a person/);
  });

  it('stops at a step that needs a person with the thing to do and the command that continues', () => {
    const r = run('--from', 'flux-deploy-key');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('A PERSON IS NEEDED');
    expect(r.stdout).toContain('flux_git_deploy_key');
    expect(r.stdout).toContain('When it is done, continue with:  task bootstrap FROM=flux');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 0 failed');
  });

  it('names the valid steps when FROM is wrong', () => {
    const r = run('--from', 'nowhere');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[FROM=nowhere] is not a step — fix: one of proxmox-installed, pool-filesystems, fill-vault,');
  });
});
