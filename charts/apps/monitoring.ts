/**
 * monitoring: Prometheus (kube-prometheus-stack HelmRelease, its data PVC from the model through the operator's volume
 * claim template) with one ServiceMonitor per app that exposes metrics (second stage: the CRD comes from the chart), and
 * Grafana (our workload: data PVC, Prometheus datasource, login through Authentik's OpenID Connect provider with
 * roles from Authentik groups; no header login, and only Traefik reaches :3000).
 */
import { fail } from '../../model/errors';
import type { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ServiceMonitor } from '../../.gen/imports/monitoring.coreos.com';
import { secretNames } from '../../model/secrets';
import type { AppSpec } from '../../model/types';
import { k8sNames } from '../../naming/names';
import { chartService, substitutedSecret } from '../lib/chart-service';
import { HelmApp, resources, type KubeResources } from '../lib/helm-app';
import { METRICS_LABEL, selectorOf } from '../lib/labels';
import { AppRoute } from '../lib/route';
import { AppWorkload } from '../lib/workload';
import type { AppModule, ChartContext } from '../module';
import { unitChart } from './chart';
import { authOf } from '../../model/lookup';

/** Typed subset of the prometheus-community/kube-prometheus-stack chart values. */
export interface KubePrometheusStackValues {
  readonly fullnameOverride: string;
  readonly grafana: { readonly enabled: boolean };
  readonly alertmanager: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly prometheusOperator: { readonly admissionWebhooks: { readonly enabled: boolean }; readonly tls: { readonly enabled: boolean }; readonly resources: KubeResources };
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly resources: KubeResources;
      readonly storageSpec: { readonly volumeClaimTemplate: { readonly spec: { readonly storageClassName: string; readonly accessModes: readonly ['ReadWriteOnce']; readonly resources: { readonly requests: { readonly storage: string } } } } };
    };
  };
}

const PROMETHEUS_POD_NAME = 'prometheus';

