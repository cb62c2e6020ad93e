/**
 * A cluster PCI resource mapping for GPU passthrough: guests refer to the mapping by name, so no raw PCI address is in
 * a guest, and the API token needs Mapping.Use instead of root. Proxmox compares every field of the mapping with the
 * device when a VM starts (id, IOMMU group, subsystem id where the card has one), so the mapping carries all of them,
 * each from its own sensitive variable in the one PCI format of the catalogue (model/secrets.ts gpuKeys).
 */
import { Construct } from 'constructs';
import { Fn, Token } from './core';
import { HardwareMappingPci } from '../.gen/providers/proxmox/hardware-mapping-pci';

export interface ProxmoxPciMappingProps {
  /** Mapping name: the GPU's name (naming rule `gpu`). */
  readonly name: string;
  /** The node that has the device. */
  readonly nodeName: string;
  /** PCI path, `dddd:bb:dd` for all functions (sensitive variable). */
  readonly path: string;
  /** vendor:device of every function, function .0 first (sensitive list variable); the mapping's id is the first. */
  readonly ids: string[];
  /** IOMMU group of the device (sensitive variable). */
  readonly iommuGroup: number;
  /** Subsystem vendor:device of function .0 (sensitive variable). @default none (the card reports none) */
  readonly subsystemId?: string;
  /** e.g. the GPU model. @default none */
  readonly comment?: string;
}

export class ProxmoxPciMapping extends Construct {
  readonly mapping: HardwareMappingPci;

  constructor(scope: Construct, id: string, props: ProxmoxPciMappingProps) {
    super(scope, id);
    this.mapping = new HardwareMappingPci(this, 'mapping', {
      name: props.name,
      comment: props.comment,
      map: [
        {
          nodeAttribute: props.nodeName,
          path: props.path,
          id: Token.asString(Fn.element(props.ids, 0)),
          iommuGroup: props.iommuGroup,
          subsystemId: props.subsystemId,
          comment: props.comment,
        },
      ],
    });
  }

  /** The mapping's name as a reference (a VM's hostpci depends on the mapping through it). */
  get mappingName(): string {
    return this.mapping.name;
  }
}
