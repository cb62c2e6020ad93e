/**
 * The bootstrap order as data (bootstrap/plan.ts): every consumer after its producer, derived from the model, the
 * document synth writes from it, and the runner behind `task bootstrap`. Fixture models; the seed only end to end: the
 * committed docs/BOOTSTRAP.md and scripts/bootstrap.js (which plans the seed from dist/homelab.js).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { homelab } from '../../homelab';
import { bootstrapMarkdown, bootstrapPlan, checkBootstrapOrder, continueCommand, type BootstrapStep } from '../../bootstrap';
import type { Homelab } from '../../model/types';
import { validateModel } from '../../model/validate';
import {
  BACKUP_LOCATION,
  FIXTURES,
  HOME,
  fixtureModel,
  withDns,
  withDownloadClient,
  withIdentityOutpost,
  withInfraEndpoint,
  withMediaApp,
  withOciBastion,
  withVpnGateway,
  withWorker,
  type Variant,
} from '../fixtures/models';
import { withAuthentik } from '../charts/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * A small homelab: the base fixture with its DNS guest and without the cluster (its nodes and apps): one Proxmox host,
 * no GPU, no NFS, no bastion, no cluster. Not a valid model (the edge needs the cluster's ingress): bootstrapPlan reads
 * a model as given.
 */
function smallHomelab(change: Variant = (m) => m): Homelab {
  return fixtureModel(
    withDns,
    (m) => {
      m.clusters = [];
      m.apps = [];
      m.guests = m.guests.filter((g) => !g.role.startsWith('k8s-'));
      return m;
    },
    change,
  );
}

const ids = (steps: readonly BootstrapStep[]): string[] => steps.map((s) => s.id);
const step = (steps: readonly BootstrapStep[], id: string): BootstrapStep => {
  const s = steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${ids(steps).join(', ')}`);
  return s;
};

/** A fixture with a worker, a public app, a bastion, a DNS guest and a GPU passed through to the worker. */
const gpuModel = fixtureModel(withWorker, withMediaApp, withOciBastion, withDns, (m) => {
  m.hosts[0].gpus = [{ name: 'alpha-gpu0', model: 'NVIDIA GeForce RTX 3090' }];
  m.guests.find((g) => g.name === 'kube-worker-01')!.gpu = 'alpha-gpu0';
  return m;
});

/**
 * A fixture with every play of site.yml to run: DNS, NFS (the media share), the download client, the cluster with
 * Authentik and the infrastructure outpost, the bastion and its WireGuard gateway.
 */
const siteModel = fixtureModel(withWorker, withDns, withDownloadClient, withMediaApp, withInfraEndpoint, withIdentityOutpost, withAuthentik, withVpnGateway);

describe('bootstrap order', () => {
  it("the test's fixture models are valid", () => {
    expect(() => validateModel(gpuModel)).not.toThrow();
    expect(() => validateModel(siteModel)).not.toThrow();
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
    const runs = bootstrapPlan(siteModel)
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
    expect(step(steps, HOME).needs).not.toContain('iommu-active');
    expect(step(steps, 'host-prep').provides).toEqual(['package-repositories', 'provisioning-identity', 'host-bridges', 'storage-network']);
  });

  it('a host with two GPUs: one PCI-id step per GPU, both before the vault check, and the reboot before the guests', () => {
    const steps = bootstrapPlan(
      smallHomelab((m) => {
        m.hosts[0].gpus = [
          { name: 'alpha-gpu0', model: 'A' },
          { name: 'alpha-gpu1', model: 'B' },
        ];
        return m;
      }),
    );
    expect(checkBootstrapOrder(steps)).toEqual([]);
    expect(ids(steps).filter((id) => id.startsWith('pci-ids'))).toEqual(['pci-ids-alpha-gpu0', 'pci-ids-alpha-gpu1']);
    expect(step(steps, 'vault-check').needs).toEqual(expect.arrayContaining(['pci-ids:alpha-gpu0', 'pci-ids:alpha-gpu1']));
    expect(step(steps, HOME).needs).toEqual(expect.arrayContaining(['iommu-active', 'iommu-group:alpha-gpu0', 'iommu-group:alpha-gpu1']));
    expect(step(steps, 'host-prep').run).toBe('task ansible:playbook PLAYBOOK=proxmox -- -e vfio_reboot=true');
  });

  it('no bastion: no OCI apply, no bastion play; no cluster: no k3s, Flux or Authentik steps', () => {
    const steps = bootstrapPlan(smallHomelab());
    const oci = ['tower', 'tower-sync', 'bastion'];
    const cluster = ['k3s', 'flux', 'flux-deploy-key', 'authentik-outpost-token'];
    for (const id of [...oci, ...cluster]) expect(ids(steps)).not.toContain(id);
    // The same steps are there once the model has them: the bastion (OCI location tower), the cluster with Authentik.
    expect(ids(bootstrapPlan(smallHomelab(withOciBastion)))).toEqual(expect.arrayContaining(oci));
    expect(ids(bootstrapPlan(siteModel))).toEqual(expect.arrayContaining([...oci, ...cluster]));
  });

  it('names the DNS guests the DNS step configures first', () => {
    expect(step(bootstrapPlan(smallHomelab()), 'dns').title).toContain('dns-01');
  });
});

describe('docs/BOOTSTRAP.md', () => {
  it('lists every step in order and says how to continue after each manual one', () => {
    const md = bootstrapMarkdown(siteModel);
    const steps = bootstrapPlan(siteModel);
    // Both endings occur: manual steps in the middle, and a manual last step (the arr apps' download client).
    expect(steps.at(-1)?.manual).toBeDefined();
    expect(steps.slice(0, -1).some((s) => s.manual !== undefined)).toBe(true);
    const positions = steps.map((s) => md.indexOf(`| \`${s.id}\` |`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const s of steps.filter((x) => x.manual)) {
      const next = continueCommand(steps, s.id);
      expect(md).toContain(next === undefined ? 'This is the last step: the homelab is up.' : `Then continue: \`${next}\``);
    }
  });

  it('is the committed file (drift-checked like every generated doc; end to end on the seed)', () => {
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
