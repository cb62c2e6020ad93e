import { gpuVmFirmware, gpuVmFirmwareRule } from '../../deploy/rules/gpu-vm-firmware';
import { vmFirmware } from '../../plan/proxmox';
import { deployProblems } from './helpers';
import { fixture, fixtureModel, withGpuWorkbench } from '../fixtures/models';

describe("deploy rule 'deploy-gpu-vm-firmware'", () => {
  it('compliant: the GPU workbench gets q35 + OVMF, other VMs keep SeaBIOS', () => {
    const model = fixtureModel(withGpuWorkbench);
    expect(vmFirmware(model.guests.find((g) => g.name === 'workbench-01')!)).toEqual({ machine: 'q35', bios: 'ovmf' });
    expect(vmFirmware(model.guests.find((g) => g.name === 'kube-master-01')!)).toEqual({ machine: 'i440fx', bios: 'seabios' });
    expect(deployProblems(gpuVmFirmware, model)).toEqual([]);
  });

  it('non-compliant: q35 without OVMF (main 779b6ec) is reported on the GPU guest', () => {
    const q35Only = () => ({ machine: 'q35', bios: 'seabios' });
    expect(deployProblems(gpuVmFirmwareRule(q35Only), fixtureModel(withGpuWorkbench)).map((p) => [p.entity, p.rule])).toEqual([
      ['guests/workbench-01', 'deploy-gpu-vm-firmware'],
    ]);
  });

  it('non-compliant: an EFI disk on a pool without VM disks is reported', () => {
    const model = fixture(withGpuWorkbench);
    model.storage.find((s) => s.name === 'titan-disk')!.content = ['container-rootfs', 'images'];
    expect(model.guests.find((g) => g.name === 'workbench-01')!.disks[0].storage).toBe('titan-disk');
    expect(deployProblems(gpuVmFirmware, model).map((p) => p.message)).toEqual([expect.stringMatching(/EFI disk would go to titan-disk/)]);
  });
});
