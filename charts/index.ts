/** The chart registry: which charts exist and where their manifests go in k8s/. */
import type { App, Chart } from 'cdk8s';
import type { AppSpec, Homelab } from '../model/types';
import { FluxSystemChart } from './flux-system';
import { appPath, clusterPath } from './layout';

/** A chart and the directory its manifests are written to (one `<dir>/<file>` plus a kustomization.yaml per dir). */
export interface ChartPlacement {
  readonly chart: Chart;
  readonly dir: string;
  readonly file: string;
  /** The app it belongs to (counted in the synth summary). @default the cluster */
  readonly app?: string;
}

/** Builders of app charts, by app name. An app without a builder gets no manifests and no Flux Kustomization. */
export type AppChartBuilder = (app: App, spec: AppSpec, model: Homelab) => Chart;
export const APP_CHARTS: Readonly<Record<string, AppChartBuilder>> = {};

export function buildCharts(app: App, model: Homelab): readonly ChartPlacement[] {
  const placements: ChartPlacement[] = [];
  for (const cluster of model.clusters) {
    const apps = model.apps.filter((a) => a.cluster === cluster.name && APP_CHARTS[a.name] !== undefined);
    for (const spec of apps) placements.push({ chart: APP_CHARTS[spec.name](app, spec, model), dir: appPath(spec), file: `${spec.name}.yaml`, app: spec.name });
    placements.push({ chart: new FluxSystemChart(app, `${cluster.name}-flux-system`, { gitops: model.gitops, apps }), dir: clusterPath(cluster.name), file: 'flux-system.yaml' });
  }
  return placements;
}
