import { App } from 'cdk8s';
import { APP_CHARTS, buildCharts, type RenderedCluster, type RenderedUnit } from '../../charts';
import type { AppModule } from '../../charts/module';
import type { K8sObject } from '../../charts/lib/objects';
import type { Homelab } from '../../model/types';
import { platformModel } from './fixtures';

/** The first cluster of a model, built in memory (default: the platform fixture). */
export function build(model: Homelab = platformModel(), modules: Readonly<Record<string, AppModule>> = APP_CHARTS): RenderedCluster {
  return buildCharts(new App({ outdir: '.' }), model, modules)[0];
}

export function unit(cluster: RenderedCluster, name: string): RenderedUnit {
  const u = cluster.units.find((x) => x.name === name);
  if (u === undefined) throw new Error(`no unit ${name}`);
  return u;
}

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (o === undefined) throw new Error(`no ${kind}/${name}`);
  return o;
}

/** A copy of the cluster with one unit's objects replaced. */
export function withObjects(cluster: RenderedCluster, name: string, edit: (objects: readonly K8sObject[]) => K8sObject[]): RenderedCluster {
  return { ...cluster, units: cluster.units.map((u) => (u.name === name ? { ...u, objects: edit(u.objects) } : u)) };
}

/** Deep copy with a JSON edit. */
export function edited(o: K8sObject, edit: (copy: Record<string, unknown>) => void): K8sObject {
  const copy = JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
  edit(copy);
  return copy as unknown as K8sObject;
}

/** The objects of one entry file of the cluster (flux-system.yaml, namespaces.yaml, or `<app>/ks.yaml`). */
export function entryObjects(cluster: RenderedCluster, label: string): readonly K8sObject[] {
  const e = cluster.entry.find((x) => x.label === `${cluster.cluster.name}/${label}`);
  if (e === undefined) throw new Error(`no entry file ${label}`);
  return e.objects;
}

/** Every app's Flux Kustomizations (from the ks.yaml files), without the root `cluster`. */
export function appKustomizations(cluster: RenderedCluster): K8sObject[] {
  return cluster.entry.flatMap((e) => e.objects).filter((o) => o.kind === 'Kustomization' && o.metadata.name !== 'cluster');
}
