/** Facts derived from the model that several outputs share (one derivation, many consumers). */
import type { AppSpec, BackupSourceSpec, WithFields, DiskUse, FlowSpec, GuestSpec, Homelab, InfraEndpointSpec, ProxySiteSpec, ServiceName } from './types';
import { DATA_DISK_MOUNTS, dataDiskLabel, internalHostname, proxmoxScsiDiskById } from '../naming/names';
import { authOf, hostLifecycle, isGuestActive, liveStorageFor, locationLifecycle } from './lookup';

export type RouteAudience = 'infrastructure' | 'application';

/** One public hostname and where the tunnel sends it (the hostname split). */
export interface PublicRoute {
  readonly hostname: string;
  readonly audience: RouteAudience;
  /** The app or infrastructure endpoint behind it. */
  readonly target: string;
  /** Proxy that takes it: the NGINX proxy guest or the ingress app. */
  readonly via: string;
  /** Origin as cloudflared reaches it (internal DNS name, no address). */
  readonly origin: string;
  readonly auth: 'authentik' | 'none';
}

/**
 * What a restic source on a host backs up: the paths of that host's pools that are live in the model's storage stage
 * (a pool of the other stage does not exist yet, or no longer holds the data: restic would fail on the missing path).
 * A planned host runs nothing; its list is what it will back up once its stage is live.
 */
export function resticPaths(model: Homelab, host: string): readonly string[] {
  const pools = model.storage.filter((s) => s.host === host && s.path !== undefined);
  const hostSpec = model.hosts.find((h) => h.name === host);
  const live = hostSpec !== undefined && hostLifecycle(model, hostSpec) === 'active' ? pools.filter((s) => s.stages.includes(model.storageStage)) : pools;
  return live.flatMap((s) => (s.path === undefined ? [] : [s.path]));
}

/** The restic repository URL of a backup source (the source host's job and the person's prune use the same one). */
export function resticRepository(model: Homelab, source: BackupSourceSpec): string {
  const region = model.locations.find((l) => l.name === model.backups.location)?.region ?? '';
  return `s3:s3.${region}.amazonaws.com/${model.backups.bucket}/${source.prefix.replace(/\/$/, '')}`;
}

export function isInternetExposed(app: AppSpec): boolean {
  return app.exposure !== undefined && app.exposure.internet !== false;
}

function endpointActive(model: Homelab, e: InfraEndpointSpec): boolean {
  const host = model.hosts.find((h) => h.name === e.host);
  return host === undefined || hostLifecycle(model, host) === 'active';
}

/** A proxy site is live when its upstream guest is (planned guests have no address yet). */
export function siteActive(model: Homelab, s: ProxySiteSpec): boolean {
  const g = model.guests.find((x) => x.name === s.upstream.guest);
  return g !== undefined && isGuestActive(model, g);
}

/** Every public hostname, infrastructure first, in model order: the input of the tunnel, DNS and docs. */
export function publicRoutes(model: Homelab): readonly PublicRoute[] {
  const proxy = model.edge.infrastructureProxy;
  const ingress = model.edge.applicationIngress;
  return [
    ...model.infraEndpoints
      .filter((e) => endpointActive(model, e))
      .map((e): PublicRoute => ({
        hostname: e.hostname,
        audience: 'infrastructure',
        target: e.name,
        via: proxy,
        origin: `http://${internalHostname(proxy)}:80`,
        auth: authOf(e),
      })),
    ...(model.proxySites ?? [])
      .filter((s) => siteActive(model, s))
      .map((s): PublicRoute => ({
        hostname: s.hostname,
        audience: 'infrastructure',
        target: s.name,
        via: proxy,
        origin: `http://${internalHostname(proxy)}:80`,
        auth: authOf(s),
      })),
    ...model.apps
      .filter((a): a is WithFields<AppSpec, 'exposure'> => isInternetExposed(a))
      .map((a): PublicRoute => ({
        hostname: a.exposure.hostname,
        audience: 'application',
        target: a.name,
        via: ingress,
        origin: `https://${internalHostname(ingress)}:443`,
        auth: authOf(a.exposure),
      })),
  ];
}

/** Guests that are Kubernetes nodes, with their role in the cluster. */
export function clusterNodes(model: Homelab, cluster: string): readonly { readonly guest: string; readonly role: 'control-plane' | 'worker' }[] {
  const c = model.clusters.find((x) => x.name === cluster);
  if (!c) return [];
  return [...c.controlPlane.map((guest) => ({ guest, role: 'control-plane' as const })), ...c.workers.map((guest) => ({ guest, role: 'worker' as const }))];
}

