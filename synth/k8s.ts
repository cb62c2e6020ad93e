/** Kubernetes layer: the cdk8s charts, rendered into memory as the k8s/ tree Flux reads. */
import { App, Yaml } from 'cdk8s';
import type { Homelab } from '../model/types';
import { buildCharts } from '../charts';
import { K8S_OUT } from '../charts/layout';
import { hashHeader } from './header';
import type { OutputFiles } from './outputs';

export { K8S_OUT };

export interface K8sSummary {
  /** Objects per app (the cluster entry point is counted under the cluster's name). */
  readonly objects: ReadonlyArray<{ readonly unit: string; readonly count: number }>;
}

/** Renders every chart; each directory gets a kustomization.yaml listing its files. */
export function synthK8s(model: Homelab): { files: OutputFiles; summary: K8sSummary } {
  const app = new App({ outdir: '.' });
  const placements = buildCharts(app, model);
  const files: OutputFiles = new Map();
  const byDir = new Map<string, string[]>();
  const objects: Array<{ unit: string; count: number }> = [];
  for (const p of placements) {
    const docs = p.chart.toJson();
    files.set(`${p.dir}/${p.file}`, hashHeader() + Yaml.stringify(...docs));
    byDir.set(p.dir, [...(byDir.get(p.dir) ?? []), p.file]);
    objects.push({ unit: p.app ?? p.dir.split('/').pop()!, count: docs.length });
  }
  for (const [dir, resources] of byDir) {
    files.set(`${dir}/kustomization.yaml`, hashHeader() + Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources].sort() }));
  }
  return { files, summary: { objects } };
}
