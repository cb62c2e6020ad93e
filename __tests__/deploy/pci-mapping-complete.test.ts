import { pciMappingComplete, pciMappingCompleteRule } from '../../deploy/rules/pci-mapping-complete';
import { pciMappings } from '../../plan/proxmox';
import { deployProblems } from './helpers';
import { secretNames } from '../../model/secrets';
import { HOME, fixture, fixtureModel, withGpuWorkbench } from '../fixtures/models';
import type { Homelab } from '../../model/types';

describe("deploy rule 'deploy-pci-mapping-complete'", () => {
  it('compliant: the GPU mapping reads path, ids, IOMMU group and subsystem id from typed keys shared with the vfio role', () => {
    const model = fixtureModel(withGpuWorkbench);
    const n = secretNames;
    const gpu = 'titan-gpu0';
    expect(pciMappings(model, HOME)).toEqual([
      expect.objectContaining({
        gpu,
        pathKey: n.gpuPciPath(gpu),
        idsKey: n.gpuPciIds(gpu),
        iommuGroupKey: n.gpuIommuGroup(gpu),
        subsystemIdKey: n.gpuPciSubsystemId(gpu),
      }),
    ]);
    expect(deployProblems(pciMappingComplete, model)).toEqual([]);
  });

  it('compliant: a card without a subsystem id maps without one', () => {
    const model = fixture(withGpuWorkbench);
    model.hosts.find((h) => h.name === 'home-titan')!.gpus![0].subsystemId = false;
    expect(pciMappings(model, HOME)[0].subsystemIdKey).toBeUndefined();
    expect(deployProblems(pciMappingComplete, model)).toEqual([]);
  });

  it('non-compliant: a mapping of path and id only (main 779b6ec) lacks the IOMMU group and subsystem id', () => {
    const pathAndId = (m: Homelab, l: string) =>
      pciMappings(m, l).map((p) => ({ ...p, iommuGroupKey: undefined as unknown as string, subsystemIdKey: undefined }));
    const problems = deployProblems(pciMappingCompleteRule(pathAndId), fixtureModel(withGpuWorkbench));
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/no IOMMU group/), expect.stringMatching(/no subsystem id/)]);
    expect(problems.every((p) => p.entity === 'hosts/home-titan/gpus/titan-gpu0')).toBe(true);
  });

  it('non-compliant: a key outside the one PCI format is reported', () => {
    const otherKey = (m: Homelab, l: string) => pciMappings(m, l).map((p) => ({ ...p, idsKey: 'domain' }));
    expect(deployProblems(pciMappingCompleteRule(otherKey), fixtureModel(withGpuWorkbench)).map((p) => p.message)).toEqual([
      expect.stringMatching(/domain is not one pci-id-list value/),
    ]);
  });
});
