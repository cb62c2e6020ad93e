/**
 * A Proxmox location stack (bpg/proxmox): renders the location's plan (plan/proxmox-location.ts) — VMs from cloud
 * images, LXCs from templates on the live storage stage, VLAN-tagged NICs, GPU passthrough by PCI mapping, the media
 * share, and the Proxmox firewall generated from the flow matrix (default deny inbound). Addresses, VLAN IDs, CIDRs and
 * PCI ids are sensitive variables (model/secrets.ts). It reads nothing but its plan.
 */
import { Construct } from 'constructs';
import { ProxmoxProvider } from '../.gen/providers/proxmox/provider';
import { HomelabStack } from './base-stack';
import { known } from '../model/errors';
import type { StackBasePlan } from '../plan/stacks';
import type { GuestPlan, ProxmoxLocationPlan } from '../plan/proxmox-location';
import { imageId } from '../plan/proxmox-location';
import { identifier, proxmoxFirewallNames, proxmoxImageFileName } from '../naming/names';
import { ProxmoxImage } from '../constructs/proxmox-image';
import { ProxmoxVm } from '../constructs/proxmox-vm';
import { ProxmoxContainer } from '../constructs/proxmox-container';
import { ProxmoxPciMapping } from '../constructs/proxmox-pci-mapping';
import { ProxmoxClusterFirewall } from '../constructs/proxmox-cluster-firewall';
import { ProxmoxSecurityGroup } from '../constructs/proxmox-security-group';
import { ProxmoxGuestFirewall } from '../constructs/proxmox-guest-firewall';
import { acceptRules, type ServiceAllowance } from '../constructs/proxmox-firewall-rule';
import { cidrAddress, type GuestNic } from '../constructs/proxmox-guest-common';

export class ProxmoxLocationStack extends HomelabStack {
  readonly vms = new Map<string, ProxmoxVm>();
  readonly containers = new Map<string, ProxmoxContainer>();
  readonly firewall: ProxmoxClusterFirewall;

  constructor(scope: Construct, base: StackBasePlan, plan: ProxmoxLocationPlan) {
    super(scope, base);
    const s = this.secrets;
    // TLS is verified unless the model says otherwise for this location's cluster (decision 0007: certificates).
    new ProxmoxProvider(this, 'proxmox', {
      endpoint: s.string(plan.provider.endpointKey),
      apiToken: s.string(plan.provider.apiTokenKey),
      insecure: plan.provider.insecure,
    });

    const images = new Map<string, ProxmoxImage>();
    for (const d of plan.images) {
      images.set(
        imageId(d.image.name, d.node),
        new ProxmoxImage(this, `image-${d.image.name}-${d.node}`, {
          nodeName: d.node,
          datastoreId: d.datastore,
          url: d.image.url,
          fileName: proxmoxImageFileName(d.image.url, d.image.kind),
          kind: d.image.kind,
          checksum: d.image.checksum,
        }),
      );
    }

    const gpus = new Map<string, ProxmoxPciMapping>();
    for (const m of plan.pciMappings) {
      gpus.set(
        m.gpu,
        new ProxmoxPciMapping(this, `gpu-${m.gpu}`, {
          name: m.gpu,
          nodeName: m.node,
          path: s.string(m.pathKey),
          ids: s.list(m.idsKey),
          iommuGroup: s.number(m.iommuGroupKey),
          subsystemId: m.subsystemIdKey === undefined ? undefined : s.string(m.subsystemIdKey),
          comment: m.model,
        }),
      );
    }

    // Shared media is not Proxmox storage: the host-side plays mount it once per node (nfs_client, fstab) and bind it
    // into the containers as root@pam (decision 0007), so the containers here keep the mount points those plays set.

    for (const g of plan.guests) this.guest(g, known(images, g.image, 'image'), gpus, plan.sshPublicKeysKey);
    this.firewall = this.buildFirewall(plan);
  }

