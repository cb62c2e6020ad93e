/** What ProxmoxVm and ProxmoxContainer share: identity, size, VLAN-tagged NICs, cloud-init addressing and tags. */
import { Fn } from './core';
import { proxmoxTag } from '../naming/names';

/** One VLAN-tagged NIC of a guest; every value that is a secret arrives as a sensitive variable token. */
export interface GuestNic {
  /** Proxmox bridge (VLAN-aware), e.g. vmbr0. */
  readonly bridge: string;
  /** VLAN tag (a sensitive variable: no VLAN ID literal in the output). */
  readonly vlanId: number;
  /** Address in CIDR form (see `cidrAddress`). */
  readonly address: string;
  /** Default gateway; only the primary NIC has one. @default none */
  readonly gateway?: string;
}

/**
 * `address/prefix` from a plain address variable and the network's CIDR variable: the vault keeps one address per guest
 * and network and one CIDR per network, so the prefix length is written once (docs/decisions/0007-proxmox-layer.md).
 */
export function cidrAddress(address: string, networkCidr: string): string {
  return `${address}/${Fn.element(Fn.split('/', networkCidr), 1)}`;
}

/** Proxmox tags of a guest: location, role and layer, plus the managed-by marker. */
export interface GuestTags {
  readonly location: string;
  readonly role: string;
  readonly layer: string;
}

/** The sorted Proxmox tag list of a guest. */
export function guestTagList(tags: GuestTags): string[] {
  return [proxmoxTag('location', tags.location), proxmoxTag('role', tags.role), proxmoxTag('layer', tags.layer), proxmoxTag('managed', 'opentofu')].sort();
}

/** Props every guest takes, VM or container. */
export interface ProxmoxGuestCommonProps {
  /** Guest name (naming rule `guest`), also its hostname. */
  readonly name: string;
  /** Proxmox node (the guest's host). */
  readonly nodeName: string;
  /** VMID from the model (explicit, unique). */
  readonly vmId: number;
  readonly description: string;
  readonly cores: number;
  readonly memoryMiB: number;
  /** NICs, primary first. */
  readonly nics: readonly GuestNic[];
  /** SSH public keys for cloud-init (sensitive variable). */
  readonly sshPublicKeys: string[];
  /** DNS servers written at first boot. @default none (the image's resolver) */
  readonly dnsServers?: string[];
  readonly tags: GuestTags;
  /** @default true */
  readonly startOnBoot?: boolean;
}

/** cloud-init / LXC initialization shared by both kinds: static addresses (gateway on the primary NIC), SSH keys, DNS. */
export function initialization(props: ProxmoxGuestCommonProps): {
  userAccount: { keys: string[] };
  ipConfig: { ipv4: { address: string; gateway?: string } }[];
  dns?: { servers: string[] };
} {
  return {
    userAccount: { keys: props.sshPublicKeys },
    ipConfig: props.nics.map((n) => ({ ipv4: { address: n.address, gateway: n.gateway } })),
    ...(props.dnsServers ? { dns: { servers: props.dnsServers } } : {}),
  };
}
