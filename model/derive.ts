/** Facts derived from the model that several outputs share (one derivation, many consumers). */
import type { AppSpec, Homelab, InfraEndpointSpec, ProxySiteSpec } from './types';
import { internalHostname } from '../naming/names';
import { isGuestActive } from './lookup';

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

export function isInternetExposed(app: AppSpec): boolean {
  return app.exposure !== undefined && app.exposure.internet !== false;
}

function endpointActive(model: Homelab, e: InfraEndpointSpec): boolean {
  return (model.hosts.find((h) => h.name === e.host)?.lifecycle ?? 'active') === 'active';
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
      .map((e): PublicRoute => ({ hostname: e.hostname, audience: 'infrastructure', target: e.name, via: proxy, origin: `http://${internalHostname(proxy)}:80`, auth: e.auth ?? 'authentik' })),
    ...(model.proxySites ?? [])
      .filter((s) => siteActive(model, s))
      .map((s): PublicRoute => ({ hostname: s.hostname, audience: 'infrastructure', target: s.name, via: proxy, origin: `http://${internalHostname(proxy)}:80`, auth: s.auth ?? 'authentik' })),
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