/** The Kubernetes cluster a guest is a node of (control plane or worker), if any. */
export function clusterOfGuest(model: Homelab, guest: string): Homelab['clusters'][number] | undefined {
  return model.clusters.find((c) => c.controlPlane.includes(guest) || c.workers.includes(guest));
}

/**
 * The nodes of a cluster that run workloads: its workers, or its control plane when it has none. With workers, the
 * control plane is tainted NoSchedule (k3s `node-taint`, role k3s): it keeps its small root disk and its memory for the
 * API server, and the local-path volumes land only where a data disk is mounted for them.
 */
export function workloadNodes(model: Homelab, cluster: string): readonly string[] {
  const nodes = clusterNodes(model, cluster);
  const workers = nodes.filter((n) => n.role === 'worker');
  return (workers.length > 0 ? workers : nodes).map((n) => n.guest);
}

/** The taint k3s registers a control-plane node with when the cluster has workers (see workloadNodes). */
export const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' } as const;

/** A taint as k3s' `node-taint` takes it: `key:effect`. */
export function taintArg(taint: { readonly key: string; readonly effect: string }): string {
  return `${taint.key}:${taint.effect}`;
}

/** Proxmox VMs are created with the QEMU guest agent enabled (constructs/proxmox-vm.ts); the guest must run it. */
export function guestAgentEnabled(guest: GuestSpec): boolean {
  return guest.kind === 'vm';
}

/** A data disk of a VM (any disk after the boot disk) as the guest sees it, and where its consumer writes. */
export interface DataDisk {
  /** SCSI index (`scsi<N>`, the disk's position in `disks`). */
  readonly index: number;
  readonly use: DiskUse;
  readonly device: string;
  readonly label: string;
  readonly mountPath: string;
}

/** The data disks of a VM that declare their consumer (the boot disk is never one). */
export function dataDisks(guest: GuestSpec): readonly DataDisk[] {
  if (guest.kind !== 'vm') return [];
  return guest.disks.flatMap((d, index): DataDisk[] =>
    index === 0 || d.use === undefined
      ? []
      : [{ index, use: d.use, device: proxmoxScsiDiskById(index), label: dataDiskLabel(d.use), mountPath: DATA_DISK_MOUNTS[d.use] }],
  );
}

/** The data disks of a VM declared for `use` (each use has its own mount path). */
export function dataDisksFor(guest: GuestSpec, use: DiskUse): readonly DataDisk[] {
  return dataDisks(guest).filter((d) => d.mountPath === DATA_DISK_MOUNTS[use]);
}

/**
 * The mounts of a guest that reach a live media share: the pool each one lands on in the model's storage stage (after
 * `movesTo`) holds media and exists in that stage. A mount names a media pool (rule guest-storage), but a pool of the
 * current stage that nothing moves on from is gone in the future stage: a mount of it reaches nothing there.
 */
export function mediaMounts(model: Homelab, guest: GuestSpec): NonNullable<GuestSpec['mounts']> {
  return (guest.mounts ?? []).filter((m) => {
    const live = model.storage.find((s) => s.name === liveStorageFor(model, m.storage, 'media'));
    return live !== undefined && live.content.includes('media') && live.stages.includes(model.storageStage);
  });
}

/** The active guest that ends the bastion's WireGuard link at home (role vpn-gateway), if any. */
export function vpnGateway(model: Homelab): GuestSpec | undefined {
  return model.guests.find((g) => g.role === 'vpn-gateway' && isGuestActive(model, g));
}

/** The Authentik server: the app whose chart is authentik (a standalone outpost matches its version and hostname). */
export function authentikServer(model: Homelab): AppSpec | undefined {
  return model.apps.find((a) => a.chart?.name === 'authentik');
}

/** Every service a cloud instance lets in: from the admin ranges (`inbound`) and from anywhere (`openInbound`). */
export function instanceServices(instance: Homelab['cloudInstances'][number]): readonly ServiceName[] {
  return [...instance.inbound, ...(instance.openInbound ?? []).map((o) => o.service)];
}

/**
 * The bastion the vpn gateway dials: the first bastion of an active location, in model order (the wireguard role's
 * `wireguard_bastion` takes the first active host of the inventory's bastion group, which keeps that order).
 */
export function tunnelBastion(model: Homelab): Homelab['cloudInstances'][number] | undefined {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- bastion is the only cloud role today; the role test keeps the meaning
  return model.cloudInstances.find((c) => c.role === 'bastion' && locationLifecycle(model, c.location) === 'active');
}

