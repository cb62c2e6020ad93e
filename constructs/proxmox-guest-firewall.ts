/** A guest's firewall: on, inbound policy DROP, MAC filter on, and its security group as the only allowance. */
import { Construct } from 'constructs';
import { VirtualEnvironmentFirewallOptions } from '../.gen/providers/proxmox/virtual-environment-firewall-options';
import { VirtualEnvironmentFirewallRules } from '../.gen/providers/proxmox/virtual-environment-firewall-rules';

export interface ProxmoxGuestFirewallProps {
  readonly nodeName: string;
  /** VMID reference of the guest. */
  readonly vmId: number;
  readonly kind: 'vm' | 'lxc';
  /** Security groups applied to the guest. @default none (nothing may reach it) */
  readonly securityGroups?: readonly string[];
}

export class ProxmoxGuestFirewall extends Construct {
  readonly options: VirtualEnvironmentFirewallOptions;
  readonly rules?: VirtualEnvironmentFirewallRules;

  constructor(scope: Construct, id: string, props: ProxmoxGuestFirewallProps) {
    super(scope, id);
    const target = props.kind === 'vm' ? { vmId: props.vmId } : { containerId: props.vmId };
    this.options = new VirtualEnvironmentFirewallOptions(this, 'options', {
      nodeName: props.nodeName,
      ...target,
      enabled: true,
      inputPolicy: 'DROP',
      outputPolicy: 'ACCEPT',
      macfilter: true,
      ipfilter: false,
      dhcp: false,
      ndp: false,
      radv: false,
    });
    const groups = props.securityGroups ?? [];
    if (groups.length > 0) {
      this.rules = new VirtualEnvironmentFirewallRules(this, 'rules', {
        nodeName: props.nodeName,
        ...target,
        rule: groups.map((securityGroup) => ({ securityGroup, comment: `security group ${securityGroup}`, enabled: true })),
      });
    }
  }
}
