/**
 * The plan of one Proxmox location stack, as plain data computed from the resolved model: the provider's cluster,
 * the images each node downloads, the PCI mappings, the media share, every active guest with its resolved storage,
 * NICs, image, firmware and tags, and the firewall. The stack only renders it (stacks/proxmox-location.ts); secrets
 * appear as vault key names, turned into sensitive variables by the stack.
 */
import type { ResolvedGuest, ResolvedModel } from '../model/resolved';
import { isActive } from '../model/resolved';
import { proxmoxApiKeys, secretNames } from '../model/secrets';
import { diskPlacements, vpnGateway, type DiskPlacement } from '../model/derive';
import { known } from '../model/errors';
import type { GuestKind } from '../model/types';
import {
  bindMounts,
  firewallPlan,
  guestLayer,
  imageDownloads,
  pciMappings,
  vmFirmware,
  type FirewallPlan,
  type GuestLayer,
  type ImageDownload,
  type PciMappingPlan,
} from './proxmox';

/** One VLAN-tagged NIC: the bridge, and the vault keys of its VLAN, address, CIDR and (primary NIC only) gateway. */
export interface NicPlan {
  readonly network: string;
  readonly bridge: string;
  readonly vlanIdKey: string;
  readonly addressKey: string;
  readonly cidrKey: string;
  /** Only the primary NIC has the default gateway. */
  readonly gatewayKey?: string;
}

/** A disk on its live pool (storage switch applied): model/derive.ts diskPlacements. */
export type DiskPlan = DiskPlacement;

export interface GuestPlan {
  readonly name: string;
  readonly kind: GuestKind;
  readonly node: string;
  readonly vmid: number;
  readonly description: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly nics: readonly NicPlan[];
  /** The download this guest is made from (`imageId(image, node)`). */
  readonly image: string;
  /** Vault key of the DNS guest's address, written as the resolver at first boot (absent for the DNS guest itself). */
  readonly dnsServerKey?: string;
  readonly tags: { readonly location: string; readonly role: string; readonly layer: GuestLayer };
  /** VMs: every disk (the first boots), firmware, and the GPU mapping passed through. */
  readonly vm?: { readonly disks: readonly DiskPlan[]; readonly firmware: ReturnType<typeof vmFirmware>; readonly gpu?: string };
  /** LXCs: root disk and settings; `hostMounts` when the host-side play sets its bind mounts. */
  readonly lxc?: { readonly rootDisk: DiskPlan; readonly privileged?: boolean; readonly nesting?: boolean; readonly hostMounts: boolean };
  /** The firewall security group of its role (absent: nothing may reach it). */
  readonly securityGroup?: string;
}

/** The media share registered as NFS storage on the nodes of the guests that mount it. */
export interface ProxmoxLocationPlan {
  readonly location: string;
  readonly provider: { readonly endpointKey: string; readonly apiTokenKey: string; readonly insecure: boolean };
  readonly sshPublicKeysKey: string;
  readonly images: readonly ImageDownload[];
  readonly pciMappings: readonly PciMappingPlan[];
  readonly guests: readonly GuestPlan[];
  readonly firewall: FirewallPlan & {
    /** Network the bastion tunnel joins unmasqueraded (its CIDR joins that network's IP sets), if in this location. */
    readonly tunnelNetwork?: string;
    readonly tunnelCidrKey: string;
    /** Comment of each network's IP set: the network's description. */
    readonly descriptions: ReadonlyMap<string, string>;
    /** Vault key of the CIDR of every network the firewall names (IP sets and the management set). */
    readonly cidrKeys: ReadonlyMap<string, string>;
  };
}

/** Key of an image download on a node. */
export function imageId(image: string, node: string): string {
  return `${image}@${node}`;
}

/** The active guests of `location`, in model order. */
export function locationGuests(model: ResolvedModel, location: string): readonly ResolvedGuest[] {
  return model.guests.filter((g) => g.location === location && isActive(g));
}

function nics(model: ResolvedModel, g: ResolvedGuest): NicPlan[] {
  return g.networks.map((net, i) => ({
    network: net,
    // Validation (network-exists) guarantees the network.
    bridge: known(model.index.networks, net, 'network').bridge,
    vlanIdKey: secretNames.vlanId(net),
    addressKey: secretNames.guestAddress(g.name, net),
    cidrKey: secretNames.cidr(net),
    gatewayKey: i === 0 ? secretNames.gateway(net) : undefined,
  }));
}

/** The plan of the Proxmox stack of `location`. */
export function proxmoxLocationPlan(model: ResolvedModel, location: string): ProxmoxLocationPlan {
  const guests = locationGuests(model, location);
  const pve = model.pveClusters.find((c) => c.location === location);
  const keys = proxmoxApiKeys(model, location);
  const firewall = firewallPlan(model, location);
  const dns = guests.find((g) => g.role === 'dns');
  const hostMounted = new Set(bindMounts(model, location).map((b) => b.guest));
  const gateway = vpnGateway(model);
  const gatewayGuest = gateway === undefined ? undefined : model.index.guests.get(gateway.name);
  const tunnelNetwork = gatewayGuest?.location === location && firewall.networks.includes(gatewayGuest.networks[0]) ? gatewayGuest.networks[0] : undefined;
  return {
    location,
    provider: { endpointKey: keys.endpoint, apiTokenKey: keys.apiToken, insecure: pve?.tls === 'insecure' },
    sshPublicKeysKey: secretNames.sshPublicKeys,
    images: imageDownloads(model, guests),
    pciMappings: pciMappings(model, location),
    guests: guests.map((g): GuestPlan => ({
      name: g.name,
      kind: g.kind,
      node: g.host,
      vmid: g.vmid,
      description: g.description,
      cores: g.cores,
      memoryMiB: g.memoryMiB,
      nics: nics(model, g),
      image: imageId(g.image, g.host),
      dnsServerKey: dns === undefined || g === dns ? undefined : secretNames.guestAddress(dns.name, dns.networks[0]),
      tags: { location, role: g.role, layer: guestLayer(g.role) },
      vm:
        g.kind === 'vm'
          ? {
              disks: diskPlacements(model, g),
              firmware: vmFirmware(g),
              gpu: g.gpu,
            }
          : undefined,
      lxc:
        g.kind === 'lxc'
          ? {
              rootDisk: diskPlacements(model, g)[0],
              privileged: g.privileged,
              nesting: g.nesting,
              hostMounts: hostMounted.has(g.name),
            }
          : undefined,
      securityGroup: firewall.groupOf.get(g.name),
    })),
    firewall: {
      ...firewall,
      tunnelNetwork,
      tunnelCidrKey: secretNames.wireguardTunnelCidr,
      descriptions: new Map(firewall.networks.map((n) => [n, known(model.index.networks, n, 'network').description])),
      cidrKeys: new Map([...firewall.managementNetworks, ...firewall.networks].map((n) => [n, secretNames.cidr(n)])),
    },
  };
}
