/**
 * The chart registry (APP_CHARTS: app name → module) and the build of every cluster's manifests (layout.ts): per app
 * k8s/apps/<namespace>/<app>/ with its Flux Kustomizations in ks.yaml, its objects in app/ (a second stage in config/
 * when the app's own HelmRelease installs the CRDs it uses); the namespaces and the Flux entry point under
 * k8s/clusters/<cluster>/.
 */
import { App, type Chart } from 'cdk8s';
import type { AppSpec, Homelab, KubernetesClusterSpec, PodSecurityLevel } from '../model/types';
import { fluxSubstitutions, secretNames } from '../model/secrets';
import { ModelError, Problems } from '../model/errors';
import { k8sNames } from '../naming/names';
import { authentik } from './apps/authentik';
import { authentikOutpost } from './apps/authentik-outpost';
import { grafana } from './apps/grafana';
import { jellyfin } from './apps/jellyfin';
import { localPathProvisioner } from './apps/local-path-provisioner';
import { prometheus } from './apps/prometheus';
import { radarr } from './apps/radarr';
import { sonarr } from './apps/sonarr';
import { traefik } from './apps/traefik';
import { velero } from './apps/velero';
import { AppKustomizationsChart, FLUX_NAMESPACE, FluxSystemChart } from './flux-system';
import { appConfigPath, appMainPath, appPath, clusterPath, FLUX_KS_FILE } from './layout';
import { impliedDependencies } from './lib/dependencies';
import { renderAppTraffic, type PodPeer } from './lib/network';
import type { K8sObject } from './lib/objects';
import { fluxVar, substitutionsIn } from './lib/substitution';
import { nodeEgress } from './lib/node-egress';
import { fluxRbac } from './lib/flux-rbac';
import { impliedTraffic } from './lib/traffic';
import { podSecurityNeeded, type AppModule, type ChartContext } from './module';
import { webApp } from './lib/web-app';
import { loosest, NamespacesChart } from './namespaces';
import { NAME_LABEL } from './lib/labels';
import { authOf } from '../model/lookup';

export type { AppModule, ChartContext } from './module';

/**
 * Modules of the apps that need more than a web app (one file each in charts/apps/), by app name. An app with an image
 * and no module here is a plain web app (`webApp()`); an app with neither image nor module gets no manifests and no
 * Flux Kustomization: `flux` is installed by the Ansible bootstrap and appears as the cluster's Flux entry point
 * (flux-system.yaml) instead.
 */
export const APP_CHARTS: Readonly<Record<string, AppModule>> = {
  'local-path-provisioner': localPathProvisioner,
  traefik,
  authentik,
  'authentik-outpost': authentikOutpost,
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
  /** How rules and the synth summary name it: `<cluster>/<file>` or `<cluster>/<app>/ks.yaml`. */
  readonly label: string;
  readonly objects: readonly K8sObject[];
}

export interface RenderedCluster {
  readonly cluster: KubernetesClusterSpec;
  readonly apps: readonly AppSpec[];
  readonly units: readonly RenderedUnit[];
  /**
   * What the root Kustomization `cluster` applies (no substitution): flux-system.yaml and namespaces.yaml of
   * k8s/clusters/<cluster>/, and each app's ks.yaml.
   */
  readonly entry: readonly RenderedFile[];
  /** What the cluster's apps install for others: storage classes, and CRD group → app. */
  readonly provided: { readonly storageClasses: readonly string[]; readonly crdGroups: Readonly<Partial<Record<string, string>>> };
  /** Pod Security per app: what its chart needs and what the model grants (apps[].podSecurity). */
  readonly podSecurity: readonly { readonly app: string; readonly needs: PodSecurityLevel; readonly granted: PodSecurityLevel }[];
  /** Per app, the Secret in flux-system its Kustomizations substitute from and the vault keys it holds. */
  readonly substitutionSecrets: readonly SubstitutionSecret[];
}

/** One app's substitution Secret: only the `cluster-secrets` keys its manifests use (created by the Flux bootstrap). */
export interface SubstitutionSecret {
  readonly app: string;
  readonly name: string;
  readonly keys: readonly { readonly fluxName: string; readonly vaultKey: string }[];
}