export const prometheus: AppModule = {
  pods: () => selectorOf(PROMETHEUS_POD_NAME),
  needs: { fields: ['chart', 'port', 'volume'] },
  crdGroups: ['monitoring.coreos.com'],
  roles: ['metrics-scraper'],
  podSecurity: 'privileged',
  sameNamespaceTraffic: true,
  // The operator and Prometheus' service discovery watch the API server; Prometheus scrapes kubelets and node exporters.
  nodeServices: ['k8s-api', 'kubelet', 'metrics'],
  build(app, spec, ctx) {
    const main = unitChart(app, spec.name, spec.namespace);
    if (spec.volume === undefined || spec.port === undefined) fail(`apps/${spec.name}`, 'deploy-app-chart-needs', 'its chart builds from port and volume, which the app does not set', 'set port and volume on the app');
    new HelmApp<KubePrometheusStackValues>(main, 'helm', {
      app: spec,
      values: {
        fullnameOverride: 'kube-prometheus-stack',
        grafana: { enabled: false },
        alertmanager: { enabled: false },
        // k3s runs these inside its own process: nothing to scrape at the usual endpoints.
        kubeEtcd: { enabled: false },
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeProxy: { enabled: false },
        prometheusOperator: { admissionWebhooks: { enabled: false }, tls: { enabled: false }, resources: resources('50m', '128Mi', '500m', '512Mi') },
        prometheus: {
          prometheusSpec: {
            retention: '15d',
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
            resources: resources('200m', '1Gi', '2000m', '4Gi'),
            storageSpec: { volumeClaimTemplate: { spec: { storageClassName: spec.volume.storageClass, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${spec.volume.sizeGiB}Gi` } } } } },
          },
        },
      },
    });
    chartService(main, { name: k8sNames.service(spec.name), namespace: spec.namespace, selector: selectorOf(PROMETHEUS_POD_NAME), port: spec.port });
    if (spec.exposure) new AppRoute(main, 'route', { app: spec, domain: ctx.domain, authNamespace: ctx.authNamespace });
    const config = unitChart(app, `${spec.name}-config`, spec.namespace);
    for (const target of scrapeTargets(ctx)) serviceMonitor(config, spec, target);
    return { main, config };
  },
};

function scrapeTargets(ctx: ChartContext): AppSpec[] {
  return ctx.model.apps.filter((a) => a.cluster === ctx.cluster.name && a.metrics !== undefined && ctx.pods(a.name) !== undefined);
}

function serviceMonitor(scope: Chart, scraper: AppSpec, target: AppSpec): void {
  const metrics = target.metrics!;
  new ServiceMonitor(scope, `monitor-${target.name}`, {
    metadata: { name: k8sNames.serviceMonitor(target.name), namespace: scraper.namespace },
    spec: {
      namespaceSelector: { matchNames: [target.namespace] },
      selector: { matchLabels: { [METRICS_LABEL]: target.name } },
      endpoints: [{ port: target.image && target.port === metrics.port ? 'http' : 'metrics', path: metrics.path, interval: '60s' }],
    },
  });
}

const GRAFANA_DATASOURCES = '/etc/grafana/provisioning/datasources';

/** Authentik groups that map to Grafana roles (anyone else who may sign in is a Viewer). */
export const GRAFANA_ROLE_GROUPS = { Admin: 'Grafana Admins', Editor: 'Grafana Editors' } as const;
/** Keys of the `grafana-secrets` Secret (each handed over as a file, `GF_…__FILE`). */
const GRAFANA_SECRET_KEYS = { adminPassword: 'GF_SECURITY_ADMIN_PASSWORD', clientId: 'GF_AUTH_GENERIC_OAUTH_CLIENT_ID', clientSecret: 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET' } as const;

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
  if (server?.exposure === undefined || server.port === undefined) fail(`apps/${spec.name}`, 'deploy-app-chart-needs', "it signs in through Authentik's OpenID provider, which is not deployed with a hostname and a port", "add the authentik app (exposure, port) or set exposure.auth 'none'");
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
    if (spec.image === undefined || spec.port === undefined) fail(`apps/${spec.name}`, 'deploy-app-chart-needs', 'its workload builds from image and port, which the app does not set', 'set image and port on the app');
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
          datasources: source?.port !== undefined ? [{ name: 'Prometheus', type: 'prometheus', access: 'proxy', isDefault: true, url: `http://${k8sNames.service(source.name)}.${source.namespace}.svc.cluster.local:${source.port}` }] : [],
        }),
      },
    });
    const workload = new AppWorkload(main, 'grafana', {
      name: spec.name, image: spec.image, port: spec.port, user: 472, metricsPort: spec.metrics?.port,
      resources: { cpu: [50, 1000], memoryMiB: [128, 512] },
      probe: { kind: 'http', path: '/api/health' },
      volume: spec.volume ? { ...spec.volume, claimName: k8sNames.dataPvc(spec.name) } : undefined,
      scratch: ['/tmp'],
      secretFiles: (auth ? [K.adminPassword, K.clientId, K.clientSecret] : [K.adminPassword]).map((key) => ({ env: `${key}__FILE`, secret, key })),
      env: {
        GF_SERVER_ROOT_URL: spec.exposure ? `https://${spec.exposure.hostname}.${ctx.domain}` : '',
        GF_ANALYTICS_REPORTING_ENABLED: 'false',
        GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
        ...(auth ? oidcEnv(spec, ctx) : { GF_AUTH_PROXY_ENABLED: 'false' }),
      },
    });
    workload.deployment.containers[0].mount(GRAFANA_DATASOURCES, kplus.Volume.fromConfigMap(main, 'datasources-volume', datasources, { name: 'datasources' }), { readOnly: true });
    if (spec.exposure) new AppRoute(main, 'route', { app: spec, domain: ctx.domain, authNamespace: ctx.authNamespace });
    return { main };
  },
};
