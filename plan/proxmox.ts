/**
 * What a Proxmox location stack builds, derived from the model as plain data (no constructs): which guests, on which
 * live storage, which images each node downloads, and the firewall (IP sets, security groups, host rules) generated
 * from the who-may-talk-to-whom matrix (`flows`) and what each guest `serves`. Pure functions, unit-tested alone.
 */
import { fail } from '../model/errors';
import type { GuestRole, GuestSpec, Homelab, HostService, ImageSpec, ServiceName, VolumeOwner } from '../model/types';
import { hostLifecycle, isGuestActive, liveStorageFor } from '../model/lookup';
import { inboundAllowances } from '../model/derive';
import { secretNames } from '../model/secrets';
import { nfsMountPoint, proxmoxFirewallNames } from '../naming/names';

/** Active guests on the Proxmox hosts of `location`, in model order. */
export function guestsAt(model: Homelab, location: string): readonly GuestSpec[] {
  return model.guests.filter((g) => model.hosts.find((h) => h.name === g.host)?.location === location && isGuestActive(model, g));
}

/** Where a node keeps a downloaded image: the image's own pool when the node reaches it, else the node's local pool for images. */
export function imageDatastore(model: Homelab, image: ImageSpec, node: string): string {
  const own = model.storage.find((s) => s.name === image.storage);
  if (own && (own.kind !== 'local-ssd' || own.host === node)) return own.name;
  const local = model.storage.find((s) => s.kind === 'local-ssd' && s.host === node && s.content.includes('images'));
  if (!local) fail(`images/${image.name}`, 'image-storage', `node ${node} has no local pool with content 'images'`, `add 'images' to a local pool of ${node}`);
  return local.name;
}

export interface ImageDownload {
  readonly image: ImageSpec;
  readonly node: string;
  readonly datastore: string;
}

/** One download per image and node that runs a guest made from it, in model order of images then nodes. */
export function imageDownloads(model: Homelab, guests: readonly GuestSpec[]): readonly ImageDownload[] {
  const out: ImageDownload[] = [];
  for (const image of model.images) {
    const nodes = [...new Set(guests.filter((g) => g.image === image.name).map((g) => g.host))];
    for (const node of nodes) out.push({ image, node, datastore: imageDatastore(model, image, node) });
  }
  return out;
}

/** Architectural layer of a guest role, for the `layer-…` tag. */
export type GuestLayer = 'kubernetes' | 'edge' | 'workload';

const ROLE_LAYER: Readonly<Record<GuestRole, GuestLayer>> = {
  'k8s-control-plane': 'kubernetes',
  'k8s-worker': 'kubernetes',
  'identity-outpost': 'edge',
  tunnel: 'edge',
  'reverse-proxy': 'edge',
  dns: 'edge',
  'vpn-gateway': 'edge',
  'gpu-workbench': 'workload',
  service: 'workload',
  'media-downloads': 'workload',
};

export function guestLayer(role: GuestRole): GuestLayer {
  return ROLE_LAYER[role];
}

/** One inbound allowance: `service` from network `from` to an address in network `to`. */
export interface InboundRule {
  readonly from: string;
  readonly to: string;
  readonly service: ServiceName;
  /** The flow's reason (rule comment). */
  readonly why: string;
}

export interface SecurityGroupPlan {
  readonly name: string;
  readonly role: GuestRole;
  readonly rules: readonly InboundRule[];
}

export interface FirewallPlan {
  /** Networks that need a cluster IP set (sources and destinations of rules), in model order. */
  readonly networks: readonly string[];
  /** Management networks: members of Proxmox's `management` IP set. */
  readonly managementNetworks: readonly string[];
  /** One security group per guest role with at least one allowed inbound service. */
  readonly groups: readonly SecurityGroupPlan[];
  /** Security group of each guest (absent: nothing may reach the guest). */
  readonly groupOf: ReadonlyMap<string, string>;
  /** Cluster-level rules for the Proxmox hosts themselves (their UI, SSH, NFS …). */
  readonly hostRules: readonly InboundRule[];
}

/** Services a host offers on the networks it is on: SSH for the configuration layer, plus its declared services. */
const HOST_SERVICE: Readonly<Record<HostService, ServiceName>> = {
  'proxmox-ui': 'proxmox-ui',
  'truenas-ui': 'https',
  'nfs-server': 'nfs',
  'iscsi-target': 'iscsi',
};

/** Inbound rules for something on `networks` that serves `serves` (the allowances both firewalls share). */
function inbound(model: Homelab, networks: readonly string[], serves: readonly ServiceName[]): InboundRule[] {
  return inboundAllowances(model, networks, serves).map(({ from, to, service, why }) => ({ from, to, service, why }));
}