function render(chart: Chart): K8sObject[] {
  return chart.toJson() as K8sObject[];
}

function buildCluster(app: App, model: Homelab, cluster: KubernetesClusterSpec, modules: Readonly<Record<string, AppModule>>): RenderedCluster {
  const apps = model.apps.filter((a) => a.cluster === cluster.name && Object.hasOwn(modules, a.name));
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
    authApp: apps.find((a) => modules[a.name].roles?.includes('forward-auth')),
    authOutpost: apps.find((a) => modules[a.name].roles?.includes('forward-auth-outpost')),
    oidcClients: apps.flatMap((a) => {
      const oidc = modules[a.name].oidc;
      return oidc !== undefined && a.exposure !== undefined && authOf(a.exposure) === 'authentik' ? [{ app: a, oidc }] : [];
    }),
  };
  const built: (Omit<RenderedUnit, 'dependsOn'> & { modelDependsOn: readonly string[] })[] = [];
  // Every app is built even when one fails; all of their problems are reported at once.
  const problems = new Problems();
  for (const spec of apps) {
    collecting(problems, () => {
      const charts = modules[spec.name].build(app, spec, ctx);
      renderAppTraffic(charts.main, spec.name, traffic);
      nodeEgress(charts.main, model, cluster, spec, modules[spec.name], modules, ctx.subst);
      const modelDependsOn = spec.dependsOn ?? [];
      built.push({
        name: k8sNames.fluxKustomization(spec.name),
        app: spec.name,
        stage: 'main',
        dir: appMainPath(spec),
        file: `${spec.name}.yaml`,
        objects: render(charts.main),
        modelDependsOn,
      });
      if (charts.config)
        built.push({
          name: k8sNames.configKustomization(spec.name),
          app: spec.name,
          stage: 'config',
          dir: appConfigPath(spec),
          file: `${k8sNames.configKustomization(spec.name)}.yaml`,
          objects: render(charts.config),
          modelDependsOn: [],
        });
    });
  }
  problems.throwIfAny();
  const deps = impliedDependencies(built, modules);
  const units: RenderedUnit[] = built.map(({ modelDependsOn: _unused, ...u }) => ({ ...u, dependsOn: deps.get(u.name) ?? [] }));
  const substitutionSecrets = appSubstitutionSecrets(model, apps, units);

  const dir = clusterPath(cluster.name);
  const flux = new FluxSystemChart(app, `${cluster.name}-flux-system`, { gitops: model.gitops, clusterPath: dir });
  const appKustomizations: RenderedFile[] = apps.flatMap((spec) => {
    const own = units.filter((u) => u.app === spec.name);
    if (own.length === 0) return [];
    const chart = new AppKustomizationsChart(
      app,
      `${cluster.name}-ks-${spec.name}`,
      own.map((u) => ({
        name: u.name,
        path: u.dir,
        dependsOn: u.dependsOn,
        // An app that waits on a person is applied but never waited for (deploy rule deploy-flux-no-manual-wait).
        healthChecks: spec.healthChecked === false ? [] : healthChecks(u.objects),
        serviceAccountName: k8sNames.fluxServiceAccount(u.app),
        substituteFrom: substitutionSecrets.find((s) => s.app === u.app)?.name,
      })),
    );
    return [{ dir: appPath(spec), file: FLUX_KS_FILE, label: `${cluster.name}/${spec.name}/${FLUX_KS_FILE}`, objects: render(chart) }];
  });
  const granted = (a: AppSpec): PodSecurityLevel => a.podSecurity?.level ?? 'restricted';
  const namespaces = [...new Set(apps.map((a) => a.namespace))].map((name) => {
    const here = apps.filter((a) => a.namespace === name);
    // Pods of our own workloads in a namespace that allows same-namespace traffic (for a chart's internals) stay out of it.
    const isolated = here
      .filter((a) => modules[a.name].sameNamespaceTraffic !== true && a.chart === undefined)
      .map((a): string | undefined => modules[a.name].pods(a)[NAME_LABEL])
      .filter((n): n is string => n !== undefined);
    return { name, podSecurity: loosest(here.map(granted)), sameNamespaceTraffic: here.some((a) => modules[a.name].sameNamespaceTraffic === true), isolated };
  });
  const rbac = apps.map((a) => ({ app: a.name, namespace: a.namespace, objects: units.filter((u) => u.app === a.name).flatMap((u) => u.objects) }));
  const ns = new NamespacesChart(app, `${cluster.name}-namespaces`, { namespaces });
  collecting(problems, () => fluxRbac(ns, rbac, FLUX_NAMESPACE));
  problems.throwIfAny();
  const crdGroups: Partial<Record<string, string>> = {};
  for (const a of apps) for (const g of modules[a.name].crdGroups ?? []) crdGroups[g] ??= a.name;
  return {
    cluster,
    apps,
    units,
    provided: { storageClasses: apps.flatMap((a) => modules[a.name].storageClasses ?? []), crdGroups },
    podSecurity: apps.map((a) => ({ app: a.name, needs: podSecurityNeeded(modules[a.name], a), granted: granted(a) })),
    substitutionSecrets,
    entry: [
      { dir, file: 'flux-system.yaml', label: `${cluster.name}/flux-system.yaml`, objects: render(flux) },
      { dir, file: 'namespaces.yaml', label: `${cluster.name}/namespaces.yaml`, objects: render(ns) },
      ...appKustomizations,
    ],
  };
}

