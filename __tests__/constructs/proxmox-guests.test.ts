import 'cdktf/lib/testing/adapters/jest';
import { Testing, TerraformOutput, TerraformVariable } from 'cdktf';
import type { TfJson } from '../helpers/stacks';
import type { Construct } from 'constructs';
import { VirtualEnvironmentVm } from '../../.gen/providers/proxmox/virtual-environment-vm';
import { VirtualEnvironmentContainer } from '../../.gen/providers/proxmox/virtual-environment-container';
import { DownloadFile } from '../../.gen/providers/proxmox/download-file';
import { HardwareMappingPci } from '../../.gen/providers/proxmox/hardware-mapping-pci';
import { ProxmoxVm, type ProxmoxVmProps } from '../../constructs/proxmox-vm';
import { ProxmoxContainer, type ProxmoxContainerProps } from '../../constructs/proxmox-container';
import { ProxmoxImage } from '../../constructs/proxmox-image';
import { ProxmoxPciMapping } from '../../constructs/proxmox-pci-mapping';
import { cidrAddress } from '../../constructs/proxmox-guest-common';

Testing.setupJest();

const common = {
  name: 'test-vm-01',
  nodeName: 'asgard-atlas',
  vmId: 901,
  description: 'A test guest.',
  cores: 2,
  memoryMiB: 2048,
  nics: [
    { bridge: 'vmbr0', vlanId: '${var.vlan}' as unknown as number, address: '${var.addr}/24', gateway: '${var.gw}' },
    { bridge: 'vmbr1', vlanId: '${var.vlan2}' as unknown as number, address: '${var.addr2}/24' },
  ],
  sshPublicKeys: ['${var.keys}'],
  tags: { location: 'asgard', role: 'k8s-worker', layer: 'kubernetes' },
};

const vmProps: ProxmoxVmProps = {
  ...common,
  disks: [
    { datastoreId: 'atlas-bedrock', sizeGiB: 40 },
    { datastoreId: 'atlas-bedrock', sizeGiB: 100 },
  ],
  imageFileId: 'atlas-bedrock:import/ubuntu.qcow2',
};
const ctProps: ProxmoxContainerProps = {
  ...common,
  name: 'test-ct-01',
  rootDisk: { datastoreId: 'atlas-bedrock', sizeGiB: 8 },
  templateFileId: 'atlas-bedrock:vztmpl/debian.tar.zst',
};

function synth(build: (scope: Construct) => void): string {
  return Testing.synthScope((scope) => build(scope));
}

describe('ProxmoxVm', () => {
  const json = synth((s) => new ProxmoxVm(s, 'vm', vmProps));

  it('places the VM on its node with its VMID, size, agent, start on boot and tags', () => {
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      node_name: 'asgard-atlas',
      vm_id: 901,
      name: 'test-vm-01',
      on_boot: true,
      agent: { enabled: true, trim: true, wait_for_ip: { disabled: true } },
      cpu: { cores: 2, sockets: 1, type: 'host' },
      memory: { dedicated: 2048 },
      tags: ['layer-kubernetes', 'location-asgard', 'managed-opentofu', 'role-k8s-worker'],
    });
  });

  it('imports the boot disk from the image and adds empty data disks on the declared storage', () => {
    const vm = Object.values((JSON.parse(json) as TfJson).resource.proxmox_virtual_environment_vm)[0] as { disk: Record<string, unknown>[] };
    expect(vm.disk).toEqual([
      expect.objectContaining({ interface: 'scsi0', datastore_id: 'atlas-bedrock', size: 40, import_from: 'atlas-bedrock:import/ubuntu.qcow2' }),
      expect.objectContaining({ interface: 'scsi1', datastore_id: 'atlas-bedrock', size: 100, file_format: 'raw' }),
    ]);
    expect(vm.disk[1]).not.toHaveProperty('import_from');
  });

  it('tags its NICs with VLANs, turns their firewall on, and sets cloud-init keys and addresses', () => {
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      network_device: [
        expect.objectContaining({ bridge: 'vmbr0', vlan_id: '${var.vlan}', firewall: true, model: 'virtio' }),
        expect.objectContaining({ bridge: 'vmbr1', vlan_id: '${var.vlan2}', firewall: true }),
      ],
      initialization: {
        datastore_id: 'atlas-bedrock',
        user_account: { keys: ['${var.keys}'] },
        ip_config: [{ ipv4: { address: '${var.addr}/24', gateway: '${var.gw}' } }, { ipv4: { address: '${var.addr2}/24' } }],
      },
    });
  });

  it('has no PCI device until a GPU is attached', () => {
    expect(Object.values((JSON.parse(json) as TfJson).resource.proxmox_virtual_environment_vm)[0]).not.toHaveProperty('hostpci');
    const gpu = synth((s) => new ProxmoxVm(s, 'vm', { ...vmProps, firmware: { machine: 'q35', bios: 'ovmf' } }).attachGpu('godzilla-gpu0'));
    expect(gpu).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      machine: 'q35',
      hostpci: [{ device: 'hostpci0', mapping: 'godzilla-gpu0', pcie: true, rombar: true }],
    });
  });

  it('GPU VM boots its passed-through card: q35 with OVMF and an EFI disk, and a SeaBIOS VM refuses the GPU', () => {
    const gpu = synth((s) => new ProxmoxVm(s, 'vm', { ...vmProps, firmware: { machine: 'q35', bios: 'ovmf' } }).attachGpu('godzilla-gpu0'));
    expect(gpu).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      machine: 'q35',
      bios: 'ovmf',
      efi_disk: { datastore_id: 'atlas-bedrock', file_format: 'raw', type: '4m', pre_enrolled_keys: false },
    });
    expect(() => synth((s) => new ProxmoxVm(s, 'vm', vmProps).attachGpu('godzilla-gpu0'))).toThrow(
      /\[guests\/test-vm-01\] a GPU VM needs machine q35 and OVMF firmware — rule: deploy-gpu-vm-firmware/,
    );
  });

  it('refuses a VM without a disk or a NIC', () => {
    expect(() => synth((s) => new ProxmoxVm(s, 'vm', { ...vmProps, disks: [] }))).toThrow(/\[guests\/test-vm-01\] a VM needs a boot disk/);
    expect(() => synth((s) => new ProxmoxVm(s, 'vm', { ...vmProps, nics: [] }))).toThrow(/a VM needs a NIC/);
  });
});

