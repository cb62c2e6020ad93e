/** Facts derived from the model that several outputs share (one derivation, many consumers). */
import type { AppSpec, BackupSourceSpec, WithFields, DiskUse, FlowSpec, GuestSpec, Homelab, InfraEndpointSpec, ProxySiteSpec, ServiceName } from './types';
import { DATA_DISK_MOUNTS, dataDiskLabel, internalHostname, proxmoxScsiDiskById } from '../naming/names';
import { authOf, hostLifecycle, isGuestActive } from './lookup';

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
      .map((e): PublicRoute => ({ hostname: e.hostname, audience: 'infrastructure', target: e.name, via: proxy, origin: `http://${internalHostname(proxy)}:80`, auth: authOf(e) })),
    ...(model.proxySites ?? [])
      .filter((s) => siteActive(model, s))
      .map((s): PublicRoute => ({ hostname: s.hostname, audience: 'infrastructure', target: s.name, via: proxy, origin: `http://${internalHostname(proxy)}:80`, auth: authOf(s) })),
    ...model.apps
      .filter((a): a is WithFields<AppSpec, 'exposure'> => isInternetExposed(a))
      .map((a): PublicRoute => ({ hostname: a.exposure.hostname, audience: 'application', target: a.name, via: ingress, origin: `https://${internalHostname(ingress)}:443`, auth: authOf(a.exposure) })),
  ];
}

/** Guests that are Kubernetes nodes, with their role in the cluster. */
export function clusterNodes(model: Homelab, cluster: string): readonly { readonly guest: string; readonly role: 'control-plane' | 'worker' }[] {
  const c = model.clusters.find((x) => x.name === cluster);
  if (!c) return [];
  return [...c.controlPlane.map((guest) => ({ guest, role: 'control-plane' as const })), ...c.workers.map((guest) => ({ guest, role: 'worker' as const }))];
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
  return guest.disks.flatMap((d, index): DataDisk[] => (index === 0 || d.use === undefined ? [] : [{ index, use: d.use, device: proxmoxScsiDiskById(index), label: dataDiskLabel(d.use), mountPath: DATA_DISK_MOUNTS[d.use] }]));
}

/** The active guest that ends the bastion's WireGuard link at home (role vpn-gateway), if any. */
export function vpnGateway(model: Homelab): GuestSpec | undefined {
  return model.guests.find((g) => g.role === 'vpn-gateway' && isGuestActive(model, g));
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
