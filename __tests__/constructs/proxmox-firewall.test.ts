import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import type { TfJson } from '../helpers/stacks';
import type { Construct } from 'constructs';
import { VirtualEnvironmentClusterFirewall } from '../../.gen/providers/proxmox/virtual-environment-cluster-firewall';
import { VirtualEnvironmentFirewallIpset } from '../../.gen/providers/proxmox/virtual-environment-firewall-ipset';
import { VirtualEnvironmentFirewallRules } from '../../.gen/providers/proxmox/virtual-environment-firewall-rules';
import { VirtualEnvironmentFirewallOptions } from '../../.gen/providers/proxmox/virtual-environment-firewall-options';
import { VirtualEnvironmentClusterFirewallSecurityGroup } from '../../.gen/providers/proxmox/virtual-environment-cluster-firewall-security-group';
import { ProxmoxClusterFirewall } from '../../constructs/proxmox-cluster-firewall';
import { ProxmoxSecurityGroup } from '../../constructs/proxmox-security-group';
import { ProxmoxGuestFirewall } from '../../constructs/proxmox-guest-firewall';
import { acceptRules } from '../../constructs/proxmox-firewall-rule';

Testing.setupJest();

const synth = (build: (scope: Construct) => void): string => Testing.synthScope((scope) => build(scope));

describe('acceptRules', () => {
  it('expands a service into one ACCEPT rule per protocol and port', () => {
    expect(acceptRules({ service: 'dns', fromIpset: 'a', toIpset: 'b', comment: 'why' })).toEqual([
      { action: 'ACCEPT', source: '+a', dest: '+b', proto: 'udp', dport: '53', comment: 'dns: why' },
      { action: 'ACCEPT', source: '+a', dest: '+b', proto: 'tcp', dport: '53', comment: 'dns: why' },
    ]);
    expect(acceptRules({ service: 'icmp', fromIpset: 'a', toIpset: 'b', comment: 'ping' })).toEqual([
      { action: 'ACCEPT', source: '+a', dest: '+b', proto: 'icmp', dport: undefined, comment: 'icmp: ping' },
    ]);
  });

  it('allows every protocol for "any"', () => {
    expect(acceptRules({ service: 'any', fromIpset: 'a', toIpset: 'a', comment: 'same network' })).toEqual([
      { action: 'ACCEPT', source: '+a', dest: '+a', comment: 'any: same network' },
    ]);
  });
});

describe('ProxmoxClusterFirewall', () => {
  it('turns the datacenter firewall on with inbound DROP after its IP sets and host rules exist', () => {
    const json = synth((s) => {
      const fw = new ProxmoxClusterFirewall(s, 'fw', {
        ipsets: [
          { name: 'management', cidrs: ['${var.mgmt}'], comment: 'mgmt' },
          { name: 'styx-servers', cidrs: ['${var.styx}'], comment: 'servers' },
        ],
      });
      fw.allowToHosts(acceptRules({ service: 'proxmox-ui', fromIpset: fw.ipset('management'), toIpset: fw.ipset('management'), comment: 'UI' }));
    });
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentClusterFirewall, { enabled: true, input_policy: 'DROP', output_policy: 'ACCEPT' });
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentFirewallIpset, { name: 'management', cidr: [{ name: '${var.mgmt}' }] });
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentFirewallRules, {
      rule: [expect.objectContaining({ type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '8006' })],
    });
    const options = Object.values((JSON.parse(json) as TfJson).resource.proxmox_virtual_environment_cluster_firewall)[0] as { depends_on: string[] };
    expect(options.depends_on).toHaveLength(3);
    expect(options.depends_on.filter((d) => d.startsWith('proxmox_virtual_environment_firewall_rules.'))).toHaveLength(1);
    expect(options.depends_on.every((d) => !d.includes('${'))).toBe(true);
  });

  it('names an unknown IP set and refuses a second batch of host rules', () => {
    expect(() => synth((s) => new ProxmoxClusterFirewall(s, 'fw', { ipsets: [] }).ipset('nope'))).toThrow(/no IP set "nope"/);
    expect(() => synth((s) => new ProxmoxClusterFirewall(s, 'fw', { ipsets: [] }).allowToHosts([]).allowToHosts([]))).toThrow(/in one call/);
  });
});

describe('ProxmoxSecurityGroup', () => {
  it('holds inbound rules', () => {
    const json = synth(
      (s) =>
        new ProxmoxSecurityGroup(s, 'sg', {
          name: 'dns',
          comment: 'DNS guests',
          rules: acceptRules({ service: 'ssh', fromIpset: 'm', toIpset: 's', comment: 'admin' }),
        }),
    );
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentClusterFirewallSecurityGroup, {
      name: 'dns',
      rule: [{ type: 'in', action: 'ACCEPT', source: '+m', dest: '+s', proto: 'tcp', dport: '22', comment: 'ssh: admin', enabled: true }],
    });
  });

  it('refuses a group without rules', () => {
    expect(() => synth((s) => new ProxmoxSecurityGroup(s, 'sg', { name: 'x', comment: 'x', rules: [] }))).toThrow(/no rules/);
  });
});

describe('ProxmoxGuestFirewall', () => {
  it('sets DROP inbound on a VM and applies its security group', () => {
    const json = synth((s) => new ProxmoxGuestFirewall(s, 'fw', { nodeName: 'asgard-atlas', vmId: 201, kind: 'vm', securityGroups: ['k8s-worker'] }));
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentFirewallOptions, {
      node_name: 'asgard-atlas',
      vm_id: 201,
      enabled: true,
      input_policy: 'DROP',
      output_policy: 'ACCEPT',
      macfilter: true,
    });
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentFirewallRules, {
      node_name: 'asgard-atlas',
      vm_id: 201,
      rule: [expect.objectContaining({ security_group: 'k8s-worker' })],
    });
  });

  it('addresses a container by container_id and writes no rules without groups', () => {
    const json = synth((s) => new ProxmoxGuestFirewall(s, 'fw', { nodeName: 'asgard-atlas', vmId: 101, kind: 'lxc' }));
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentFirewallOptions, { container_id: 101, input_policy: 'DROP' });
    expect((JSON.parse(json) as TfJson).resource).not.toHaveProperty('proxmox_virtual_environment_firewall_rules');
  });
});
