import { homelab } from '../../homelab';
import { firewallPlan, guestLayer, guestsAt, imageDatastore, imageDownloads } from '../../plan/proxmox';
import { liveStorageFor } from '../../model/lookup';
import { modelWith } from '../proxmox-fixtures';

const future = modelWith((m) => { m.storageStage = 'future'; });

describe('guestsAt', () => {
  it('lists the active guests on the hosts of a location, in model order', () => {
    expect(guestsAt(homelab, 'asgard').map((g) => g.name)).toEqual(homelab.guests.map((g) => g.name));
    expect(guestsAt(homelab, 'wano')).toEqual([]);
  });

  it('leaves out planned guests', () => {
    const m = modelWith((d) => { d.guests[0].lifecycle = 'planned'; });
    expect(guestsAt(m, 'asgard').map((g) => g.name)).not.toContain(homelab.guests[0].name);
  });
});

describe('liveStorageFor (the storage switch)', () => {
  it('keeps every pool in the current stage', () => {
    expect(liveStorageFor(homelab, 'atlas-bedrock', 'vm-disks')).toBe('atlas-bedrock');
    expect(liveStorageFor(homelab, 'atlas-data', 'media')).toBe('atlas-data');
  });

  it('moves VM disks to the iSCSI LUN and media to the NAS share in the future stage', () => {
    expect(liveStorageFor(future, 'atlas-bedrock', 'vm-disks')).toBe('zunesha-lun');
    expect(liveStorageFor(future, 'prometheus-bedrock', 'vm-disks')).toBe('zunesha-lun');
    expect(liveStorageFor(future, 'atlas-data', 'media')).toBe('zunesha-media');
  });

  it('keeps content the target cannot hold (LXC root filesystems) and pools without movesTo', () => {
    expect(liveStorageFor(future, 'atlas-bedrock', 'container-rootfs')).toBe('atlas-bedrock');
    expect(liveStorageFor(future, 'godzilla-bedrock', 'vm-disks')).toBe('godzilla-bedrock');
  });
});

describe('imageDownloads', () => {
  it('downloads each image once per node that runs a guest made from it, into a pool of that node', () => {
    const downloads = imageDownloads(homelab, guestsAt(homelab, 'asgard')).map((d) => `${d.image.name}@${d.node}:${d.datastore}`);
    expect(downloads).toEqual([
      'ubuntu-2404-cloudimg@asgard-atlas:atlas-bedrock',
      'ubuntu-2404-cloudimg@asgard-prometheus:prometheus-bedrock',
      'ubuntu-2404-cloudimg@asgard-godzilla:godzilla-bedrock',
      'debian-12-standard@asgard-prometheus:prometheus-bedrock',
      'debian-12-standard@asgard-atlas:atlas-bedrock',
    ]);
  });

  it('fails clearly when a node has no pool for images', () => {
    const m = modelWith((d) => { d.storage.find((s) => s.name === 'godzilla-bedrock')!.content = ['vm-disks']; });
    expect(() => imageDatastore(m, m.images[0], 'asgard-godzilla')).toThrow(/\[images\/ubuntu-2404-cloudimg\] node asgard-godzilla has no local pool with content 'images'/);
  });
});

describe('firewallPlan', () => {
  const plan = firewallPlan(homelab, 'asgard');
  const rulesOf = (group: string) => plan.groups.find((g) => g.name === group)!.rules.map((r) => `${r.from}>${r.to}:${r.service}`);

  it('gives every guest with an allowed inbound service its role group', () => {
    expect(Object.fromEntries(plan.groupOf)).toEqual(Object.fromEntries(homelab.guests.map((g) => [g.name, g.role])));
  });

  it('lets nothing but SSH and ping from management reach the outbound-only tunnel connector', () => {
    expect(rulesOf('tunnel')).toEqual(['heimdall-mgmt-vlan>styx-servers-vlan:ssh', 'heimdall-mgmt-vlan>styx-servers-vlan:icmp']);
  });

  it('lets IoT devices resolve names on the DNS guest and reach nothing else', () => {
    const iot = plan.groups.flatMap((g) => g.rules.filter((r) => r.from === 'bifrost-iot-vlan').map((r) => `${g.name}:${r.service}`));
    expect(iot).toEqual(['dns:dns']);
  });

  it('only allows services a guest serves (plus ping)', () => {
    for (const g of plan.groups) {
      const served = new Set(homelab.guests.filter((x) => x.role === g.role).flatMap((x) => x.serves ?? []));
      for (const r of g.rules) if (r.service !== 'icmp') expect(served.has(r.service)).toBe(true);
    }
  });

  it('opens the Proxmox UI on the hosts only from the management network', () => {
    const ui = plan.hostRules.filter((r) => r.service === 'proxmox-ui');
    expect(ui.map((r) => r.from)).toEqual(['heimdall-mgmt-vlan']);
    expect(plan.managementNetworks).toEqual(['heimdall-mgmt-vlan']);
    expect(plan.hostRules.map((r) => r.service)).toEqual(['ssh', 'proxmox-ui', 'icmp', 'nfs']);
  });

  it('allows only ping to a guest that serves nothing', () => {
    const m = modelWith((d) => { d.guests.find((g) => g.name === 'bananagator-01')!.serves = []; });
    expect(firewallPlan(m, 'asgard').groups.find((g) => g.name === 'tunnel')!.rules.map((r) => r.service)).toEqual(['icmp']);
  });

  it('gives a guest on a network no flow enters no group at all (default deny)', () => {
    const m = modelWith((d) => { d.guests.find((g) => g.name === 'bananagator-01')!.networks = ['bifrost-iot-vlan']; });
    const p = firewallPlan(m, 'asgard');
    expect(p.groupOf.has('bananagator-01')).toBe(false);
    expect(p.groups.map((g) => g.name)).not.toContain('tunnel');
  });
});

describe('guestLayer', () => {
  it('tags Kubernetes nodes, edge services and workloads', () => {
    expect([guestLayer('k8s-worker'), guestLayer('tunnel'), guestLayer('gpu-workbench')]).toEqual(['kubernetes', 'edge', 'workload']);
  });
});
