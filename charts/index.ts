/**
 * The chart registry (APP_CHARTS: app name → module) and the build of every cluster's manifests: app units under
 * k8s/apps/<namespace>/<app>/ (a second stage in …/config/ when the app's own HelmRelease installs the CRDs it uses),
 * the namespaces and the Flux entry point under k8s/clusters/<cluster>/.
 */
import type { App, Chart } from 'cdk8s';
import type { AppSpec, Homelab, KubernetesClusterSpec } from '../model/types';
import { secretNames } from '../model/secrets';
import { k8sNames } from '../naming/names';
import { authentik } from './apps/authentik';
import { jellyfin, radarr, sonarr } from './apps/media';
import { grafana, prometheus } from './apps/monitoring';
import { localPathProvisioner } from './apps/storage';
import { traefik } from './apps/traefik';
import { velero } from './apps/velero';
import { FluxSystemChart } from './flux-system';
import { appConfigPath, appPath, clusterPath } from './layout';
import { impliedDependencies } from './lib/dependencies';
import { renderAppTraffic, type PodPeer } from './lib/network';
import type { K8sObject } from './lib/objects';
import { fluxVar } from './lib/substitution';
import { impliedTraffic } from './lib/traffic';
import type { AppModule, ChartContext } from './module';
import { loosest, NamespacesChart } from './namespaces';

export type { AppModule, ChartContext } from './module';

/**
 * Modules by app name. An app without a module gets no manifests and no Flux Kustomization: `flux` is installed by the
 * Ansible bootstrap and appears as the cluster's Flux entry point (flux-system.yaml) instead.
 */
export const APP_CHARTS: Readonly<Record<string, AppModule>> = {
  'local-path-provisioner': localPathProvisioner,
  traefik,
  authentik,
  prometheus,
  grafana,
  jellyfin,
  radarr,
  sonarr,
  velero,
};

/** One Flux Kustomization's directory and what it holds. */
export interface RenderedUnit {
  /** Name of its Flux Kustomization. */
  readonly name: string;
  readonly app: string;
  readonly stage: 'main' | 'config';
  readonly dir: string;
  readonly file: string;
  readonly objects: readonly K8sObject[];
  readonly dependsOn: readonly string[];
}

export interface RenderedFile {
  readonly dir: string;
  readonly file: string;
  readonly objects: readonly K8sObject[];
}

export interface RenderedCluster {
  readonly cluster: KubernetesClusterSpec;
  readonly apps: readonly AppSpec[];
  readonly units: readonly RenderedUnit[];
  /** flux-system.yaml and namespaces.yaml of k8s/clusters/<cluster>/. */
  readonly entry: readonly RenderedFile[];
  /** What the cluster's apps install for others: storage classes, and CRD group → app. */
  readonly provided: { readonly storageClasses: readonly string[]; readonly crdGroups: Readonly<Record<string, string>> };
}

function render(chart: Chart): K8sObject[] {
  return chart.toJson() as K8sObject[];
}

function buildCluster(app: App, model: Homelab, cluster: KubernetesClusterSpec, modules: Readonly<Record<string, AppModule>>): RenderedCluster {
  const apps = model.apps.filter((a) => a.cluster === cluster.name && modules[a.name] !== undefined);
  const pods = (name: string): PodPeer | undefined => {
    const spec = apps.find((a) => a.name === name);
    return spec === undefined ? undefined : { app: spec.name, namespace: spec.namespace, labels: modules[spec.name].pods(spec) };
  };
  const traffic = impliedTraffic(model, apps, modules, pods);
  const ctx: ChartContext = {
    model,
    cluster,
    domain: fluxVar(model, secretNames.domain),
    subst: (name) => fluxVar(model, name),
    pods,
    traffic,
    metricsScraper: apps.find((a) => modules[a.name].roles?.includes('metrics-scraper')),
    authNamespace: apps.find((a) => modules[a.name].roles?.includes('forward-auth'))?.namespace,
  };
  const built: Array<Omit<RenderedUnit, 'dependsOn'> & { modelDependsOn: readonly string[] }> = [];
  for (const spec of apps) {
    const charts = modules[spec.name].build(app, spec, ctx);
    renderAppTraffic(charts.main, spec.name, traffic);
    const modelDependsOn = spec.dependsOn ?? [];
    built.push({ name: k8sNames.fluxKustomization(spec.name), app: spec.name, stage: 'main', dir: appPath(spec), file: `${spec.name}.yaml`, objects: render(charts.main), modelDependsOn });
    if (charts.config) built.push({ name: k8sNames.configKustomization(spec.name), app: spec.name, stage: 'config', dir: appConfigPath(spec), file: `${k8sNames.configKustomization(spec.name)}.yaml`, objects: render(charts.config), modelDependsOn: [] });
  }
  const deps = impliedDependencies(built, modules);
  const units: RenderedUnit[] = built.map(({ modelDependsOn: _unused, ...u }) => ({ ...u, dependsOn: deps.get(u.name) ?? [] }));

  const dir = clusterPath(cluster.name);
  const flux = new FluxSystemChart(app, `${cluster.name}-flux-system`, {
    gitops: model.gitops,
    clusterPath: dir,
    units: units.map((u) => ({ name: u.name, path: u.dir, dependsOn: u.dependsOn, healthChecks: healthChecks(u.objects) })),
  });
  const namespaces = [...new Set(apps.map((a) => a.namespace))].map((name) => {
    const here = apps.filter((a) => a.namespace === name).map((a) => modules[a.name]);
    return { name, podSecurity: loosest(here.map((m) => m.podSecurity ?? 'restricted')), sameNamespaceTraffic: here.some((m) => m.sameNamespaceTraffic === true) };
  });
  const ns = new NamespacesChart(app, `${cluster.name}-namespaces`, { namespaces });
  const crdGroups: Record<string, string> = {};
  for (const a of apps) for (const g of modules[a.name].crdGroups ?? []) crdGroups[g] ??= a.name;
  return {
    cluster,
    apps,
    units,
    provided: { storageClasses: apps.flatMap((a) => modules[a.name].storageClasses ?? []), crdGroups },
    entry: [
      { dir, file: 'flux-system.yaml', objects: render(flux) },
      { dir, file: 'namespaces.yaml', objects: render(ns) },
    ],
  };
}

const HEALTH_KINDS: readonly string[] = ['HelmRelease', 'Deployment', 'StatefulSet', 'DaemonSet'];

function healthChecks(objects: readonly K8sObject[]): FluxSystemHealthCheck[] {
  return objects
    .filter((o) => HEALTH_KINDS.includes(o.kind))
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace ?? '' }));
}

type FluxSystemHealthCheck = { readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace: string };

/** Builds every cluster's manifests in memory. `modules` defaults to APP_CHARTS (tests pass their own). */
export function buildCharts(app: App, model: Homelab, modules: Readonly<Record<string, AppModule>> = APP_CHARTS): readonly RenderedCluster[] {
  return model.clusters.map((c) => buildCluster(app, model, c, modules));
}