  private guest(g: GuestPlan, image: ProxmoxImage, gpus: ReadonlyMap<string, ProxmoxPciMapping>, sshKeys: string): void {
    const s = this.secrets;
    const common = {
      name: g.name,
      nodeName: g.node,
      vmId: g.vmid,
      description: g.description,
      cores: g.cores,
      memoryMiB: g.memoryMiB,
      nics: g.nics.map((n): GuestNic => ({
        bridge: n.bridge,
        vlanId: s.number(n.vlanIdKey),
        address: cidrAddress(s.string(n.addressKey), s.string(n.cidrKey)),
        gateway: n.gatewayKey === undefined ? undefined : s.string(n.gatewayKey),
      })),
      sshPublicKeys: s.list(sshKeys),
      dnsServers: g.dnsServerKey === undefined ? undefined : [s.string(g.dnsServerKey)],
      tags: g.tags,
    };
    if (g.vm) {
      const vm = new ProxmoxVm(this, `guest-${g.name}`, {
        ...common,
        disks: g.vm.disks.map((d) => ({ datastoreId: d.datastore, sizeGiB: d.sizeGiB })),
        imageFileId: image.fileId,
        firmware: g.vm.firmware,
      });
      if (g.vm.gpu !== undefined) vm.attachGpu(known(gpus, g.vm.gpu, 'GPU mapping').mappingName);
      this.vms.set(g.name, vm);
    } else if (g.lxc) {
      const ct = new ProxmoxContainer(this, `guest-${g.name}`, {
        ...common,
        rootDisk: { datastoreId: g.lxc.rootDisk.datastore, sizeGiB: g.lxc.rootDisk.sizeGiB },
        templateFileId: image.fileId,
        privileged: g.lxc.privileged,
        nesting: g.lxc.nesting,
      });
      if (g.lxc.hostMounts) ct.keepHostMounts();
      this.containers.set(g.name, ct);
    }
  }

  /** Cluster firewall, one security group per guest role, each guest's firewall on with policy DROP. */
  private buildFirewall(plan: ProxmoxLocationPlan): ProxmoxClusterFirewall {
    const fw = plan.firewall;
    const cidr = (net: string) => this.secrets.string(known(fw.cidrKeys, net, 'network CIDR key'));
    // The bastion tunnel joins its gateway's network, unmasqueraded: its CIDR is a member of that network's sets.
    const withTunnel = (nets: readonly string[]) =>
      fw.tunnelNetwork !== undefined && nets.includes(fw.tunnelNetwork) ? [this.secrets.string(fw.tunnelCidrKey)] : [];
    const firewall = new ProxmoxClusterFirewall(this, 'firewall', {
      ipsets: [
        {
          name: proxmoxFirewallNames.managementIpset,
          cidrs: [...fw.managementNetworks.map(cidr), ...withTunnel(fw.managementNetworks)],
          comment: 'Management networks (and the bastion tunnel routed into them): the only sources of the host UIs and SSH.',
        },
        ...fw.networks.map((net) => ({
          name: proxmoxFirewallNames.networkIpset(net),
          cidrs: [cidr(net), ...withTunnel([net])],
          comment: fw.descriptions.get(net) ?? net,
        })),
      ],
    });
    const allow = (r: { from: string; to: string; service: ServiceAllowance['service']; why: string }) =>
      acceptRules({
        service: r.service,
        fromIpset: firewall.ipset(proxmoxFirewallNames.networkIpset(r.from)),
        toIpset: firewall.ipset(proxmoxFirewallNames.networkIpset(r.to)),
        comment: r.why,
      });
    firewall.allowToHosts(fw.hostRules.flatMap(allow));
    const groups = new Map<string, ProxmoxSecurityGroup>();
    for (const g of fw.groups) {
      groups.set(
        g.name,
        new ProxmoxSecurityGroup(this, `security-group-${g.name}`, {
          name: g.name,
          comment: `Inbound allowances of ${g.role} guests (from the flow matrix).`,
          rules: g.rules.flatMap(allow),
        }),
      );
    }
    for (const g of plan.guests) {
      const guest = this.vms.get(g.name) ?? known(this.containers, g.name, 'guest');
      new ProxmoxGuestFirewall(this, `firewall-${identifier(g.name)}`, {
        nodeName: g.node,
        vmId: guest.vmId,
        kind: g.kind,
        securityGroups: g.securityGroup === undefined ? [] : [known(groups, g.securityGroup, 'security group').groupName],
      });
    }
    return firewall;
  }
}
