/** A Proxmox location stack, rendered from fixture models (the seed's asgard stack is pinned by synth:check). */
import '../helpers/cdktf-matchers';
import { fixture, fixtureModel, withGpuWorkbench, withDownloadClient, withVpnGateway, withWorker, type Draft } from '../fixtures/models';
import { resourcesById, resourcesOf, synthStack } from '../helpers/stacks';
import { ProxmoxProvider } from '../../.gen/providers/proxmox/provider';
import { VirtualEnvironmentContainer } from '../../.gen/providers/proxmox/virtual-environment-container';
import { VirtualEnvironmentVm } from '../../.gen/providers/proxmox/virtual-environment-vm';
import { HardwareMappingPci } from '../../.gen/providers/proxmox/hardware-mapping-pci';
import type { Homelab } from '../../model/types';

type Res = Record<string, unknown>;
const home = (model: Homelab) => synthStack(model, 'home');

/** Flattens JSON to path → scalar, for diffs. */
function flatten(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, path === '' ? k : `${path}.${k}`, out);
  else out.set(path, value);
  return out;
}

describe('Proxmox location stack', () => {
  const model = fixtureModel(withWorker, withGpuWorkbench, withVpnGateway);
  const { json, text } = home(model);

  it('provisions every active guest of its location on its host with its VMID and location tag', () => {
    for (const g of model.guests) {
      const Resource = g.kind === 'vm' ? VirtualEnvironmentVm : VirtualEnvironmentContainer;
      expect(text).toHaveResourceWithProperties(Resource, {
        vm_id: g.vmid,
        node_name: g.host,
        tags: expect.arrayContaining([`role-${g.role}`, 'location-home']),
      });
    }
    expect(resourcesOf(json, 'proxmox_virtual_environment_vm').length + resourcesOf(json, 'proxmox_virtual_environment_container').length).toBe(
      model.guests.length,
    );
  });

  it('keeps LXCs unprivileged, with nesting where the model asks for it', () => {
    expect(text).toHaveResourceWithProperties(VirtualEnvironmentContainer, { vm_id: 101, unprivileged: true, features: { nesting: true } });
    expect(text).toHaveResourceWithProperties(VirtualEnvironmentContainer, { vm_id: 110, unprivileged: true, features: { nesting: false } });
  });

  it('takes provider credentials, VLAN IDs, addresses, CIDRs and PCI ids only from sensitive variables', () => {
    expect(text).toHaveProviderWithProperties(ProxmoxProvider, { endpoint: '${var.proxmox_endpoint}', api_token: '${var.proxmox_api_token}', insecure: false });
    const flat = flatten(json);
    const vlanIds = [...flat].filter(([k]) => k.endsWith('.vlan_id')).map(([, v]) => v);
    expect(vlanIds.length).toBeGreaterThan(0);
    for (const v of vlanIds) expect(v).toMatch(/^\$\{var\.vlan_id_[a-z0-9_]+\}$/);
    for (const [k, v] of flat) if (/ip_config.*\.address$|cidr\[\d+\]\.name$/.test(k)) expect(v).toMatch(/\$\{var\.(address_|cidr_|wireguard_tunnel_cidr)/);
    expect(text).not.toMatch(/(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/);
    for (const v of Object.values(json.variable ?? {})) expect(v.sensitive).toBe(true);
  });

  it('passes a GPU through by a PCI mapping on its host (q35, OVMF), to its guest only', () => {
    expect(text).toHaveResourceWithProperties(HardwareMappingPci, {
      name: 'titan-gpu0',
      map: [
        {
          node: 'home-titan',
          path: '${var.pci_path_titan_gpu0}',
          id: '${element(var.pci_ids_titan_gpu0, 0)}',
          iommu_group: '${var.iommu_group_titan_gpu0}',
          subsystem_id: '${var.pci_subsystem_id_titan_gpu0}',
          comment: 'Fixture GPU',
        },
      ],
    });
    const withPci = resourcesOf(json, 'proxmox_virtual_environment_vm').filter((v) => v.hostpci !== undefined);
    expect(withPci.map((v) => v.name)).toEqual(['workbench-01']);
    expect(withPci[0]).toEqual(expect.objectContaining({ machine: 'q35', bios: 'ovmf', efi_disk: expect.objectContaining({ datastore_id: 'titan-disk' }) }));
  });

  it('turns every guest firewall on with inbound DROP, and the datacenter firewall too', () => {
    const options = resourcesOf(json, 'proxmox_virtual_environment_firewall_options');
    expect(options).toHaveLength(model.guests.length);
    for (const o of options) expect(o).toEqual(expect.objectContaining({ enabled: true, input_policy: 'DROP' }));
    expect(resourcesOf(json, 'proxmox_virtual_environment_cluster_firewall')[0]).toEqual(expect.objectContaining({ enabled: true, input_policy: 'DROP' }));
  });

  it("admits the unmasqueraded bastion tunnel where the gateway's network is admitted, nowhere else", () => {
    const sets = resourcesOf(json, 'proxmox_virtual_environment_firewall_ipset');
    const withTunnel = sets
      .filter((x) => (x.cidr as Res[]).some((c) => c.name === '${var.wireguard_tunnel_cidr}'))
      .map((x) => x.name)
      .sort();
    expect(withTunnel).toEqual(['ember-mgmt', 'management']);
    expect(sets.find((x) => x.name === 'management')?.cidr).toEqual([{ name: '${var.cidr_ember_mgmt_vlan}' }, { name: '${var.wireguard_tunnel_cidr}' }]);
  });

  it('opens the Proxmox UI port only from the management network', () => {
    const rules = resourcesOf(json, 'proxmox_virtual_environment_firewall_rules').flatMap((r) => (r.rule as Res[] | undefined) ?? []);
    const groups = resourcesOf(json, 'proxmox_virtual_environment_cluster_firewall_security_group').flatMap((g) => g.rule as Res[]);
    const ui = [...rules, ...groups].filter((r) => r.dport === '8006');
    expect(ui.length).toBeGreaterThan(0);
    for (const r of ui) expect(r.source).toMatch(/^\+\$\{proxmox_virtual_environment_firewall_ipset\.firewall_ipset-ember_mgmt_[0-9A-F]+\.name\}$/);
  });

  it("provider TLS: verified unless the model says insecure for the location's cluster", () => {
    const d = fixture();
    d.pveClusters[0].tls = 'insecure';
    expect(home(d as Homelab).text).toHaveProviderWithProperties(ProxmoxProvider, { insecure: true });
  });

  it("leaves an LXC's bind mounts to the host play (root@pam only) and never registers the share as Proxmox storage (mounted once, by nfs_client)", () => {
    const d = fixture(withDownloadClient);
    const j = home(d).json;
    for (const c of resourcesOf(j, 'proxmox_virtual_environment_container')) expect(c.mount_point).toBeUndefined();
    const downloads = resourcesOf(j, 'proxmox_virtual_environment_container').find(
      (c) => (c.initialization as { hostname: string }).hostname === 'downloads-01',
    )!;
    expect(downloads.lifecycle).toEqual({ ignore_changes: ['mount_point'] });
    expect(resourcesOf(j, 'proxmox_storage_nfs')).toEqual([]);
  });
});

describe('the storage switch (storageStage current → future)', () => {
  /** The base with a future-stage iSCSI LUN that takes over the VM disks of alpha-disk. */
  const withLun = (stage: 'current' | 'future'): Homelab => {
    const d: Draft = fixture(withWorker);
    d.storage.push({ name: 'alpha-lun', kind: 'iscsi', host: 'home-alpha', content: ['vm-disks'], stages: ['future'] });
    d.storage.find((s) => s.name === 'alpha-disk')!.movesTo = 'alpha-lun';
    d.storageStage = stage;
    return d;
  };
  const current = home(withLun('current')).json;
  const future = home(withLun('future')).json;

  it('moves the VM disks to the future pool and changes nothing else (LXC root filesystems stay)', () => {
    const a = flatten(current);
    const b = flatten(future);
    const changed = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
    const vms = Object.keys(resourcesById(current, 'proxmox_virtual_environment_vm'));
    expect(changed.length).toBeGreaterThan(0);
    for (const k of changed)
      expect(k).toMatch(new RegExp(`^resource\\.proxmox_virtual_environment_vm\\.(${vms.join('|')})\\.(disk\\[\\d\\]|initialization)\\.datastore_id$`));
    const worker = resourcesOf(future, 'proxmox_virtual_environment_vm').find((v) => v.name === 'kube-worker-01') as { disk: Res[] };
    expect(worker.disk.map((x) => x.datastore_id)).toEqual(['alpha-lun', 'alpha-lun']);
  });
});