function dedupe(rules: readonly InboundRule[]): InboundRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = `${r.from}|${r.to}|${r.service}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The firewall of a location: default deny inbound everywhere, allowances from the flow matrix. */
export function firewallPlan(model: Homelab, location: string): FirewallPlan {
  const guests = guestsAt(model, location);
  const groups: SecurityGroupPlan[] = [];
  const groupOf = new Map<string, string>();
  for (const role of [...new Set(guests.map((g) => g.role))]) {
    const members = guests.filter((g) => g.role === role);
    const rules = dedupe(members.flatMap((g) => inbound(model, g.networks, g.serves ?? [])));
    if (rules.length === 0) continue;
    const name = proxmoxFirewallNames.securityGroup(role);
    groups.push({ name, role, rules });
    for (const g of members) groupOf.set(g.name, name);
  }
  const hosts = model.hosts.filter((h) => h.kind === 'proxmox' && h.location === location && hostLifecycle(model, h) === 'active');
  const hostRules = dedupe(hosts.flatMap((h) => inbound(model, h.networks, ['ssh', ...(h.services ?? []).map((s) => HOST_SERVICE[s])])));
  const used = new Set([...groups.flatMap((g) => g.rules), ...hostRules].flatMap((r) => [r.from, r.to]));
  const managementNetworks = model.networks.filter((n) => n.location === location && n.purpose === 'mgmt').map((n) => n.name);
  return {
    networks: model.networks.filter((n) => used.has(n.name)).map((n) => n.name),
    managementNetworks,
    groups,
    groupOf,
    hostRules,
  };
}

/** The vault keys of one GPU's PCI mapping: every field Proxmox checks when the VM starts. */
export interface PciMappingPlan {
  readonly gpu: string;
  readonly node: string;
  readonly model: string;
  readonly pathKey: string;
  /** vendor:device of every function, .0 first: the mapping's id is the first, the vfio role binds them all. */
  readonly idsKey: string;
  readonly iommuGroupKey: string;
  /** Absent only for a card that reports no subsystem id (GpuSpec.subsystemId false). */
  readonly subsystemIdKey?: string;
}

/** One mapping per GPU of a Proxmox host in `location` that an active guest uses, in model order. */
export function pciMappings(model: Homelab, location: string): readonly PciMappingPlan[] {
  const guests = guestsAt(model, location);
  const out: PciMappingPlan[] = [];
  for (const host of model.hosts.filter((h) => h.location === location && h.kind === 'proxmox')) {
    for (const gpu of host.gpus ?? []) {
      if (!guests.some((g) => g.gpu === gpu.name)) continue;
      out.push({
        gpu: gpu.name,
        node: host.name,
        model: gpu.model,
        pathKey: secretNames.gpuPciPath(gpu.name),
        idsKey: secretNames.gpuPciIds(gpu.name),
        iommuGroupKey: secretNames.gpuIommuGroup(gpu.name),
        subsystemIdKey: (gpu.subsystemId ?? true) ? secretNames.gpuPciSubsystemId(gpu.name) : undefined,
      });
    }
  }
  return out;
}

/** Machine type and firmware of a VM: a GPU guest gets PCIe (q35) and UEFI (OVMF, with its EFI disk). */
export function vmFirmware(guest: GuestSpec): { readonly machine: 'q35' | 'i440fx'; readonly bios: 'ovmf' | 'seabios' } {
  return guest.gpu !== undefined ? { machine: 'q35', bios: 'ovmf' } : { machine: 'i440fx', bios: 'seabios' };
}

/** Who applies a container bind mount: the host-side play as root over SSH (root@pam), or the tofu stack's API token. */
export type MountApplier = 'host-root' | 'api-token';

/** A bind mount of a shared storage (as the node mounts it) into an LXC, with the owner its writers share. */
export interface BindMountPlan {
  readonly guest: string;
  readonly node: string;
  readonly vmid: number;
  /** Mount point index: mp0, mp1 … in the guest's mount order. */
  readonly index: number;
  /** The live pool mounted. */
  readonly storage: string;
  /** Where the node has the share: the export itself on its server, else its one NFS mount (nfsMountPoint). */
  readonly hostPath: string;
  /** Path inside the container. */
  readonly path: string;
  readonly privileged: boolean;
  /** The pool's uid/gid contract (absent when the model declares none: deploy rule deploy-shared-volume-owner). */
  readonly owner?: VolumeOwner;
  readonly appliedBy: MountApplier;
}

/**
 * Every bind mount of the active LXCs of `location`. Proxmox lets only root@pam itself set a bind mount (a token,
 * even root@pam's, gets 403), so they are all applied by the host-side play (ansible/proxmox-guests.yml), never by
 * the tofu stack, which runs with the automation user's API token.
 */
export function bindMounts(model: Homelab, location: string): readonly BindMountPlan[] {
  const out: BindMountPlan[] = [];
  for (const g of guestsAt(model, location)) {
    if (g.kind !== 'lxc') continue;
    (g.mounts ?? []).forEach((m, index) => {
      const storage = liveStorageFor(model, m.storage, 'media');
      const pool = model.storage.find((s) => s.name === storage);
      const hostPath = pool?.host === g.host && pool.path !== undefined ? pool.path : nfsMountPoint(storage);
      out.push({
        guest: g.name,
        node: g.host,
        vmid: g.vmid,
        index,
        storage,
        hostPath,
        path: m.path,
        privileged: g.privileged ?? false,
        owner: pool?.owner,
        appliedBy: 'host-root',
      });
    });
  }
  return out;
}
