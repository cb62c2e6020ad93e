/** Facts derived from the model that several outputs share (one derivation, many consumers). */
import type { AppSpec, BackupSourceSpec, Homelab, InfraEndpointSpec } from './types';
import { internalHostname } from '../naming/names';

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
  return (model.hosts.find((h) => h.name === e.host)?.lifecycle ?? 'active') === 'active';
}

/** Every public hostname, infrastructure first, in model order: the input of the tunnel, DNS and docs. */
export function publicRoutes(model: Homelab): readonly PublicRoute[] {
  const proxy = model.edge.infrastructureProxy;
  const ingress = model.edge.applicationIngress;
  return [
    ...model.infraEndpoints
      .filter((e) => endpointActive(model, e))
      .map((e): PublicRoute => ({ hostname: e.hostname, audience: 'infrastructure', target: e.name, via: proxy, origin: `http://${internalHostname(proxy)}:80`, auth: e.auth ?? 'authentik' })),
    ...model.apps
      .filter(isInternetExposed)
      .map((a): PublicRoute => ({ hostname: a.exposure!.hostname, audience: 'application', target: a.name, via: ingress, origin: `https://${internalHostname(ingress)}:443`, auth: a.exposure!.auth ?? 'authentik' })),
  ];
}

/** Guests that are Kubernetes nodes, with their role in the cluster. */
export function clusterNodes(model: Homelab, cluster: string): ReadonlyArray<{ readonly guest: string; readonly role: 'control-plane' | 'worker' }> {
  const c = model.clusters.find((x) => x.name === cluster);
  if (!c) return [];
  return [...c.controlPlane.map((guest) => ({ guest, role: 'control-plane' as const })), ...c.workers.map((guest) => ({ guest, role: 'worker' as const }))];
}
