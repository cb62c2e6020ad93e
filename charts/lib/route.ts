/**
 * The route of an exposed app: a Traefik IngressRoute on `<hostname>.${SECRET_DOMAIN}` (websecure entry point, TLS from
 * the Cloudflare DNS-01 resolver), behind the Authentik forward-auth Middleware unless the model marks the app public.
 */
import { fail } from '../../model/errors';
import { Construct } from 'constructs';
import {
  IngressRoute,
  IngressRouteSpecRoutesKind,
  IngressRouteSpecRoutesServicesKind,
  IngressRouteSpecRoutesServicesPort,
} from '../../.gen/imports/traefik.io';
import type { AppSpec } from '../../model/types';
import { k8sNames } from '../../naming/names';
import { authOf } from '../../model/lookup';

/** Names shared by the Traefik chart and every route. */
export const TRAEFIK = {
  entryPoint: 'websecure',
  webEntryPoint: 'web',
  certResolver: 'cloudflare',
} as const;

export interface RouteTarget {
  readonly service: string;
  readonly port: number;
  /** Path prefix taking this target instead of the app's service. */
  readonly pathPrefix: string;
}

export interface AppRouteProps {
  readonly app: AppSpec;
  /** `${SECRET_DOMAIN}` (from the secret catalogue). */
  readonly domain: string;
  /** Service the route sends to. @default the app's service (k8sNames.service) */
  readonly service?: string;
  /** Namespace of the forward-auth Middleware (required unless the app is public). @default none */
  readonly authNamespace?: string;
  /** Further path-prefixed targets on the same host (e.g. the outpost callback). @default none */
  readonly extraTargets?: readonly RouteTarget[];
}

export function hostRule(hostname: string, domain: string): string {
  return `Host(\`${hostname}.${domain}\`)`;
}

export class AppRoute extends Construct {
  constructor(scope: Construct, id: string, props: AppRouteProps) {
    super(scope, id);
    const { app } = props;
    if (app.exposure === undefined || app.port === undefined)
      fail(`apps/${app.name}`, 'app-routes', 'the route has no hostname or no port to route to', 'set exposure and port on the app');
    const hostname = app.exposure.hostname;
    const auth = authOf(app.exposure);
    if (auth === 'authentik' && props.authNamespace === undefined)
      fail(
        `apps/${app.name}`,
        'deploy-app-chart-needs',
        'its route is behind forward-auth, but no Authentik runs on its cluster',
        "add the authentik app to the cluster, or publish the app on purpose without it (exposure.auth: 'none', public: true)",
      );
    const middlewares = auth === 'authentik' ? [{ name: k8sNames.forwardAuthMiddleware, namespace: props.authNamespace }] : undefined;
    const host = hostRule(hostname, props.domain);
    new IngressRoute(this, 'route', {
      metadata: { name: k8sNames.ingressRoute(app.name), namespace: app.namespace },
      spec: {
        entryPoints: [TRAEFIK.entryPoint],
        routes: [
          ...(props.extraTargets ?? []).map((t) => ({
            kind: IngressRouteSpecRoutesKind.RULE,
            match: `${host} && PathPrefix(\`${t.pathPrefix}\`)`,
            services: [{ kind: IngressRouteSpecRoutesServicesKind.SERVICE, name: t.service, port: IngressRouteSpecRoutesServicesPort.fromNumber(t.port) }],
          })),
          {
            kind: IngressRouteSpecRoutesKind.RULE,
            match: host,
            middlewares,
            services: [
              {
                kind: IngressRouteSpecRoutesServicesKind.SERVICE,
                name: props.service ?? k8sNames.service(app.name),
                port: IngressRouteSpecRoutesServicesPort.fromNumber(app.port),
              },
            ],
          },
        ],
        tls: { certResolver: TRAEFIK.certResolver, domains: [{ main: props.domain, sans: [`*.${props.domain}`] }] },
      },
    });
  }
}
