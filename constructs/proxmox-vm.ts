/**
 * A Proxmox VM made from a cloud image: boot disk imported from the downloaded image, extra disks, VLAN-tagged NICs
 * with the Proxmox firewall on, cloud-init (SSH keys, static addresses), qemu guest agent, start on boot.
 * `attachGpu()` passes a host GPU through by its PCI resource mapping (q35 + OVMF + EFI disk).
 */
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { Token } from './core';
import { VirtualEnvironmentVm, type VirtualEnvironmentVmDisk } from '../.gen/providers/proxmox/virtual-environment-vm';
import { guestTagList, initialization, type ProxmoxGuestCommonProps } from './proxmox-guest-common';

export interface ProxmoxVmDisk {
  /** Proxmox storage ID. */
  readonly datastoreId: string;
  readonly sizeGiB: number;
}

/** Machine type and firmware of a VM (plan/proxmox.ts vmFirmware). */
export interface VmFirmware {
  /** `q35` (PCIe, needed for passthrough) or the Proxmox default i440fx. */
  readonly machine: 'q35' | 'i440fx';
  /** OVMF (UEFI, with an EFI vars disk) or SeaBIOS. */
  readonly bios: 'ovmf' | 'seabios';
}

export interface ProxmoxVmProps extends ProxmoxGuestCommonProps {
  /** @default { machine: 'i440fx', bios: 'seabios' } */
  readonly firmware?: VmFirmware;
  /** First disk boots from `imageFileId`; the others are empty data disks. */
  readonly disks: readonly ProxmoxVmDisk[];
  /** Volume ID of the downloaded cloud image (`<storage>:import/<file>`). */
  readonly imageFileId: string;
}

/** An explicit null for an optional field of an object-typed attribute. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the null token stands in for a value of the field's type T
function unset<T>(): T {
  return Token.nullValue() as unknown as T;
}

export class ProxmoxVm extends Construct {
  readonly vm: VirtualEnvironmentVm;
  readonly firmware: VmFirmware;
  private readonly guestName: string;

  constructor(scope: Construct, id: string, props: ProxmoxVmProps) {
    super(scope, id);
    if (props.disks.length === 0) fail(`guests/${props.name}`, 'guest-storage', 'a VM needs a boot disk', 'declare a disk');
    if (props.nics.length === 0) fail(`guests/${props.name}`, 'network-exists', 'a VM needs a NIC', 'list a network');
    const firmware = props.firmware ?? { machine: 'i440fx', bios: 'seabios' };
    this.firmware = firmware;
    this.guestName = props.name;
    const disks: VirtualEnvironmentVmDisk[] = props.disks.map((d, i) => ({
      interface: `scsi${i}`,
      datastoreId: d.datastoreId,
      size: d.sizeGiB,
      iothread: true,
      discard: 'on',
      ssd: true,
      ...(i === 0 ? { importFromAttribute: props.imageFileId } : { fileFormat: 'raw' }),
    }));
    this.vm = new VirtualEnvironmentVm(this, 'vm', {
      nodeName: props.nodeName,
      vmId: props.vmId,
      name: props.name,
      description: props.description,
      tags: guestTagList(props.tags),
      onBoot: props.startOnBoot ?? true,
      started: true,
      scsiHardware: 'virtio-scsi-single',
      // The agent is installed by Ansible (the cloud image lacks it); addresses are static, so apply never waits for it.
      agent: { enabled: true, trim: true, waitForIp: { disabled: true } },
      cpu: { cores: props.cores, sockets: 1, type: 'host' },
      memory: { dedicated: props.memoryMiB },
      operatingSystem: { type: 'l26' },
      serialDevice: [{ device: 'socket' }],
      disk: disks,
      ...(firmware.machine === 'q35' ? { machine: 'q35' } : {}),
      bios: firmware.bios,
      // OVMF keeps its UEFI variables on a small disk next to the boot disk; no pre-enrolled keys, so Secure Boot is
      // off and out-of-tree drivers (the GPU's) load.
      ...(firmware.bios === 'ovmf' ? { efiDisk: { datastoreId: props.disks[0].datastoreId, fileFormat: 'raw', type: '4m', preEnrolledKeys: false } } : {}),
      // network_device is a list-of-objects attribute in 0.111: in JSON every field is present, unset ones null.
      networkDevice: props.nics.map((n) => ({
        bridge: n.bridge,
        vlanId: n.vlanId,
        model: 'virtio',
        firewall: true,
        enabled: true,
        disconnected: false,
        macAddress: unset<string>(),
        mtu: unset<number>(),
        queues: unset<number>(),
        rateLimit: unset<number>(),
        trunks: unset<string>(),
      })),
      initialization: {
        datastoreId: props.disks[0].datastoreId,
        ...initialization(props),
      },
    });
  }

  /** The VMID as a reference (firewall resources depend on the VM through it). */
  get vmId(): number {
    return this.vm.vmId;
  }

  /**
   * Passes a host GPU through: PCIe on the q35 machine with OVMF firmware (a modern GPU's option ROM needs UEFI), by
   * the cluster's PCI resource mapping (no raw PCI address). The VM must have been built with that firmware.
   */
  attachGpu(mappingName: string): this {
    if (this.firmware.machine !== 'q35' || this.firmware.bios !== 'ovmf')
      fail(
        `guests/${this.guestName}`,
        'deploy-gpu-vm-firmware',
        'a GPU VM needs machine q35 and OVMF firmware',
        "build it with firmware { machine: 'q35', bios: 'ovmf' }",
      );
    this.vm.putHostpci([{ device: 'hostpci0', mapping: mappingName, pcie: true, rombar: true }]);
    return this;
  }
}
