/**
 * Prometheus: the kube-prometheus-stack HelmRelease (its data PVC from the model through the operator's volume claim
 * template) and, in a second stage (the CRD comes from the chart), one ServiceMonitor per app that exposes metrics.
 */
import type { Chart } from 'cdk8s';
import { fail } from '../../model/errors';
import { ServiceMonitor } from '../../.gen/imports/monitoring.coreos.com';
import type { AppSpec, WithFields } from '../../model/types';
import { k8sNames } from '../../naming/names';
import { chartService } from '../lib/chart-service';
import { HelmApp, resources, type KubeResources } from '../lib/helm-app';
import { METRICS_LABEL, selectorOf } from '../lib/labels';
import { AppRoute } from '../lib/route';
import type { AppModule, ChartContext } from '../module';
import { unitChart } from '../lib/unit-chart';

/** Typed subset of the prometheus-community/kube-prometheus-stack chart values. */
export interface KubePrometheusStackValues {
  readonly fullnameOverride: string;
  readonly grafana: { readonly enabled: boolean };
  readonly alertmanager: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly prometheusOperator: {
    readonly admissionWebhooks: { readonly enabled: boolean };
    readonly tls: { readonly enabled: boolean };
    readonly resources: KubeResources;
  };
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly resources: KubeResources;
      readonly storageSpec: {
        readonly volumeClaimTemplate: {
          readonly spec: {
            readonly storageClassName: string;
            readonly accessModes: readonly ['ReadWriteOnce'];
            readonly resources: { readonly requests: { readonly storage: string } };
          };
        };
      };
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
    if (spec.volume === undefined || spec.port === undefined)
      fail(
        `apps/${spec.name}`,
        'deploy-app-chart-needs',
        'its chart builds from port and volume, which the app does not set',
        'set port and volume on the app',
      );
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
            storageSpec: {
              volumeClaimTemplate: {
                spec: {
                  storageClassName: spec.volume.storageClass,
                  accessModes: ['ReadWriteOnce'],
                  resources: { requests: { storage: `${spec.volume.sizeGiB}Gi` } },
                },
              },
            },
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

function scrapeTargets(ctx: ChartContext): WithFields<AppSpec, 'metrics'>[] {
  return ctx.model.apps.filter(
    (a): a is WithFields<AppSpec, 'metrics'> => a.cluster === ctx.cluster.name && a.metrics !== undefined && ctx.pods(a.name) !== undefined,
  );
}

function serviceMonitor(scope: Chart, scraper: AppSpec, target: WithFields<AppSpec, 'metrics'>): void {
  const metrics = target.metrics;
  new ServiceMonitor(scope, `monitor-${target.name}`, {
    metadata: { name: k8sNames.serviceMonitor(target.name), namespace: scraper.namespace },
    spec: {
      namespaceSelector: { matchNames: [target.namespace] },
      selector: { matchLabels: { [METRICS_LABEL]: target.name } },
      endpoints: [{ port: target.image && target.port === metrics.port ? 'http' : 'metrics', path: metrics.path, interval: '60s' }],
    },
  });
}
