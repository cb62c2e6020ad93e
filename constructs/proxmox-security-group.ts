/** A cluster firewall security group: the inbound allowances one kind of guest needs, applied to each such guest. */
import { CONSTRUCT_PROPS } from './contracts';
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { VirtualEnvironmentClusterFirewallSecurityGroup } from '../.gen/providers/proxmox/virtual-environment-cluster-firewall-security-group';
import { ruleBlock, type FirewallRule } from './proxmox-firewall-rule';

export interface ProxmoxSecurityGroupProps {
  /** Group name (≤ 18 characters, naming/names.ts proxmoxFirewallNames). */
  readonly name: string;
  readonly comment: string;
  readonly rules: readonly FirewallRule[];
}

export class ProxmoxSecurityGroup extends Construct {
  readonly group: VirtualEnvironmentClusterFirewallSecurityGroup;

  constructor(scope: Construct, id: string, props: ProxmoxSecurityGroupProps) {
    super(scope, id);
    if (props.rules.length === 0) fail(`security group ${props.name}`, CONSTRUCT_PROPS, 'it has no rules, so it allows nothing', 'leave the group out');
    this.group = new VirtualEnvironmentClusterFirewallSecurityGroup(this, 'group', {
      name: props.name,
      comment: props.comment,
      rule: props.rules.map(ruleBlock),
    });
  }

  /** The group name as a reference (guest rules depend on the group through it). */
  get groupName(): string {
    return this.group.name;
  }
}