describe('ProxmoxContainer', () => {
  it('is unprivileged without nesting by default, from its template, with its root disk and NICs', () => {
    const json = synth((s) => new ProxmoxContainer(s, 'ct', ctProps));
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentContainer, {
      node_name: 'asgard-atlas',
      vm_id: 901,
      unprivileged: true,
      features: { nesting: false },
      start_on_boot: true,
      disk: { datastore_id: 'atlas-bedrock', size: 8 },
      operating_system: { template_file_id: 'atlas-bedrock:vztmpl/debian.tar.zst', type: 'debian' },
      network_interface: [
        { name: 'eth0', bridge: 'vmbr0', vlan_id: '${var.vlan}', firewall: true },
        { name: 'eth1', bridge: 'vmbr1', vlan_id: '${var.vlan2}', firewall: true },
      ],
      initialization: expect.objectContaining({ hostname: 'test-ct-01', user_account: { keys: ['${var.keys}'] } }),
    });
  });

  it('turns nesting on and runs privileged only when told', () => {
    const json = synth((s) => new ProxmoxContainer(s, 'ct', { ...ctProps, nesting: true, privileged: true }));
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentContainer, { unprivileged: false, features: { nesting: true } });
  });

  it('media-01 is not refused with 403: no bind mount is ever sent with the API token, the host play owns them', () => {
    const json = synth((s) => new ProxmoxContainer(s, 'ct', ctProps).keepHostMounts());
    const ct = Object.values(
      (JSON.parse(json) as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource.proxmox_virtual_environment_container,
    )[0];
    expect(ct.mount_point).toBeUndefined();
    expect(ct.lifecycle).toEqual({ ignore_changes: ['mount_point'] });
  });
});

describe('ProxmoxImage', () => {
  it('downloads cloud images as import content and templates as vztmpl', () => {
    const json = synth((s) => {
      new ProxmoxImage(s, 'img', {
        nodeName: 'asgard-atlas',
        datastoreId: 'atlas-bedrock',
        url: 'https://example.org/a.img',
        fileName: 'a.qcow2',
        kind: 'cloud-image',
      });
      new ProxmoxImage(s, 'tpl', {
        nodeName: 'asgard-atlas',
        datastoreId: 'atlas-bedrock',
        url: 'https://example.org/b.tar.zst',
        fileName: 'b.tar.zst',
        kind: 'lxc-template',
      });
    });
    expect(json).toHaveResourceWithProperties(DownloadFile, {
      node_name: 'asgard-atlas',
      datastore_id: 'atlas-bedrock',
      content_type: 'import',
      file_name: 'a.qcow2',
      overwrite: false,
    });
    expect(json).toHaveResourceWithProperties(DownloadFile, { content_type: 'vztmpl', file_name: 'b.tar.zst' });
  });

  it('an unverified template is never installed: the download carries the published checksum and verifies TLS', () => {
    const json = synth(
      (s) =>
        new ProxmoxImage(s, 'tpl', {
          nodeName: 'asgard-atlas',
          datastoreId: 'atlas-bedrock',
          url: 'https://example.org/b.tar.zst',
          fileName: 'b.tar.zst',
          kind: 'lxc-template',
          checksum: { algorithm: 'sha512', value: 'ab'.repeat(64) },
        }),
    );
    expect(json).toHaveResourceWithProperties(DownloadFile, { checksum: 'ab'.repeat(64), checksum_algorithm: 'sha512', verify: true });
  });
});

describe('ProxmoxPciMapping', () => {
  it('GPU VM does not fail to start on an incomplete mapping: path, id, IOMMU group and subsystem id are all set', () => {
    const json = synth(
      (s) =>
        new ProxmoxPciMapping(s, 'gpu', {
          name: 'godzilla-gpu0',
          nodeName: 'asgard-godzilla',
          path: new TerraformVariable(s, 'path', { sensitive: true }).stringValue,
          ids: new TerraformVariable(s, 'ids', { sensitive: true }).listValue,
          iommuGroup: new TerraformVariable(s, 'group', { sensitive: true }).numberValue,
          subsystemId: new TerraformVariable(s, 'sub', { sensitive: true }).stringValue,
          comment: 'RTX',
        }),
    );
    expect(json).toHaveResourceWithProperties(HardwareMappingPci, {
      name: 'godzilla-gpu0',
      map: [
        { node: 'asgard-godzilla', path: '${var.path}', id: '${element(var.ids, 0)}', iommu_group: '${var.group}', subsystem_id: '${var.sub}', comment: 'RTX' },
      ],
    });
  });
});

describe('cidrAddress', () => {
  it('takes the prefix length from the network CIDR', () => {
    const json = synth((s) => {
      new TerraformOutput(s, 'address', { value: cidrAddress(new TerraformVariable(s, 'a', {}).stringValue, new TerraformVariable(s, 'c', {}).stringValue) });
    });
    expect((JSON.parse(json) as TfJson).output?.address.value).toBe('${var.a}/${element(split("/", var.c), 1)}');
  });
});
