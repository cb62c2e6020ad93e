/** Views of a rendered cluster shared by the manifest rules. */
import { asArray, field, type K8sObject } from '../lib/objects';
import type { RenderedCluster, RenderedUnit } from '../index';

export const at = {
  object: (unit: string, o: K8sObject) => `k8s/${unit}/${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`,
  unit: (unit: string) => `k8s/${unit}`,
  app: (app: string) => `apps/${app}`,
};

/** Every object of the cluster with the unit (or entry file) it is in. */
export function allObjects(cluster: RenderedCluster): { readonly unit: string; readonly object: K8sObject }[] {
  return [
    ...cluster.units.flatMap((u) => u.objects.map((object) => ({ unit: u.name, object }))),
    ...cluster.entry.flatMap((e) => e.objects.map((object) => ({ unit: e.label, object }))),
  ];
}

export function unitsOf(cluster: RenderedCluster, app: string): RenderedUnit[] {
  return cluster.units.filter((u) => u.app === app);
}

/** Pod specs inside workloads (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod). */
export function podSpecs(o: K8sObject): unknown[] {
  switch (o.kind) {
    case 'Pod':
      return [field(o, 'spec')];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return [field(o, 'spec', 'template', 'spec')];
    case 'CronJob':
      return [field(o, 'spec', 'jobTemplate', 'spec', 'template', 'spec')];
    default:
      return [];
  }
}

export function containersOf(podSpec: unknown): unknown[] {
  return [...asArray(field(podSpec, 'initContainers')), ...asArray(field(podSpec, 'containers'))];
}
