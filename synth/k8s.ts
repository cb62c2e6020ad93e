/**
 * Kubernetes layer: the cdk8s charts rendered into memory as the k8s/ tree Flux reads (charts/layout.ts). The manifest
 * rules run over the rendered objects before anything is returned (so nothing is written when one fails); each
 * directory gets a kustomization.yaml listing its files, and the cluster's also lists every app directory of the
 * cluster, so the root Kustomization applies each app's ks.yaml.
 */
import * as path from 'path';
import { Yaml } from 'cdk8s';
import type { Homelab } from '../model/types';
import { renderedClusters, type RenderedFile } from '../charts';
import { clusterPath, FLUX_KS_FILE, K8S_OUT } from '../charts/layout';
import { checkManifests } from '../charts/rules';
import { hashHeader } from '../naming/header';
import type { OutputFiles } from './outputs';

export { K8S_OUT };

export interface K8sSummary {
  /** Objects per unit (app, app-config), per entry file of a cluster, and all its apps' ks.yaml as `<cluster>/ks`. */
  readonly objects: readonly { readonly unit: string; readonly count: number }[];
}

/** Renders every chart, checks the result, and lays it out as files. Throws ModelError listing every problem. */
export function synthK8s(model: Homelab): { files: OutputFiles; summary: K8sSummary } {
  const clusters = renderedClusters(model);
  checkManifests(model, clusters);
  const files: OutputFiles = new Map();
  const byDir = new Map<string, string[]>();
  const objects: { unit: string; count: number }[] = [];
  const add = (f: Pick<RenderedFile, 'dir' | 'file' | 'objects'>, unit: string) => {
    files.set(`${f.dir}/${f.file}`, hashHeader() + Yaml.stringify(...f.objects));
    byDir.set(f.dir, [...(byDir.get(f.dir) ?? []), f.file]);
    const counted = objects.find((o) => o.unit === unit);
    if (counted === undefined) objects.push({ unit, count: f.objects.length });
    else counted.count += f.objects.length;
  };
  for (const c of clusters) {
    for (const u of c.units) add(u, u.name);
    // The apps' ks.yaml files count as one line: the cluster's Flux Kustomizations.
    for (const e of c.entry) add(e, e.file === FLUX_KS_FILE ? `${c.cluster.name}/ks` : e.label.replace(/\.yaml$/, ''));
    const root = clusterPath(c.cluster.name);
    const appDirs = c.entry.filter((e) => e.dir !== root).map((e) => path.posix.relative(root, e.dir));
    byDir.set(root, [...(byDir.get(root) ?? []), ...appDirs]);
  }
  for (const [dir, resources] of byDir) {
    files.set(
      `${dir}/kustomization.yaml`,
      hashHeader() + Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources].sort() }),
    );
  }
  return { files, summary: { objects } };
}
