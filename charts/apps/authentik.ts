/**
 * Authentik: server and worker (HelmRelease, chart-bundled PostgreSQL and Redis disabled), its PostgreSQL (the data PVC
 * on local-path from the model) and Redis cache, the proxy outpost that answers Traefik's forward-auth, and the
 * `authentik-forward-auth` Middleware every protected route uses.
 */
import { Middleware } from '../../.gen/imports/traefik.io';
import { secretNames } from '../../model/secrets';
import { k8sNames } from '../../naming/names';
import { chartService, substitutedSecret } from '../lib/chart-service';
import { HelmApp, resources, type KubeResources } from '../lib/helm-app';
import { COMPONENT_LABEL, NAME_LABEL } from '../lib/labels';
import { AppRoute } from '../lib/route';
import { AppWorkload } from '../lib/workload';
import type { AppModule } from '../module';
import { unitChart } from './chart';

const IMAGES = {
  postgres: { repository: 'docker.io/library/postgres', tag: '16.10' },
  redis: { repository: 'docker.io/library/redis', tag: '7.4.5' },
  outpost: { repository: 'ghcr.io/goauthentik/proxy', tag: '2025.8.4' },
} as const;
const DB = { name: 'authentik', user: 'authentik', port: 5432 } as const;
const REDIS_PORT = 6379;
const OUTPOST_PORT = 9000;
const OUTPOST_PATH = '/outpost.goauthentik.io/';
/** Keys of the `authentik-secrets` Secret (env names the images read). */
const ENV = {
  secretKey: 'AUTHENTIK_SECRET_KEY',
  dbPassword: 'AUTHENTIK_POSTGRESQL__PASSWORD',
  outpostToken: 'AUTHENTIK_TOKEN',
} as const;
/** Headers the outpost hands to the apps behind it. */
const AUTH_RESPONSE_HEADERS = ['X-authentik-username', 'X-authentik-groups', 'X-authentik-email', 'X-authentik-name', 'X-authentik-uid', 'X-authentik-jwt', 'X-authentik-meta-jwks', 'X-authentik-meta-outpost', 'X-authentik-meta-provider', 'X-authentik-meta-app', 'X-authentik-meta-version'];

const component = (app: string, c: 'postgres' | 'redis' | 'outpost') => k8sNames.component(app, c);

/** Typed subset of the goauthentik/authentik chart values. */
export interface AuthentikValues {
  readonly authentik: {
    readonly postgresql: { readonly host: string; readonly name: string; readonly user: string; readonly port: number };
    readonly redis: { readonly host: string };
    readonly error_reporting: { readonly enabled: boolean };
  };
  readonly global: { readonly envFrom: ReadonlyArray<{ readonly secretRef: { readonly name: string } }> };
  readonly server: { readonly replicas: number; readonly resources: KubeResources };
  readonly worker: { readonly replicas: number; readonly resources: KubeResources };
  readonly postgresql: { readonly enabled: boolean };
  readonly redis: { readonly enabled: boolean };
}

