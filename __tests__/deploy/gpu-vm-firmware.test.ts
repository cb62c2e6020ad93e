import { gpuVmFirmware, gpuVmFirmwareRule } from '../../deploy/rules/gpu-vm-firmware';
import { vmFirmware } from '../../plan/proxmox';
import { deployProblems } from './helpers';
import { guest, mutated, seedCopy } from '../helpers/model';
import type { Homelab } from '../../model/types';

describe("deploy rule 'deploy-gpu-vm-firmware'", () => {
  it('compliant: the GPU workbench gets q35 + OVMF, other VMs keep SeaBIOS', () => {
    const model = seedCopy() as Homelab;
    expect(vmFirmware(model.guests.find((g) => g.name === 'ai-workbench-01')!)).toEqual({ machine: 'q35', bios: 'ovmf' });
    expect(vmFirmware(model.guests.find((g) => g.name === 'k8s-master-01')!)).toEqual({ machine: 'i440fx', bios: 'seabios' });
    expect(deployProblems(gpuVmFirmware, model)).toEqual([]);
  });

  it('non-compliant: q35 without OVMF (main 779b6ec) is reported on the GPU guest', () => {
    const q35Only = () => ({ machine: 'q35', bios: 'seabios' });
    expect(deployProblems(gpuVmFirmwareRule(q35Only), seedCopy() as Homelab).map((p) => [p.entity, p.rule])).toEqual([
      ['guests/ai-workbench-01', 'deploy-gpu-vm-firmware'],
    ]);
  });

  it('non-compliant: an EFI disk on a pool without VM disks is reported', () => {
    const model = mutated((m) => {
      m.storage.find((s) => s.name === 'godzilla-bedrock')!.content = ['container-rootfs', 'images'];
      guest(m, 'ai-workbench-01');
    }) as Homelab;
    expect(deployProblems(gpuVmFirmware, model).map((p) => p.message)).toEqual([expect.stringMatching(/EFI disk would go to godzilla-bedrock/)]);
  });
});
