/**
 * Authentik: server and worker (HelmRelease, chart-bundled PostgreSQL and Redis disabled), its PostgreSQL (the data PVC
 * on local-path from the model) and Redis cache, and the `authentik-forward-auth` Middleware every protected route uses.
 * The proxy outpost that answers the Middleware is a separate app (authentik-outpost.ts, its own Flux Kustomization):
 * it needs a token a person creates in Authentik, so nothing may wait for it (docs/decisions/0010-k8s-flux-trust.md).
 */
import { fail } from '../../model/errors';
import { Middleware } from '../../.gen/imports/traefik.io';
import { secretNames } from '../../model/secrets';
import { AUTHENTIK_INFRASTRUCTURE_OUTPOST, k8sNames, PROJECT } from '../../naming/names';
import { chartService, substitutedSecret } from '../lib/chart-service';
import { HelmApp, resources, type KubeResources } from '../lib/helm-app';
import { COMPONENT_LABEL, NAME_LABEL } from '../lib/labels';
import { OUTPOST_PATH, OUTPOST_PORT } from './authentik-outpost';
import { AppRoute } from '../lib/route';
import { AppWorkload } from '../lib/workload';
import type { AppModule, ChartContext, OidcClient } from '../module';
import type { AppSpec } from '../../model/types';
import { unitChart } from '../lib/unit-chart';
import { authOf, isGuestActive } from '../../model/lookup';
import { publicRoutes } from '../../model/derive';

const IMAGES = {
  postgres: { repository: 'docker.io/library/postgres', tag: '16.10' },
  redis: { repository: 'docker.io/library/redis', tag: '7.4.5' },
} as const;
const DB = { name: 'authentik', user: 'authentik', port: 5432 } as const;
const REDIS_PORT = 6379;
/** Keys of the `authentik-secrets` Secret (env names the images read). */
const ENV = {
  secretKey: 'AUTHENTIK_SECRET_KEY',
  dbPassword: 'AUTHENTIK_POSTGRESQL__PASSWORD',
} as const;
/** Headers the outpost hands to the apps behind it. */
const AUTH_RESPONSE_HEADERS = [
  'X-authentik-username',
  'X-authentik-groups',
  'X-authentik-email',
  'X-authentik-name',
  'X-authentik-uid',
  'X-authentik-jwt',
  'X-authentik-meta-jwks',
  'X-authentik-meta-outpost',
  'X-authentik-meta-provider',
  'X-authentik-meta-app',
  'X-authentik-meta-version',
];

const component = (app: string, c: 'postgres' | 'redis') => k8sNames.component(app, c);

/** Typed subset of the goauthentik/authentik chart values. */
export interface AuthentikValues {
  readonly authentik: {
    readonly postgresql: { readonly host: string; readonly name: string; readonly user: string; readonly port: number };
    readonly redis: { readonly host: string };
    readonly error_reporting: { readonly enabled: boolean };
  };
  readonly global: { readonly envFrom: readonly { readonly secretRef: { readonly name: string } }[] };
  readonly blueprints: { readonly secrets: readonly string[] };
  readonly server: { readonly replicas: number; readonly resources: KubeResources };
  readonly worker: { readonly replicas: number; readonly resources: KubeResources };
  readonly postgresql: { readonly enabled: boolean };
  readonly redis: { readonly enabled: boolean };
}