export const authentik: AppModule = {
  pods: (spec) => ({ [NAME_LABEL]: spec.name, [COMPONENT_LABEL]: 'server' }),
  roles: ['forward-auth'],
  podSecurity: 'baseline',
  sameNamespaceTraffic: true,
  extraTraffic(spec, ctx) {
    const ingress = ctx.pods(ctx.model.edge.applicationIngress);
    if (ingress === undefined) return [];
    return [{ from: ingress, to: { app: spec.name, namespace: spec.namespace, labels: { [NAME_LABEL]: component(spec.name, 'outpost') } }, port: OUTPOST_PORT, why: 'forward-auth and the outpost callback' }];
  },
  build(app, spec, ctx) {
    const main = unitChart(app, spec.name, spec.namespace);
    const ns = spec.namespace;
    const secretName = k8sNames.appSecret(spec.name);
    // Server and worker take every key of this Secret as environment (envFrom); PostgreSQL reads only its key, as a file.
    const secret = substitutedSecret(main, secretName, ns, {
      [ENV.secretKey]: ctx.subst(secretNames.authentikSecretKey),
      [ENV.dbPassword]: ctx.subst(secretNames.authentikPostgresPassword),
    });
    const outpostSecret = substitutedSecret(main, k8sNames.appSecret(component(spec.name, 'outpost')), ns, { [ENV.outpostToken]: ctx.subst(secretNames.authentikOutpostToken) });
    if (spec.volume === undefined || spec.port === undefined) throw new Error(`[apps/${spec.name}] needs a port and the database volume — rule: k8s-authentik — fix: set port and volume in homelab.ts`);

    new AppWorkload(main, 'postgres', {
      name: component(spec.name, 'postgres'), partOf: spec.name, component: 'database', image: IMAGES.postgres, port: DB.port, portName: 'postgres', user: 999,
      resources: { cpu: [50, 1000], memoryMiB: [128, 1024] },
      probe: { kind: 'command', command: ['pg_isready', '-U', DB.user, '-d', DB.name] },
      env: { POSTGRES_DB: DB.name, POSTGRES_USER: DB.user, PGDATA: `${spec.volume.mountPath}/pgdata` },
      secretFiles: [{ env: 'POSTGRES_PASSWORD_FILE', secret, key: ENV.dbPassword }],
      volume: { ...spec.volume, claimName: k8sNames.dataPvc(spec.name) },
      scratch: ['/var/run/postgresql', '/tmp'],
    });
    new AppWorkload(main, 'redis', {
      name: component(spec.name, 'redis'), partOf: spec.name, component: 'cache', image: IMAGES.redis, port: REDIS_PORT, portName: 'redis', user: 999,
      resources: { cpu: [20, 500], memoryMiB: [32, 256] },
      probe: { kind: 'command', command: ['redis-cli', 'ping'] },
      args: ['--save', '', '--appendonly', 'no'],
      scratch: ['/data'],
    });
    new HelmApp<AuthentikValues>(main, 'helm', {
      app: spec,
      values: {
        authentik: {
          postgresql: { host: component(spec.name, 'postgres'), name: DB.name, user: DB.user, port: DB.port },
          redis: { host: component(spec.name, 'redis') },
          error_reporting: { enabled: false },
        },
        global: { envFrom: [{ secretRef: { name: secretName } }] },
        server: { replicas: 1, resources: resources('100m', '512Mi', '1000m', '1Gi') },
        worker: { replicas: 1, resources: resources('100m', '512Mi', '1000m', '1Gi') },
        postgresql: { enabled: false },
        redis: { enabled: false },
      },
    });
    chartService(main, { name: k8sNames.service(spec.name), namespace: ns, selector: this.pods(spec), port: spec.port });
    const outpostName = component(spec.name, 'outpost');
    new AppWorkload(main, 'outpost', {
      name: outpostName, partOf: spec.name, component: 'outpost', image: IMAGES.outpost, port: OUTPOST_PORT,
      resources: { cpu: [20, 500], memoryMiB: [64, 256] },
      probe: { kind: 'http', path: '/outpost.goauthentik.io/ping', port: 9300 },
      env: {
        AUTHENTIK_HOST: `http://${k8sNames.service(spec.name)}.${ns}.svc.cluster.local:${spec.port}`,
        AUTHENTIK_HOST_BROWSER: spec.exposure ? `https://${spec.exposure.hostname}.${ctx.domain}` : '',
        AUTHENTIK_INSECURE: 'false',
        AUTHENTIK_TOKEN: { secret: outpostSecret, key: ENV.outpostToken },
      },
      scratch: ['/tmp'],
      annotations: { 'checkov.io/skip1': 'CKV_K8S_35=the proxy outpost reads its token only from the AUTHENTIK_TOKEN variable' },
    });
    new Middleware(main, 'forward-auth', {
      metadata: { name: k8sNames.forwardAuthMiddleware, namespace: ns },
      spec: {
        forwardAuth: {
          address: `http://${outpostName}.${ns}.svc.cluster.local:${OUTPOST_PORT}${OUTPOST_PATH}auth/traefik`,
          trustForwardHeader: true,
          authResponseHeaders: AUTH_RESPONSE_HEADERS,
        },
      },
    });
    if (spec.exposure) new AppRoute(main, 'route', { app: spec, domain: ctx.domain, authNamespace: ctx.authNamespace, extraTargets: [{ service: outpostName, port: OUTPOST_PORT, pathPrefix: OUTPOST_PATH }] });
    return { main };
  },
};