/**
 * What the tunnel may reach: traffic from the bastion enters the gateway's primary network (unmasqueraded, from the
 * tunnel CIDR) and gets exactly that network's flows — the gateway forwards these and drops everything else.
 */
export function tunnelFlows(model: Homelab): readonly FlowSpec[] {
  const gateway = vpnGateway(model);
  if (!gateway) return [];
  return model.flows.filter((f) => f.from === gateway.networks[0] && f.to !== 'internet');
}

/**
 * The network on which tunnel traffic reaches its targets without passing the router: the gateway's own network, when a
 * tunnel flow leads into it. A target there sees the tunnel source on the same link, so its reply would go to its
 * default gateway (the router), which never saw the request — a stateful router drops it, a stateless one answers with
 * a redirect. Those targets route the tunnel CIDR back through the gateway themselves (hardening,
 * platform-stack-policy-routes.service); targets on other networks are reached through the router both ways (its
 * static route to the tunnel CIDR, a bootstrap step).
 */
export function tunnelReturnNetwork(model: Homelab): string | undefined {
  const gateway = vpnGateway(model);
  if (!gateway) return undefined;
  const net = gateway.networks[0];
  return tunnelFlows(model).some((f) => f.to === net) ? net : undefined;
}

/** One inbound allowance: `service` from network `from` to an address on network `to`, and the flow allowing it. */
export interface InboundAllowance {
  readonly from: string;
  readonly to: string;
  readonly service: ServiceName;
  /** The flow's reason (rule comments). */
  readonly why: string;
  readonly flow: FlowSpec;
}

/**
 * Whether a flow's service is let in to something that serves `serves`: what it serves, ping (icmp: the flow allows it,
 * the kernel answers) and `any`. The one rule both firewalls follow — Proxmox's (plan/proxmox.ts) and the guests'
 * nftables (synth/ansible.ts) — so they never disagree.
 */
export function admits(service: ServiceName, serves: readonly ServiceName[]): boolean {
  return service === 'icmp' || service === 'any' || serves.includes(service);
}

/** Every flow into one of `networks` (network order, then flow order) limited to what is admitted (see `admits`). */
export function inboundAllowances(model: Homelab, networks: readonly string[], serves: readonly ServiceName[]): readonly InboundAllowance[] {
  const out: InboundAllowance[] = [];
  for (const to of networks) {
    for (const flow of model.flows) {
      if (flow.to !== to || flow.from === 'internet') continue;
      for (const service of flow.services) if (admits(service, serves)) out.push({ from: flow.from, to, service, why: flow.why, flow });
    }
  }
  return out;
}

/**
 * GiB a pool's filesystem must hold: every active VM disk and LXC root filesystem the live stage places there, plus
 * POOL_HEADROOM_GIB for images and templates. Proxmox allocates the disks sparsely, but they grow to their size; a
 * filesystem smaller than this fills up and stops every guest on it.
 */
export function poolDemandGiB(model: Homelab, pool: string): number {
  return guestDiskGiB(model, pool) + POOL_HEADROOM_GIB;
}

/** Room a file pool keeps beyond its guests' disks: cloud images, LXC templates, snippets. */
export const POOL_HEADROOM_GIB = 20;

function guestDiskGiB(model: Homelab, pool: string): number {
  return model.guests
    .filter((g) => isGuestActive(model, g))
    .flatMap((g) => diskPlacements(model, g))
    .filter((d) => d.datastore === pool)
    .reduce((n, d) => n + d.sizeGiB, 0);
}

/** A guest disk where the live storage stage puts it. */
export interface DiskPlacement {
  readonly datastore: string;
  readonly sizeGiB: number;
}

/**
 * Where the disks a guest is created with land in the live stage: every disk of a VM (its pools' `vm-disks`, followed
 * to the pool they move to), the root filesystem of an LXC (its first disk; an LXC gets no other, rule
 * deploy-data-disk-mounted). The one derivation the Proxmox plan and the pools' size demand share.
 */
export function diskPlacements(model: Homelab, g: GuestSpec): readonly DiskPlacement[] {
  const content = g.kind === 'vm' ? 'vm-disks' : 'container-rootfs';
  return (g.kind === 'vm' ? g.disks : g.disks.slice(0, 1)).map((d) => ({ datastore: liveStorageFor(model, d.storage, content), sizeGiB: d.sizeGiB }));
}
