/**
 * The Proxmox datacenter firewall: on, inbound policy DROP, one cluster IP set per network (CIDRs from sensitive
 * variables), Proxmox's `management` IP set (only its members reach the host UIs and SSH) and the cluster rules for
 * the hosts' own services. The firewall is switched on only after its IP sets and rules exist.
 */
import { CONSTRUCT_PROPS } from './contracts';
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { dependable } from './core';
import { VirtualEnvironmentClusterFirewall } from '../.gen/providers/proxmox/virtual-environment-cluster-firewall';
import { VirtualEnvironmentFirewallIpset } from '../.gen/providers/proxmox/virtual-environment-firewall-ipset';
import { VirtualEnvironmentFirewallRules } from '../.gen/providers/proxmox/virtual-environment-firewall-rules';
import { identifier } from '../naming/names';
import { ruleBlock, type FirewallRule } from './proxmox-firewall-rule';

export interface ClusterIpset {
  readonly name: string;
  /** CIDRs (sensitive variables). */
  readonly cidrs: readonly string[];
  readonly comment: string;
}

export interface ProxmoxClusterFirewallProps {
  readonly ipsets: readonly ClusterIpset[];
  /** @default DROP */
  readonly inputPolicy?: 'DROP' | 'REJECT' | 'ACCEPT';
}

export class ProxmoxClusterFirewall extends Construct {
  readonly options: VirtualEnvironmentClusterFirewall;
  private readonly sets = new Map<string, VirtualEnvironmentFirewallIpset>();
  private hostRules?: VirtualEnvironmentFirewallRules;

  constructor(scope: Construct, id: string, props: ProxmoxClusterFirewallProps) {
    super(scope, id);
    for (const set of props.ipsets) {
      this.sets.set(
        set.name,
        new VirtualEnvironmentFirewallIpset(this, `ipset-${identifier(set.name)}`, {
          name: set.name,
          comment: set.comment,
          cidr: set.cidrs.map((name) => ({ name })),
        }),
      );
    }
    this.options = new VirtualEnvironmentClusterFirewall(this, 'options', {
      enabled: true,
      inputPolicy: props.inputPolicy ?? 'DROP',
      outputPolicy: 'ACCEPT',
      ebtables: true,
      logRatelimit: { enabled: true, burst: 10, rate: '5/second' },
      dependsOn: [...this.sets.values()],
    });
  }

  /** A cluster IP set by name, as a reference (rules that use it depend on it). */
  ipset(name: string): string {
    const set = this.sets.get(name);
    if (!set) fail('cluster firewall', CONSTRUCT_PROPS, `no IP set "${name}"`, `use one of ${[...this.sets.keys()].join(', ')}`);
    return set.name;
  }

  /** Datacenter rules, applied on every host of the cluster (their UI, SSH, NFS …). */
  allowToHosts(rules: readonly FirewallRule[]): this {
    if (this.hostRules) fail('cluster firewall', CONSTRUCT_PROPS, 'allowToHosts() is called a second time', 'pass every host rule in one call');
    this.hostRules = new VirtualEnvironmentFirewallRules(this, 'host-rules', { rule: rules.map(ruleBlock) });
    this.options.dependsOn = [...(this.options.dependsOn ?? []), dependable(this.hostRules)];
    return this;
  }
}
