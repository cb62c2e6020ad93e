/**
 * A cluster PCI resource mapping for GPU passthrough: guests refer to the mapping by name, so no raw PCI address is in
 * a guest, and the API token needs Mapping.Use instead of root. The PCI path and vendor:device id come from one
 * sensitive variable formatted `<pci-path>,<vendor-id>:<device-id>` (docs/decisions/0007-proxmox-layer.md).
 */
import { Construct } from 'constructs';
import { Fn } from './core';
import { HardwareMappingPci } from '../.gen/providers/proxmox/hardware-mapping-pci';

export interface ProxmoxPciMappingProps {
  /** Mapping name: the GPU's name (naming rule `gpu`). */
  readonly name: string;
  /** The node that has the device. */
  readonly nodeName: string;
  /** `<pci-path>,<vendor-id>:<device-id>` (sensitive variable). */
  readonly pciSpec: string;
  /** e.g. the GPU model. @default none */
  readonly comment?: string;
}

export class ProxmoxPciMapping extends Construct {
  readonly mapping: HardwareMappingPci;

  constructor(scope: Construct, id: string, props: ProxmoxPciMappingProps) {
    super(scope, id);
    const parts = Fn.split(',', props.pciSpec);
    this.mapping = new HardwareMappingPci(this, 'mapping', {
      name: props.name,
      comment: props.comment,
      map: [{ nodeAttribute: props.nodeName, path: Fn.element(parts, 0), id: Fn.element(parts, 1), comment: props.comment }],
    });
  }

  /** The mapping's name as a reference (a VM's hostpci depends on the mapping through it). */
  get mappingName(): string {
    return this.mapping.name;
  }
}
