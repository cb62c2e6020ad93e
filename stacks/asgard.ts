/** asgard (Proxmox VE): every on-prem guest of the model, its storage, networks and firewall. */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { HomelabStack, type HomelabStackProps } from './base-stack';
import { clusterNodes } from '../model/derive';
import { isGuestActive } from '../model/lookup';

export class AsgardStack extends HomelabStack {
  constructor(scope: Construct, name: string, props: HomelabStackProps) {
    super(scope, name, props);
    const model = props.model;
    const k8sRoles = new Map<string, string>();
    for (const c of model.clusters) for (const n of clusterNodes(model, c.name)) k8sRoles.set(n.guest, `${c.name}:${n.role}`);
    const guests = model.guests
      .filter((g) => model.hosts.find((h) => h.name === g.host)?.location === name && isGuestActive(model, g))
      .map((g) => ({ name: g.name, kind: g.kind, node: g.host, vmid: g.vmid, roles: [g.role, ...(k8sRoles.has(g.name) ? [k8sRoles.get(g.name)!] : [])] }));
    new TerraformOutput(this, 'guests', { value: guests, description: 'Guests of this stack for the Ansible layer: name, kind, node, VMID and roles (no addresses).' });
  }
}
