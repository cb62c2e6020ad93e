/**
 * Grafana: our workload (data PVC, Prometheus datasource), login through Authentik's OpenID Connect provider with
 * roles from Authentik groups; no header login, and only Traefik reaches :3000.
 */
import * as kplus from 'cdk8s-plus-28';
import { fail } from '../../model/errors';
import { secretNames } from '../../model/secrets';
import type { AppSpec } from '../../model/types';
import { k8sNames } from '../../naming/names';
import { substitutedSecret } from '../lib/chart-service';
import { selectorOf } from '../lib/labels';
import { unitChart } from '../lib/unit-chart';
import { AppWorkload } from '../lib/workload';
import type { AppModule, ChartContext } from '../module';
import { authOf } from '../../model/lookup';

const GRAFANA_DATASOURCES = '/etc/grafana/provisioning/datasources';

/** Authentik groups that map to Grafana roles (anyone else who may sign in is a Viewer). */
export const GRAFANA_ROLE_GROUPS = { Admin: 'Grafana Admins', Editor: 'Grafana Editors' } as const;
/** Keys of the `grafana-secrets` Secret (each handed over as a file, `GF_…__FILE`). */
const GRAFANA_SECRET_KEYS = {
  adminPassword: 'GF_SECURITY_ADMIN_PASSWORD',
  clientId: 'GF_AUTH_GENERIC_OAUTH_CLIENT_ID',
  clientSecret: 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET',
} as const;

/** JMESPath over the userinfo claims: the first group that grants a role wins. */
export function grafanaRolePath(): string {
  return `contains(groups[*], '${GRAFANA_ROLE_GROUPS.Admin}') && 'Admin' || contains(groups[*], '${GRAFANA_ROLE_GROUPS.Editor}') && 'Editor' || 'Viewer'`;
}

/**
 * Grafana's generic_oauth settings for Authentik's OpenID provider of the app (slug = app name): the browser goes to the
 * public authorize URL, Grafana itself calls the token and userinfo endpoints inside the cluster.
 */
function oidcEnv(spec: AppSpec, ctx: ChartContext): Record<string, string> {
  const server = ctx.authApp;
  if (server?.exposure === undefined || server.port === undefined)
    fail(
      `apps/${spec.name}`,
      'deploy-app-chart-needs',
      "it signs in through Authentik's OpenID provider, which is not deployed with a hostname and a port",
      "add the authentik app (exposure, port) or set exposure.auth 'none'",
    );
  const pub = `https://${server.exposure.hostname}.${ctx.domain}/application/o`;
  const internal = `http://${k8sNames.service(server.name)}.${server.namespace}.svc.cluster.local:${server.port}/application/o`;
  return {
    GF_AUTH_PROXY_ENABLED: 'false',
    GF_AUTH_BASIC_ENABLED: 'false',
    GF_AUTH_DISABLE_LOGIN_FORM: 'true',
    GF_AUTH_OAUTH_AUTO_LOGIN: 'true',
    GF_AUTH_SIGNOUT_REDIRECT_URL: `${pub}/${spec.name}/end-session/`,
    GF_AUTH_GENERIC_OAUTH_ENABLED: 'true',
    GF_AUTH_GENERIC_OAUTH_NAME: 'Authentik',
    GF_AUTH_GENERIC_OAUTH_SCOPES: 'openid profile email',
    GF_AUTH_GENERIC_OAUTH_USE_PKCE: 'true',
    GF_AUTH_GENERIC_OAUTH_ALLOW_SIGN_UP: 'true',
    GF_AUTH_GENERIC_OAUTH_AUTH_URL: `${pub}/authorize/`,
    GF_AUTH_GENERIC_OAUTH_TOKEN_URL: `${internal}/token/`,
    GF_AUTH_GENERIC_OAUTH_API_URL: `${internal}/userinfo/`,
    GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH: grafanaRolePath(),
  };
}

export const grafana: AppModule = {
  pods: (spec) => selectorOf(spec.name),
  needs: { fields: ['image', 'port'] },
  oidc: {
    redirectPath: '/login/generic_oauth',
    groups: Object.values(GRAFANA_ROLE_GROUPS),
    clientIdKey: secretNames.grafanaOidcClientId,
    clientSecretKey: secretNames.grafanaOidcClientSecret,
  },
  build(app, spec, ctx) {
    const main = unitChart(app, spec.name, spec.namespace);
    if (spec.image === undefined || spec.port === undefined)
      fail(
        `apps/${spec.name}`,
        'deploy-app-chart-needs',
        'its workload builds from image and port, which the app does not set',
        'set image and port on the app',
      );
    const auth = authOf(spec.exposure) === 'authentik';
    const K = GRAFANA_SECRET_KEYS;
    const secret = substitutedSecret(main, k8sNames.appSecret(spec.name), spec.namespace, {
      [K.adminPassword]: ctx.subst(secretNames.grafanaAdminPassword),
      ...(auth ? { [K.clientId]: ctx.subst(secretNames.grafanaOidcClientId), [K.clientSecret]: ctx.subst(secretNames.grafanaOidcClientSecret) } : {}),
    });
    const source = ctx.metricsScraper;
    const datasources = new kplus.ConfigMap(main, 'datasources', {
      metadata: { name: k8sNames.component(spec.name, 'datasources') },
      data: {
        'datasources.yaml': JSON.stringify({
          apiVersion: 1,
          datasources:
            source?.port !== undefined
              ? [
                  {
                    name: 'Prometheus',
                    type: 'prometheus',
                    access: 'proxy',
                    isDefault: true,
                    url: `http://${k8sNames.service(source.name)}.${source.namespace}.svc.cluster.local:${source.port}`,
                  },
                ]
              : [],
        }),
      },
    });
    const workload = new AppWorkload(main, 'grafana', {
      name: spec.name,
      image: spec.image,
      port: spec.port,
      user: 472,
      resources: { cpu: [50, 1000], memoryMiB: [128, 512] },
      probe: { kind: 'http', path: '/api/health' },
    });
    if (spec.metrics !== undefined) workload.exposeMetrics(spec.metrics.port);
    workload.env({
      GF_SERVER_ROOT_URL: spec.exposure ? `https://${spec.exposure.hostname}.${ctx.domain}` : '',
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
      ...(auth ? oidcEnv(spec, ctx) : { GF_AUTH_PROXY_ENABLED: 'false' }),
    });
    workload.secretFiles((auth ? [K.adminPassword, K.clientId, K.clientSecret] : [K.adminPassword]).map((key) => ({ env: `${key}__FILE`, secret, key })));
    if (spec.volume !== undefined) workload.persist({ ...spec.volume, claimName: k8sNames.dataPvc(spec.name) });
    workload.scratch('/tmp');
    workload.container.mount(GRAFANA_DATASOURCES, kplus.Volume.fromConfigMap(main, 'datasources-volume', datasources, { name: 'datasources' }), {
      readOnly: true,
    });
    if (spec.exposure) workload.exposeVia({ app: spec, domain: ctx.domain, authNamespace: ctx.authNamespace });
    return { main };
  },
};
