/**
 * asgard (Proxmox VE): every on-prem guest of the model — VMs from cloud images, LXCs from templates — on the live
 * storage stage, VLAN-tagged NICs, GPU passthrough by PCI mapping, and the Proxmox firewall generated from the flow
 * matrix (default deny inbound). Addresses, VLAN IDs, CIDRs and PCI ids are sensitive variables (model/secrets.ts).
 */
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { ProxmoxProvider } from '../.gen/providers/proxmox/provider';
import { HomelabStack, type HomelabStackProps } from './base-stack';
import { vpnGateway } from '../model/derive';
import { secretNames } from '../model/secrets';
import type { GuestSpec, Homelab } from '../model/types';
import { identifier, proxmoxFirewallNames, proxmoxImageFileName } from '../naming/names';
import { bindMounts, firewallPlan, guestLayer, guestsAt, imageDownloads, pciMappings, vmFirmware } from '../plan/proxmox';
import { liveStorageFor } from '../model/lookup';
import { ProxmoxImage } from '../constructs/proxmox-image';
import { ProxmoxVm } from '../constructs/proxmox-vm';
import { ProxmoxContainer } from '../constructs/proxmox-container';
import { ProxmoxPciMapping } from '../constructs/proxmox-pci-mapping';
import { ProxmoxNfsStorage } from '../constructs/proxmox-nfs-storage';
import { ProxmoxClusterFirewall } from '../constructs/proxmox-cluster-firewall';
import { ProxmoxSecurityGroup } from '../constructs/proxmox-security-group';
import { ProxmoxGuestFirewall } from '../constructs/proxmox-guest-firewall';
import { acceptRules, type ServiceAllowance } from '../constructs/proxmox-firewall-rule';
import { cidrAddress, type GuestNic } from '../constructs/proxmox-guest-common';

export class AsgardStack extends HomelabStack {
  readonly vms = new Map<string, ProxmoxVm>();
  readonly containers = new Map<string, ProxmoxContainer>();
  readonly firewall: ProxmoxClusterFirewall;

  constructor(scope: Construct, name: string, props: HomelabStackProps) {
    super(scope, name, props);
    const model = props.model;
    const s = this.secrets;
    // TLS is verified unless the model says otherwise for this location's cluster (decision 0007: certificates).
    const pve = model.pveClusters.find((c) => c.location === name);
    new ProxmoxProvider(this, 'proxmox', { endpoint: s.string(secretNames.proxmoxEndpoint), apiToken: s.string(secretNames.proxmoxApiToken), insecure: pve?.tls === 'insecure' });
    const guests = guestsAt(model, name);

    const images = new Map<string, ProxmoxImage>();
    for (const d of imageDownloads(model, guests)) {
      images.set(`${d.image.name}@${d.node}`, new ProxmoxImage(this, `image-${d.image.name}-${d.node}`, {
        nodeName: d.node,
        datastoreId: d.datastore,
        url: d.image.url,
        fileName: proxmoxImageFileName(d.image.url, d.image.kind),
        kind: d.image.kind,
        checksum: d.image.checksum,
      }));
    }

    const gpus = new Map<string, ProxmoxPciMapping>();
    for (const m of pciMappings(model, name)) {
      gpus.set(m.gpu, new ProxmoxPciMapping(this, `gpu-${m.gpu}`, {
        name: m.gpu,
        nodeName: m.node,
        path: s.string(m.pathKey),
        ids: s.list(m.idsKey),
        iommuGroup: s.number(m.iommuGroupKey),
        subsystemId: m.subsystemIdKey === undefined ? undefined : s.string(m.subsystemIdKey),
        comment: m.model,
      }));
    }

    // The share is registered on the nodes of the guests that mount it; the bind mounts themselves are the host-side
    // play's (root@pam only), so the containers here keep whatever mount points that play sets.
    this.mediaShares(model, guests);
    const hostMounted = new Set(bindMounts(model, name).map((b) => b.guest));
    const dns = guests.find((g) => g.role === 'dns');
    const dnsServers = dns ? [s.string(secretNames.guestAddress(dns.name, dns.networks[0]))] : undefined;

    for (const g of guests) {
      const image = images.get(`${g.image}@${g.host}`)!;
      const common = {
        name: g.name,
        nodeName: g.host,
        vmId: g.vmid,
        description: g.description,
        cores: g.cores,
        memoryMiB: g.memoryMiB,
        nics: this.nics(model, g),
        sshPublicKeys: s.list(secretNames.sshPublicKeys),
        dnsServers: g === dns ? undefined : dnsServers,
        tags: { location: name, role: g.role, layer: guestLayer(g.role) },
      };
      if (g.kind === 'vm') {
        const vm = new ProxmoxVm(this, `guest-${g.name}`, {
          ...common,
          disks: g.disks.map((d) => ({ datastoreId: liveStorageFor(model, d.storage, 'vm-disks'), sizeGiB: d.sizeGiB })),
          imageFileId: image.fileId,
          firmware: vmFirmware(g),
        });
        if (g.gpu !== undefined) vm.attachGpu(gpus.get(g.gpu)!.mappingName);
        this.vms.set(g.name, vm);
      } else {
        const ct = new ProxmoxContainer(this, `guest-${g.name}`, {
          ...common,
          rootDisk: { datastoreId: liveStorageFor(model, g.disks[0].storage, 'container-rootfs'), sizeGiB: g.disks[0].sizeGiB },
          templateFileId: image.fileId,
          privileged: g.privileged,
          nesting: g.nesting,
        });
        if (hostMounted.has(g.name)) ct.keepHostMounts();
        this.containers.set(g.name, ct);
      }
    }

    this.firewall = this.buildFirewall(model, name, guests);
  }