/** Per app: the `cluster-secrets` keys its rendered manifests substitute, as one Secret each (none when it uses none). */
function appSubstitutionSecrets(model: Homelab, apps: readonly AppSpec[], units: readonly RenderedUnit[]): SubstitutionSecret[] {
  const byFluxName = new Map(fluxSubstitutions(model).map((k) => [k.fluxName, k.name]));
  const out: SubstitutionSecret[] = [];
  for (const a of apps) {
    const used = new Set(units.filter((u) => u.app === a.name).flatMap((u) => u.objects.flatMap((o) => substitutionsIn(JSON.stringify(o)))));
    const keys = [...used].sort().flatMap((fluxName) => {
      const vaultKey = byFluxName.get(fluxName);
      return vaultKey === undefined ? [] : [{ fluxName, vaultKey }];
    });
    if (keys.length > 0) out.push({ app: a.name, name: k8sNames.substitutionSecret(a.name), keys });
  }
  return out;
}

/** Runs `build`; a ModelError (a case a rule refuses, met by a module) becomes problems reported later, others propagate. */
function collecting(problems: Problems, build: () => void): void {
  try {
    build();
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    problems.add(e);
  }
}

const HEALTH_KINDS: readonly string[] = ['HelmRelease', 'Deployment', 'StatefulSet', 'DaemonSet'];

function healthChecks(objects: readonly K8sObject[]): FluxSystemHealthCheck[] {
  return objects
    .filter((o) => HEALTH_KINDS.includes(o.kind))
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace ?? '' }));
}

interface FluxSystemHealthCheck {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

const GENERIC_WEB_APP = webApp();

/** The module of every app that gets manifests: its registered one, else `webApp()` for an app with an image. */
export function modulesFor(model: Homelab, modules: Readonly<Record<string, AppModule>>): Readonly<Record<string, AppModule>> {
  const out: Record<string, AppModule> = { ...modules };
  for (const a of model.apps) if (!Object.hasOwn(out, a.name) && a.image !== undefined) out[a.name] = GENERIC_WEB_APP;
  return out;
}

/** Builds every cluster's manifests in memory. `modules` defaults to APP_CHARTS (tests pass their own). */
export function buildCharts(app: App, model: Homelab, modules: Readonly<Record<string, AppModule>> = APP_CHARTS): readonly RenderedCluster[] {
  const resolved = modulesFor(model, modules);
  return model.clusters.map((c) => buildCluster(app, model, c, resolved));
}

const RENDERED = new WeakMap<Homelab, readonly RenderedCluster[]>();

/** buildCharts with the registered modules, once per model object (synth's k8s and Ansible parts share the result). */
export function renderedClusters(model: Homelab): readonly RenderedCluster[] {
  let clusters = RENDERED.get(model);
  if (clusters === undefined) {
    clusters = buildCharts(new App({ outdir: '.' }), model);
    RENDERED.set(model, clusters);
  }
  return clusters;
}
