/**
 * The plan of the Cloudflare edge stack: the tunnel, one route per public hostname (model/derive.ts publicRoutes, the
 * hostname split) and a Cloudflare Access application in front of every active infrastructure UI that asks for one.
 * Plain data; stacks/cloudflare-edge.ts renders it.
 */
import type { ResolvedModel } from '../model/resolved';
import { publicRoutes, type PublicRoute } from '../model/derive';
import { secretNames } from '../model/secrets';

export interface EdgePlan {
  readonly tunnel: string;
  readonly routes: readonly PublicRoute[];
  /** Access applications: endpoint name and its hostname. */
  readonly access: readonly { readonly endpoint: string; readonly hostname: string }[];
  readonly keys: {
    readonly apiToken: string;
    readonly accountId: string;
    readonly zoneId: string;
    readonly accessEmails: string;
    readonly tunnelToken: string;
  };
}

export function edgePlan(model: ResolvedModel): EdgePlan {
  const routes = publicRoutes(model);
  const endpoints = new Map(model.infraEndpoints.map((e) => [e.name, e]));
  return {
    tunnel: model.edge.tunnel,
    routes,
    access: routes
      .filter((r) => r.audience === 'infrastructure' && endpoints.get(r.target)?.cloudflareAccess === true)
      .map((r) => ({ endpoint: r.target, hostname: r.hostname })),
    keys: {
      apiToken: secretNames.cloudflareApiToken,
      accountId: secretNames.cloudflareAccountId,
      zoneId: secretNames.cloudflareZoneId,
      accessEmails: secretNames.cloudflareAccessEmails,
      tunnelToken: secretNames.tunnelToken,
    },
  };
}