  /** VLAN-tagged NICs of a guest, primary first; only the primary NIC has the default gateway. */
  private nics(model: Homelab, g: GuestSpec): GuestNic[] {
    return g.networks.map((net, i) => ({
      bridge: model.networks.find((n) => n.name === net)!.bridge,
      vlanId: this.secrets.number(secretNames.vlanId(net)),
      address: cidrAddress(this.secrets.string(secretNames.guestAddress(g.name, net)), this.secrets.string(secretNames.cidr(net))),
      gateway: i === 0 ? this.secrets.string(secretNames.gateway(net)) : undefined,
    }));
  }

  /** The live media share(s) guests mount, registered as NFS storage on the nodes of those guests. */
  private mediaShares(model: Homelab, guests: readonly GuestSpec[]): ReadonlyMap<string, ProxmoxNfsStorage> {
    const nodesOf = new Map<string, string[]>();
    for (const g of guests) {
      for (const m of g.mounts ?? []) {
        const pool = liveStorageFor(model, m.storage, 'media');
        nodesOf.set(pool, [...new Set([...(nodesOf.get(pool) ?? []), g.host])]);
      }
    }
    if (nodesOf.size > 1) fail('storage', 'media-share', `guests mount ${[...nodesOf.keys()].join(', ')}`, `mount one media share (the ${secretNames.mediaNfsServer} secret names one NFS server)`);
    const shares = new Map<string, ProxmoxNfsStorage>();
    for (const [pool, nodes] of nodesOf) {
      const spec = model.storage.find((x) => x.name === pool)!;
      // One stable address per share: the storage switch updates it in place instead of replacing it.
      shares.set(pool, new ProxmoxNfsStorage(this, 'media-share', { storageId: pool, server: this.secrets.string(secretNames.mediaNfsServer), exportPath: spec.path!, nodes: nodes.sort() }));
    }
    return shares;
  }

  /** Cluster firewall, one security group per guest role, each guest's firewall on with policy DROP. */
  private buildFirewall(model: Homelab, location: string, guests: readonly GuestSpec[]): ProxmoxClusterFirewall {
    const plan = firewallPlan(model, location);
    const cidr = (net: string) => this.secrets.string(secretNames.cidr(net));
    // The bastion tunnel joins its gateway's network, unmasqueraded: its CIDR is a member of that network's sets.
    const gateway = vpnGateway(model);
    const tunnelNet = gateway && model.hosts.find((h) => h.name === gateway.host)?.location === location && plan.networks.includes(gateway.networks[0]) ? gateway.networks[0] : undefined;
    const withTunnel = (nets: readonly string[]) => (tunnelNet !== undefined && nets.includes(tunnelNet) ? [this.secrets.string(secretNames.wireguardTunnelCidr)] : []);
    const firewall = new ProxmoxClusterFirewall(this, 'firewall', {
      ipsets: [
        { name: proxmoxFirewallNames.managementIpset, cidrs: [...plan.managementNetworks.map(cidr), ...withTunnel(plan.managementNetworks)], comment: 'Management networks (and the bastion tunnel routed into them): the only sources of the host UIs and SSH.' },
        ...plan.networks.map((net) => ({ name: proxmoxFirewallNames.networkIpset(net), cidrs: [cidr(net), ...withTunnel([net])], comment: model.networks.find((n) => n.name === net)!.description })),
      ],
    });
    const allow = (r: { from: string; to: string; service: ServiceAllowance['service']; why: string }) =>
      acceptRules({ service: r.service, fromIpset: firewall.ipset(proxmoxFirewallNames.networkIpset(r.from)), toIpset: firewall.ipset(proxmoxFirewallNames.networkIpset(r.to)), comment: r.why });
    firewall.allowToHosts(plan.hostRules.flatMap(allow));
    const groups = new Map<string, ProxmoxSecurityGroup>();
    for (const g of plan.groups) {
      groups.set(g.name, new ProxmoxSecurityGroup(this, `security-group-${g.name}`, { name: g.name, comment: `Inbound allowances of ${g.role} guests (from the flow matrix).`, rules: g.rules.flatMap(allow) }));
    }
    for (const g of guests) {
      const group = plan.groupOf.get(g.name);
      const guest = this.vms.get(g.name) ?? this.containers.get(g.name)!;
      new ProxmoxGuestFirewall(this, `firewall-${identifier(g.name)}`, {
        nodeName: g.host,
        vmId: guest.vmId,
        kind: g.kind,
        securityGroups: group === undefined ? [] : [groups.get(group)!.groupName],
      });
    }
    return firewall;
  }
}