export const authentik: AppModule = {
  pods: (spec) => ({ [NAME_LABEL]: spec.name, [COMPONENT_LABEL]: 'server' }),
  // The database volume; forward-auth is answered by the proxy outpost.
  needs: { fields: ['chart', 'port', 'volume'], peers: ['forward-auth-outpost'] },
  roles: ['forward-auth'],
  podSecurity: 'baseline',
  sameNamespaceTraffic: true,
  build(app, spec, ctx) {
    const main = unitChart(app, spec.name, spec.namespace);
    const ns = spec.namespace;
    const secretName = k8sNames.appSecret(spec.name);
    // Server and worker take every key of this Secret as environment (envFrom); PostgreSQL reads only its key, as a file.
    const secret = substitutedSecret(main, secretName, ns, {
      [ENV.secretKey]: ctx.subst(secretNames.authentikSecretKey),
      [ENV.dbPassword]: ctx.subst(secretNames.authentikPostgresPassword),
    });
    if (spec.volume === undefined || spec.port === undefined)
      fail(
        `apps/${spec.name}`,
        'deploy-app-chart-needs',
        'its chart builds from port and volume (the database), which the app does not set',
        'set port and volume on the app',
      );

    new AppWorkload(main, 'postgres', {
      name: component(spec.name, 'postgres'),
      partOf: spec.name,
      component: 'database',
      image: IMAGES.postgres,
      port: DB.port,
      portName: 'postgres',
      user: 999,
      resources: { cpu: [50, 1000], memoryMiB: [128, 1024] },
      probe: { kind: 'command', command: ['pg_isready', '-U', DB.user, '-d', DB.name] },
    })
      .env({ POSTGRES_DB: DB.name, POSTGRES_USER: DB.user, PGDATA: `${spec.volume.mountPath}/pgdata` })
      .secretFiles([{ env: 'POSTGRES_PASSWORD_FILE', secret, key: ENV.dbPassword }])
      .persist({ ...spec.volume, claimName: k8sNames.dataPvc(spec.name) })
      .scratch('/var/run/postgresql', '/tmp');
    new AppWorkload(main, 'redis', {
      name: component(spec.name, 'redis'),
      partOf: spec.name,
      component: 'cache',
      image: IMAGES.redis,
      port: REDIS_PORT,
      portName: 'redis',
      user: 999,
      resources: { cpu: [20, 500], memoryMiB: [32, 256] },
      probe: { kind: 'command', command: ['redis-cli', 'ping'] },
      args: ['--save', '', '--appendonly', 'no'],
    }).scratch('/data');
    // The OpenID providers of the apps that sign in through Authentik, and the proxy providers and outposts of every
    // forward-auth hostname, applied by the worker (no clicking in the UI; only the outposts' tokens are copied by hand).
    const clients = ctx.oidcClients ?? [];
    const forwardAuth = forwardAuthBlueprint(ctx);
    const files: [string, string][] = [
      ...clients.map((c): [string, string] => [`${c.app.name}.yaml`, oidcBlueprint(c.app, c.oidc, ctx)]),
      ...(forwardAuth === undefined ? [] : [['forward-auth.yaml', forwardAuth] as [string, string]]),
    ];
    const blueprints = files.length === 0 ? undefined : k8sNames.component(spec.name, 'blueprints');
    if (blueprints !== undefined) substitutedSecret(main, blueprints, ns, Object.fromEntries(files));
    new HelmApp<AuthentikValues>(main, 'helm', {
      app: spec,
      values: {
        authentik: {
          postgresql: { host: component(spec.name, 'postgres'), name: DB.name, user: DB.user, port: DB.port },
          redis: { host: component(spec.name, 'redis') },
          error_reporting: { enabled: false },
        },
        global: { envFrom: [{ secretRef: { name: secretName } }] },
        blueprints: { secrets: blueprints === undefined ? [] : [blueprints] },
        server: { replicas: 1, resources: resources('100m', '512Mi', '1000m', '1Gi') },
        worker: { replicas: 1, resources: resources('100m', '512Mi', '1000m', '1Gi') },
        postgresql: { enabled: false },
        redis: { enabled: false },
      },
    });
    chartService(main, { name: k8sNames.service(spec.name), namespace: ns, selector: this.pods(spec), port: spec.port });
    const outpost = ctx.authOutpost;
    if (outpost === undefined)
      fail(
        `apps/${spec.name}`,
        'deploy-app-chart-needs',
        'it calls the forward-auth-outpost app of its cluster, and there is none',
        'add the authentik-outpost app (image ghcr.io/goauthentik/proxy) to the cluster',
      );
    const outpostName = k8sNames.service(outpost.name);
    const outpostHost = `${outpostName}.${outpost.namespace}.svc.cluster.local`;
    new Middleware(main, 'forward-auth', {
      metadata: { name: k8sNames.forwardAuthMiddleware, namespace: ns },
      spec: {
        forwardAuth: {
          address: `http://${outpostHost}:${OUTPOST_PORT}${OUTPOST_PATH}auth/traefik`,
          trustForwardHeader: true,
          authResponseHeaders: AUTH_RESPONSE_HEADERS,
        },
      },
    });
    if (spec.exposure)
      new AppRoute(main, 'route', {
        app: spec,
        domain: ctx.domain,
        authNamespace: ctx.authNamespace,
        extraTargets: [{ service: outpostName, port: OUTPOST_PORT, pathPrefix: OUTPOST_PATH }],
      });
    return { main };
  },
};

/**
 * Blueprint of one OpenID client app: its groups, a confidential OAuth2/OpenID provider (client id and secret from the
 * vault, strict redirect URI, openid/email/profile scopes — profile carries the groups) and the application (slug = app
 * name, which the app's end-session URL uses). Values are Flux substitutions; the client secret must not contain `"`.
 */
