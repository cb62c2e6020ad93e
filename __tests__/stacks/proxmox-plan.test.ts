/** The pure plans of a Proxmox location (plan/proxmox.ts, plan/proxmox-location.ts), on fixture models. */
import { fixture, fixtureModel, withGpuWorkbench, withMediaShare, withProxmoxSite, withVpnGateway, withWorker, type Draft } from '../fixtures/models';
import { firewallPlan, guestLayer, guestsAt, imageDatastore, imageDownloads } from '../../plan/proxmox';
import { locationGuests, proxmoxLocationPlan } from '../../plan/proxmox-location';
import { liveStorageFor } from '../../model/lookup';
import { resolveModel } from '../../model/resolved';
import { secretNames } from '../../model/secrets';
import { inventory } from '../../synth/ansible';
import type { Homelab } from '../../model/types';

/** The base with a future-stage LUN taking over alpha-disk's VM disks. */
function withLun(d: Draft): Draft {
  d.storage.push({ name: 'alpha-lun', kind: 'iscsi', host: 'home-alpha', content: ['vm-disks'], stages: ['future'] });
  d.storage.find((s) => s.name === 'alpha-disk')!.movesTo = 'alpha-lun';
  return d;
}

describe('guestsAt / locationGuests', () => {
  it('lists the active guests on the hosts of a location, in model order', () => {
    const model = fixtureModel(withProxmoxSite('dune'));
    expect(guestsAt(model, 'home').map((g) => g.name)).toEqual(['kube-master-01', 'tunnel-01', 'proxy-01']);
    expect(guestsAt(model, 'dune').map((g) => g.name)).toEqual(['remote-01']);
    expect(locationGuests(resolveModel(model), 'dune').map((g) => g.name)).toEqual(['remote-01']);
  });

  it('leaves out planned guests, and the guests of a planned location', () => {
    const d = fixture(withWorker, withProxmoxSite('dune'));
    d.guests.find((g) => g.name === 'kube-worker-01')!.lifecycle = 'planned';
    d.locations.find((l) => l.name === 'dune')!.lifecycle = 'planned';
    expect(guestsAt(d as Homelab, 'home').map((g) => g.name)).not.toContain('kube-worker-01');
    expect(guestsAt(d as Homelab, 'dune')).toEqual([]);
  });
});

describe('liveStorageFor (the storage switch)', () => {
  const current = fixture(withLun) as Homelab;
  const future = { ...current, storageStage: 'future' as const };

  it('keeps every pool in the current stage', () => {
    expect(liveStorageFor(current, 'alpha-disk', 'vm-disks')).toBe('alpha-disk');
  });

  it('moves VM disks to their future pool; keeps content the target cannot hold and pools without movesTo', () => {
    expect(liveStorageFor(future, 'alpha-disk', 'vm-disks')).toBe('alpha-lun');
    expect(liveStorageFor(future, 'alpha-disk', 'container-rootfs')).toBe('alpha-disk');
    expect(liveStorageFor(fixtureModel(withGpuWorkbench), 'titan-disk', 'vm-disks')).toBe('titan-disk');
  });
});

describe('imageDownloads', () => {
  it('downloads each image once per node that runs a guest made from it, into a pool of that node', () => {
    const model = fixtureModel(withGpuWorkbench);
    expect(imageDownloads(model, guestsAt(model, 'home')).map((d) => `${d.image.name}@${d.node}:${d.datastore}`)).toEqual([
      'debian-12-cloud@home-alpha:alpha-disk',
      'debian-12-cloud@home-titan:titan-disk',
      'debian-12-lxc@home-alpha:alpha-disk',
    ]);
  });

  it('fails clearly when a node has no pool for images', () => {
    const d = fixture(withGpuWorkbench);
    d.storage.find((s) => s.name === 'titan-disk')!.content = ['vm-disks'];
    expect(() => imageDatastore(d as Homelab, d.images[0] as Homelab['images'][number], 'home-titan')).toThrow(
      /\[images\/debian-12-cloud\] node home-titan has no local pool with content 'images' — rule: image-storage/,
    );
  });
});

