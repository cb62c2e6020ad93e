/**
 * A Proxmox PCI resource mapping is checked against the device whenever a VM using it starts: vendor:device id, IOMMU
 * group, and the subsystem id when the card reports one. A mapping without them leaves the GPU VM stopped ("… does not
 * match" / incomplete mapping). Every consumer reads the same vault keys in the same format (secrets:check validates
 * the format; tofu and the vfio role read the identical keys).
 */
import type { DeployRule } from '../rule';
import { at } from '../../model/rules/rule';
import { pciMappings, type PciMappingPlan } from '../../plan/proxmox';
import { secretCatalogue, type SecretType } from '../../model/secrets';
import type { Homelab } from '../../model/types';

export const PCI_MAPPING_COMPLETE = 'deploy-pci-mapping-complete';

const FORMAT: readonly [keyof PciMappingPlan, SecretType, string][] = [
  ['pathKey', 'pci-path', 'PCI path'],
  ['idsKey', 'pci-id-list', 'vendor:device ids'],
  ['iommuGroupKey', 'iommu-group', 'IOMMU group'],
  ['subsystemIdKey', 'pci-id', 'subsystem id'],
];

export function pciMappingCompleteRule(plan: (model: Homelab, location: string) => readonly PciMappingPlan[] = pciMappings): DeployRule {
  return {
    id: PCI_MAPPING_COMPLETE,
    description:
      'Every GPU mapping has path, id, IOMMU group and (where the card has one) subsystem id, in one format read by tofu, the vfio role and secrets:check.',
    check(model, index, problems) {
      const catalogue = new Map(secretCatalogue(model).map((k) => [k.name, k]));
      for (const location of model.locations) {
        for (const m of plan(model, location.name)) {
          const gpu = index.gpus.get(m.gpu);
          const entity = `${at.host(m.node)}/gpus/${m.gpu}`;
          for (const [field, type, label] of FORMAT) {
            const key = m[field];
            if (field === 'subsystemIdKey' && gpu?.gpu.subsystemId === false) continue;
            if (key === undefined) {
              problems.report(
                entity,
                PCI_MAPPING_COMPLETE,
                `its PCI mapping has no ${label}; Proxmox then refuses to start the VM that uses it`,
                `map the ${label} from the vault (model/secrets.ts gpuKeys)${field === 'subsystemIdKey' ? ', or set subsystemId: false on a card that reports none' : ''}`,
              );
              continue;
            }
            const k = catalogue.get(key);
            if (k?.type !== type || !k.consumers.includes('tofu') || !k.consumers.includes('ansible')) {
              problems.report(
                entity,
                PCI_MAPPING_COMPLETE,
                `its ${label} key ${key} is not one ${type} value read by both tofu and the vfio role`,
                `catalogue ${key} once as type ${type} with consumers tofu and ansible`,
              );
            }
          }
        }
      }
    },
  };
}

export const pciMappingComplete = pciMappingCompleteRule();
