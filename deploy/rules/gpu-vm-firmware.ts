/**
 * A passed-through PCIe GPU needs the q35 machine (PCIe topology) and UEFI firmware (OVMF: modern cards' option ROMs
 * are UEFI-only), and OVMF keeps its variables on an EFI disk, which lands on the VM's boot-disk storage.
 */
import type { DeployRule } from '../rule';
import { at } from '../../model/rules/rule';
import { vmFirmware } from '../../plan/proxmox';
import { isGuestActive, liveStorageFor } from '../../model/lookup';
import type { GuestSpec } from '../../model/types';

export const GPU_VM_FIRMWARE = 'deploy-gpu-vm-firmware';

export function gpuVmFirmwareRule(firmware: (g: GuestSpec) => { machine: string; bios: string } = vmFirmware): DeployRule {
  return {
    id: GPU_VM_FIRMWARE,
    description: 'A GPU VM runs q35 with OVMF and an EFI disk on storage that holds VM disks.',
    check(model, index, problems) {
      for (const g of model.guests) {
        if (g.gpu === undefined || g.kind !== 'vm' || !isGuestActive(model, g)) continue;
        const f = firmware(g);
        if (f.machine !== 'q35' || f.bios !== 'ovmf')
          problems.report(
            at.guest(g.name),
            GPU_VM_FIRMWARE,
            `the GPU VM gets machine ${f.machine} with ${f.bios}; the passed-through card needs q35 and OVMF`,
            'build GPU VMs with { machine: q35, bios: ovmf } (plan/proxmox.ts vmFirmware)',
          );
        const boot = g.disks.at(0);
        const pool = boot ? index.storage.get(liveStorageFor(model, boot.storage, 'vm-disks')) : undefined;
        if (pool && !pool.content.includes('vm-disks'))
          problems.report(
            at.guest(g.name),
            GPU_VM_FIRMWARE,
            `its EFI disk would go to ${pool.name}, which holds no VM disks`,
            `put the boot disk on a pool with content 'vm-disks'`,
          );
      }
    },
  };
}

export const gpuVmFirmware = gpuVmFirmwareRule();
