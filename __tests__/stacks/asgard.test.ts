import { homelab } from '../../homelab';
import { modelWith, resources, synthAsgard, type SynthJson } from '../proxmox-fixtures';

const { json, text } = synthAsgard();

type Res = Record<string, unknown>;
const byField = (type: string, field: string, value: unknown): Res => {
  const found = Object.values(resources(json, type)).find((r) => r[field] === value);
  if (!found) throw new Error(`no ${type} with ${field}=${String(value)}`);
  return found;
};

/** Flattens JSON to path → scalar, for diffs. */
function flatten(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, path === '' ? k : `${path}.${k}`, out);
  else out.set(path, value);
  return out;
}

function diff(a: SynthJson, b: SynthJson): string[] {
  const fa = flatten(a);
  const fb = flatten(b);
  return [...new Set([...fa.keys(), ...fb.keys()])].filter((k) => fa.get(k) !== fb.get(k)).sort();
}

describe('asgard stack', () => {
  it('matches the snapshot', () => {
    expect(text).toMatchSnapshot();
  });

  it('provisions every guest of the model on its host with its VMID', () => {
    for (const g of homelab.guests) {
      const type = g.kind === 'vm' ? 'proxmox_virtual_environment_vm' : 'proxmox_virtual_environment_container';
      expect(byField(type, 'vm_id', g.vmid)).toEqual(expect.objectContaining({ node_name: g.host, tags: expect.arrayContaining([`role-${g.role}`, 'location-asgard']) }));
    }
    expect(Object.keys(resources(json, 'proxmox_virtual_environment_vm')).length + Object.keys(resources(json, 'proxmox_virtual_environment_container')).length).toBe(homelab.guests.length);
  });

  it('keeps LXCs unprivileged, with nesting where the model asks for it', () => {
    for (const g of homelab.guests.filter((x) => x.kind === 'lxc')) {
      expect(byField('proxmox_virtual_environment_container', 'vm_id', g.vmid)).toEqual(expect.objectContaining({ unprivileged: true, features: { nesting: g.nesting ?? false } }));
    }
  });

  it('takes provider credentials, VLAN IDs, addresses, CIDRs and PCI ids only from sensitive variables', () => {
    expect(json).toHaveProperty('provider.proxmox', [{ endpoint: '${var.proxmox_endpoint}', api_token: '${var.proxmox_api_token}', insecure: false }]);
    const flat = flatten(json);
    const vlanIds = [...flat].filter(([k]) => /\.vlan_id$/.test(k)).map(([, v]) => v);
    expect(vlanIds.length).toBeGreaterThan(0);
    for (const v of vlanIds) expect(v).toMatch(/^\$\{var\.vlan_id_[a-z0-9_]+\}$/);
    for (const [k, v] of flat) if (/ip_config.*\.address$|cidr\[\d+\]\.name$/.test(k)) expect(v).toMatch(/\$\{var\.(address_|cidr_|wireguard_tunnel_cidr)/);
    expect(text).not.toMatch(/(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/);
    for (const v of Object.values((json as unknown as { variable: Record<string, { sensitive: boolean }> }).variable)) expect(v.sensitive).toBe(true);
  });

  it('passes the GPU through to ai-workbench-01 by a PCI mapping on asgard-godzilla, and to no other guest', () => {
    const mapping = Object.entries(resources(json, 'proxmox_hardware_mapping_pci'));
    expect(mapping).toHaveLength(1);
    const [id, m] = mapping[0];
    expect(m).toEqual(expect.objectContaining({ name: 'godzilla-gpu0', map: [{ node: 'asgard-godzilla', path: '${var.pci_path_godzilla_gpu0}', id: '${element(var.pci_ids_godzilla_gpu0, 0)}', iommu_group: '${var.iommu_group_godzilla_gpu0}', subsystem_id: '${var.pci_subsystem_id_godzilla_gpu0}', comment: 'NVIDIA GeForce RTX 3090' }] }));
    const withPci = Object.values(resources(json, 'proxmox_virtual_environment_vm')).filter((v) => v.hostpci !== undefined);
    expect(withPci.map((v) => v.name)).toEqual(['ai-workbench-01']);
    expect(withPci[0]).toEqual(expect.objectContaining({ machine: 'q35', bios: 'ovmf', efi_disk: expect.objectContaining({ datastore_id: 'godzilla-bedrock', type: '4m' }), hostpci: [expect.objectContaining({ mapping: `\${proxmox_hardware_mapping_pci.${id}.name}` })] }));
  });

  it('GPU VM never starts (main 779b6ec): its mapping lacked iommu_group/subsystem_id and the VM OVMF — both present now', () => {
    const gpuVm = Object.values(resources(json, 'proxmox_virtual_environment_vm')).find((v) => v.name === 'ai-workbench-01')!;
    expect(gpuVm.bios).toBe('ovmf');
    expect(gpuVm.efi_disk).toBeDefined();
    const map = (Object.values(resources(json, 'proxmox_hardware_mapping_pci'))[0].map as Array<Record<string, unknown>>)[0];
    expect(Object.keys(map).sort()).toEqual(['comment', 'id', 'iommu_group', 'node', 'path', 'subsystem_id']);
  });

  it('media-01 cannot be created (main 779b6ec): no container carries a bind mount; media-01 leaves its mounts to the host play', () => {
    const containers = resources(json, 'proxmox_virtual_environment_container');
    for (const c of Object.values(containers)) expect(c.mount_point).toBeUndefined();
    const media = Object.values(containers).find((c) => (c.initialization as { hostname: string }).hostname === 'media-01')!;
    expect(media.lifecycle).toEqual({ ignore_changes: ['mount_point'] });
  });

  it('provider TLS: verified unless the model says insecure for the cluster', () => {
    const insecure = synthAsgard(modelWith((m) => { m.pveClusters[0].tls = 'insecure'; })).json;
    expect(insecure).toHaveProperty('provider.proxmox', [expect.objectContaining({ insecure: true })]);
  });

  it('LXC template is downloaded over https with its checksum (main 779b6ec: plain http, none)', () => {
    for (const d of Object.values(resources(json, 'proxmox_download_file'))) {
      expect(d.url).toMatch(/^https:\/\//);
      expect(d).toEqual(expect.objectContaining({ checksum: expect.stringMatching(/^[0-9a-f]{64,128}$/), checksum_algorithm: expect.stringMatching(/^sha(256|512)$/), verify: true }));
    }
  });

  it('turns every guest firewall on with inbound DROP, and the datacenter firewall too', () => {
    const options = Object.values(resources(json, 'proxmox_virtual_environment_firewall_options'));
    expect(options).toHaveLength(homelab.guests.length);
    for (const o of options) expect(o).toEqual(expect.objectContaining({ enabled: true, input_policy: 'DROP' }));
    expect(Object.values(resources(json, 'proxmox_virtual_environment_cluster_firewall'))[0]).toEqual(expect.objectContaining({ enabled: true, input_policy: 'DROP' }));
    const management = byField('proxmox_virtual_environment_firewall_ipset', 'name', 'management');
    expect(management.cidr).toEqual([{ name: '${var.cidr_heimdall_mgmt_vlan}' }, { name: '${var.wireguard_tunnel_cidr}' }]);
  });

  it('admits the unmasqueraded bastion tunnel where the management network is admitted (management and its network set), nowhere else', () => {
    const sets = Object.values(resources(json, 'proxmox_virtual_environment_firewall_ipset'));
    const withTunnel = sets.filter((x) => (x.cidr as Res[]).some((c) => c.name === '${var.wireguard_tunnel_cidr}')).map((x) => x.name).sort();
    expect(withTunnel).toEqual(['heimdall-mgmt', 'management']);
  });

  it('opens the Proxmox UI port only from the management network', () => {
    const rules = Object.values(resources(json, 'proxmox_virtual_environment_firewall_rules')).flatMap((r) => (r.rule as Res[]) ?? []);
    const groupRules = Object.values(resources(json, 'proxmox_virtual_environment_cluster_firewall_security_group')).flatMap((g) => g.rule as Res[]);
    const ui = [...rules, ...groupRules].filter((r) => r.dport === '8006');
    expect(ui.length).toBeGreaterThan(0);
    for (const r of ui) expect(r.source).toMatch(/^\+\$\{proxmox_virtual_environment_firewall_ipset\.firewall_ipset-heimdall_mgmt_[0-9A-F]+\.name\}$/);
  });
});

describe('the storage switch (storageStage current → future)', () => {
  const future = synthAsgard(modelWith((m) => { m.storageStage = 'future'; })).json;
  const changed = diff(json, future);
  const vmKey = (name: string) => Object.entries(resources(json, 'proxmox_virtual_environment_vm')).find(([, v]) => v.name === name)![0];
  const share = Object.keys(resources(json, 'proxmox_storage_nfs'))[0];

  it('moves the VM disks of atlas and prometheus to the TrueNAS iSCSI LUN and the media share to the TrueNAS NFS, and changes nothing else', () => {
    const vmPaths = (name: string, disks: number) => [
      ...Array.from({ length: disks }, (_, i) => `resource.proxmox_virtual_environment_vm.${vmKey(name)}.disk[${i}].datastore_id`),
      `resource.proxmox_virtual_environment_vm.${vmKey(name)}.initialization.datastore_id`,
    ];
    expect(changed).toEqual([
      `resource.proxmox_storage_nfs.${share}.export`,
      `resource.proxmox_storage_nfs.${share}.id`,
      ...vmPaths('authentik-01', 1),
      ...vmPaths('k8s-master-01', 1),
      ...vmPaths('k8s-worker-01', 2),
      ...vmPaths('k8s-worker-02', 2),
    ].sort());
  });

  it('switches to the future pools', () => {
    expect((resources(future, 'proxmox_storage_nfs')[share] as Res)).toEqual(expect.objectContaining({ id: 'zunesha-media', export: '/mnt/tank/media' }));
    const worker = resources(future, 'proxmox_virtual_environment_vm')[vmKey('k8s-worker-01')] as { disk: Res[] };
    expect(worker.disk.map((d) => d.datastore_id)).toEqual(['zunesha-lun', 'zunesha-lun']);
  });
});