describe('firewallPlan', () => {
  const model = fixtureModel(withWorker);
  const plan = firewallPlan(model, 'home');
  const rulesOf = (group: string) => plan.groups.find((g) => g.name === group)!.rules.map((r) => `${r.from}>${r.to}:${r.service}`);

  it('gives every guest with an allowed inbound service its role group', () => {
    expect(Object.fromEntries(plan.groupOf)).toEqual(Object.fromEntries(model.guests.map((g) => [g.name, g.role])));
  });

  it('lets only SSH and ping from management reach the outbound-only tunnel connector', () => {
    expect(rulesOf('tunnel')).toEqual(['ember-mgmt-vlan>forge-servers-vlan:ssh', 'ember-mgmt-vlan>forge-servers-vlan:icmp']);
  });

  it('only allows services a guest serves (plus ping)', () => {
    for (const g of plan.groups) {
      const served = new Set(model.guests.filter((x) => x.role === g.role).flatMap((x) => x.serves ?? []));
      for (const r of g.rules) if (r.service !== 'icmp') expect(served.has(r.service)).toBe(true);
    }
  });

  it('opens the Proxmox UI on the hosts only from the management network', () => {
    expect(plan.hostRules.filter((r) => r.service === 'proxmox-ui').map((r) => r.from)).toEqual(['ember-mgmt-vlan']);
    expect(plan.managementNetworks).toEqual(['ember-mgmt-vlan']);
    expect(plan.hostRules.map((r) => r.service)).toEqual(['ssh', 'proxmox-ui', 'icmp']);
  });

  it('allows only ping to a guest that serves nothing; no group for a guest no flow reaches', () => {
    const d = fixture();
    d.guests.find((g) => g.name === 'tunnel-01')!.serves = [];
    expect(
      firewallPlan(d as Homelab, 'home')
        .groups.find((g) => g.name === 'tunnel')!
        .rules.map((r) => r.service),
    ).toEqual(['icmp']);
    d.networks.push({ name: 'moss-iot-vlan', purpose: 'iot', location: 'home', bridge: 'vmbr0', description: 'No flow enters it.' });
    d.guests.find((g) => g.name === 'tunnel-01')!.networks = ['moss-iot-vlan'];
    const p = firewallPlan(d, 'home');
    expect(p.groupOf.has('tunnel-01')).toBe(false);
  });

  it("one derivation: each guest's nftables allow-list (inventory) admits exactly what its Proxmox security group admits, ping included", () => {
    const hosts = Object.values(
      (
        inventory(resolveModel(model)) as {
          children: Record<string, { hosts?: Record<string, { host_firewall_rules?: { service: string; from: string }[] }> }>;
        }
      ).children,
    ).flatMap((g) => Object.entries(g.hosts ?? {}));
    const cidrOf = new Map(model.networks.map((n) => [`{{ ${secretNames.cidr(n.name)} }}`, n.name]));
    for (const g of model.guests) {
      const proxmox = plan.groups.find((x) => x.name === plan.groupOf.get(g.name))!.rules.map((r) => `${r.from}:${r.service}`);
      const vars = hosts.find(([name, v]) => name === g.name && v.host_firewall_rules)![1];
      const nftables = [...new Set(vars.host_firewall_rules!.map((r) => `${cidrOf.get(r.from)}:${r.service}`))];
      expect(nftables.sort()).toEqual([...new Set(proxmox)].sort());
      expect(nftables.some((r) => r.endsWith(':icmp'))).toBe(true);
    }
  });
});

describe('proxmoxLocationPlan', () => {
  const model = resolveModel(fixtureModel(withWorker, withGpuWorkbench, withVpnGateway, withMediaShare));
  const plan = proxmoxLocationPlan(model, 'home');
  const guest = (name: string) => plan.guests.find((g) => g.name === name)!;

  it("names the provider's vault keys and TLS of the location's cluster", () => {
    expect(plan.provider).toEqual({ endpointKey: 'proxmox_endpoint', apiTokenKey: 'proxmox_api_token', insecure: false });
  });

  it("resolves each guest's NICs to bridges and vault keys, the gateway on the primary NIC only", () => {
    expect(guest('proxy-01').nics).toEqual([
      {
        network: 'forge-servers-vlan',
        bridge: 'vmbr0',
        vlanIdKey: 'vlan_id_forge_servers_vlan',
        addressKey: secretNames.guestAddress('proxy-01', 'forge-servers-vlan'),
        cidrKey: 'cidr_forge_servers_vlan',
        gatewayKey: 'gateway_forge_servers_vlan',
      },
      {
        network: 'ember-mgmt-vlan',
        bridge: 'vmbr0',
        vlanIdKey: 'vlan_id_ember_mgmt_vlan',
        addressKey: secretNames.guestAddress('proxy-01', 'ember-mgmt-vlan'),
        cidrKey: 'cidr_ember_mgmt_vlan',
        gatewayKey: undefined,
      },
    ]);
  });

  it('resolves storage, firmware, GPU and image per guest kind', () => {
    expect(guest('kube-worker-01').vm).toEqual({
      disks: [
        { datastore: 'alpha-disk', sizeGiB: 20 },
        { datastore: 'alpha-disk', sizeGiB: 40 },
      ],
      firmware: { machine: 'i440fx', bios: 'seabios' },
      gpu: undefined,
    });
    expect(guest('workbench-01').vm).toEqual(expect.objectContaining({ firmware: { machine: 'q35', bios: 'ovmf' }, gpu: 'titan-gpu0' }));
    expect(guest('workbench-01').image).toBe('debian-12-cloud@home-titan');
    expect(guest('tunnel-01').lxc).toEqual({ rootDisk: { datastore: 'alpha-disk', sizeGiB: 4 }, privileged: undefined, nesting: true, hostMounts: false });
    expect(guest('tunnel-01').tags).toEqual({ location: 'home', role: 'tunnel', layer: 'edge' });
    expect(plan.pciMappings.map((m) => [m.gpu, m.node])).toEqual([['titan-gpu0', 'home-titan']]);
  });

  it("puts the bastion tunnel into the gateway's network and the management set", () => {
    expect(plan.firewall.tunnelNetwork).toBe('ember-mgmt-vlan');
    expect(plan.firewall.cidrKeys.get('ember-mgmt-vlan')).toBe('cidr_ember_mgmt_vlan');
  });

  it('the storage switch moves VM disks in the plan', () => {
    const d = withLun(fixture(withWorker));
    d.storageStage = 'future';
    const p = proxmoxLocationPlan(resolveModel(d), 'home');
    expect(p.guests.find((g) => g.name === 'kube-worker-01')!.vm!.disks.map((x) => x.datastore)).toEqual(['alpha-lun', 'alpha-lun']);
    expect(p.guests.find((g) => g.name === 'tunnel-01')!.lxc!.rootDisk.datastore).toBe('alpha-disk');
  });
});

describe('guestLayer', () => {
  it('tags Kubernetes nodes, edge services and workloads', () => {
    expect([guestLayer('k8s-worker'), guestLayer('tunnel'), guestLayer('gpu-workbench')]).toEqual(['kubernetes', 'edge', 'workload']);
  });
});