export function oidcBlueprint(app: AppSpec, oidc: OidcClient, ctx: ChartContext): string {
  if (app.exposure === undefined)
    fail(`apps/${app.name}`, 'deploy-app-chart-needs', 'it signs in through Authentik but has no hostname', 'set exposure on the app');
  const url = `https://${app.exposure.hostname}.${ctx.domain}`;
  const scope = (name: string) => `        - !Find [authentik_providers_oauth2.scopemapping, [scope_name, ${name}]]`;
  return [
    'version: 1',
    'metadata:',
    `  name: ${PROJECT} ${app.name}`,
    'entries:',
    ...oidc.groups.flatMap((g) => ['  - model: authentik_core.group', '    identifiers:', `      name: ${g}`]),
    '  - model: authentik_providers_oauth2.oauth2provider',
    `    id: ${app.name}-provider`,
    '    identifiers:',
    `      name: ${app.name}`,
    '    attrs:',
    '      authorization_flow: !Find [authentik_flows.flow, [slug, default-provider-authorization-implicit-consent]]',
    '      invalidation_flow: !Find [authentik_flows.flow, [slug, default-provider-invalidation-flow]]',
    '      client_type: confidential',
    `      client_id: "${ctx.subst(oidc.clientIdKey)}"`,
    `      client_secret: "${ctx.subst(oidc.clientSecretKey)}"`,
    '      redirect_uris:',
    '        - matching_mode: strict',
    `          url: ${url}${oidc.redirectPath}`,
    '      signing_key: !Find [authentik_crypto.certificatekeypair, [name, authentik Self-signed Certificate]]',
    '      property_mappings:',
    ...['openid', 'email', 'profile'].map(scope),
    '  - model: authentik_core.application',
    '    identifiers:',
    `      slug: ${app.name}`,
    '    attrs:',
    `      name: ${app.name}`,
    `      provider: !KeyOf ${app.name}-provider`,
    `      meta_launch_url: ${url}`,
    '',
  ].join('\n');
}

/** A hostname answered by an outpost: the provider and application named after what it protects. */
interface ForwardAuthTarget {
  readonly name: string;
  readonly hostname: string;
}

/**
 * What each outpost must answer for: the in-cluster outpost (named like its app) for the cluster's apps behind
 * forward-auth, the infrastructure outpost for the NGINX proxy's hostnames behind forward-auth when an identity-outpost
 * guest runs it. An outpost answers only for hosts whose proxy provider is bound to it; without one every check fails.
 */
export function forwardAuthOutposts(
  ctx: Pick<ChartContext, 'model' | 'cluster' | 'authOutpost'>,
): readonly { readonly outpost: string; readonly targets: readonly ForwardAuthTarget[] }[] {
  const { model, cluster } = ctx;
  const apps = model.apps.flatMap((a) =>
    a.cluster === cluster.name && a.exposure !== undefined && authOf(a.exposure) === 'authentik' ? [{ name: a.name, hostname: a.exposure.hostname }] : [],
  );
  const infra = model.guests.some((g) => g.role === 'identity-outpost' && isGuestActive(model, g))
    ? publicRoutes(model).filter((r) => r.audience === 'infrastructure' && r.auth === 'authentik')
    : [];
  return [
    ...(ctx.authOutpost !== undefined && apps.length > 0 ? [{ outpost: ctx.authOutpost.name, targets: apps }] : []),
    ...(infra.length > 0 ? [{ outpost: AUTHENTIK_INFRASTRUCTURE_OUTPOST, targets: infra.map((r) => ({ name: r.target, hostname: r.hostname })) }] : []),
  ];
}

/**
 * Blueprint of forward-auth: per protected hostname a proxy provider in forward-auth (single application) mode and its
 * application, and per outpost the outpost object of type proxy bound to its providers. Names end in `-forward-auth`:
 * an app may also sign in through OpenID (its own provider and application keep the app's name).
 */
export function forwardAuthBlueprint(ctx: ChartContext): string | undefined {
  const outposts = forwardAuthOutposts(ctx);
  if (outposts.length === 0) return undefined;
  const key = (t: ForwardAuthTarget) => `${t.name}-forward-auth`;
  const entries = outposts.flatMap(({ targets }) =>
    targets.flatMap((t) => {
      const url = `https://${t.hostname}.${ctx.domain}`;
      return [
        '  - model: authentik_providers_proxy.proxyprovider',
        `    id: ${key(t)}`,
        '    identifiers:',
        `      name: ${key(t)}`,
        '    attrs:',
        '      mode: forward_single',
        `      external_host: ${url}`,
        '      authorization_flow: !Find [authentik_flows.flow, [slug, default-provider-authorization-implicit-consent]]',
        '      invalidation_flow: !Find [authentik_flows.flow, [slug, default-provider-invalidation-flow]]',
        '  - model: authentik_core.application',
        '    identifiers:',
        `      slug: ${key(t)}`,
        '    attrs:',
        `      name: ${t.name} (forward-auth)`,
        `      provider: !KeyOf ${key(t)}`,
        `      meta_launch_url: ${url}`,
      ];
    }),
  );
  // The outposts run outside Authentik's control (no service connection): the config names where the browser signs in.
  const server = ctx.authApp?.exposure === undefined ? [] : ['      config:', `        authentik_host: https://${ctx.authApp.exposure.hostname}.${ctx.domain}`];
  const outpostEntries = outposts.flatMap(({ outpost, targets }) => [
    '  - model: authentik_outposts.outpost',
    '    identifiers:',
    `      name: ${outpost}`,
    '    attrs:',
    '      type: proxy',
    ...server,
    '      providers:',
    ...targets.map((t) => `        - !KeyOf ${key(t)}`),
  ]);
  return ['version: 1', 'metadata:', `  name: ${PROJECT} forward-auth`, 'entries:', ...entries, ...outpostEntries, ''].join('\n');
}
