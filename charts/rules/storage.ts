import { field, walk } from '../lib/objects';
import type { ManifestRule } from './rule';
import { allObjects, at } from './helpers';

/** Every claimed storage class is offered by the cluster model and provided by an app (or a StorageClass object). */
export const storageClasses: ManifestRule = {
  id: 'k8s-storage-classes',
  description: 'PVCs, volume claim templates and chart values name a storage class the cluster offers and one of its apps provides.',
  check(cluster, _model, problems) {
    const objects = allObjects(cluster);
    const provided = new Set([
      ...cluster.provided.storageClasses,
      ...objects.filter((x) => x.object.kind === 'StorageClass').map((x) => x.object.metadata.name),
    ]);
    const offered = cluster.cluster.storageClasses;
    for (const { unit, object: o } of objects) {
      const claimed: string[] = [];
      if (o.kind === 'PersistentVolumeClaim') {
        const sc = field(o, 'spec', 'storageClassName');
        if (typeof sc !== 'string')
          problems.report(
            at.object(unit, o),
            'k8s-storage-classes',
            'the PVC names no storage class (it would take whatever is default)',
            'set storageClassName from the model volume',
          );
        else claimed.push(sc);
      } else {
        for (const { key, value } of walk(o.kind === 'HelmRelease' ? field(o, 'spec', 'values') : field(o, 'spec'))) {
          if ((key === 'storageClassName' || key === 'storageClass') && typeof value === 'string') claimed.push(value);
        }
      }
      for (const sc of claimed) {
        if (!offered.includes(sc))
          problems.report(
            at.object(unit, o),
            'k8s-storage-classes',
            `storage class "${sc}" is unknown: ${cluster.cluster.name} offers ${offered.join(', ') || 'none'}`,
            'use a storage class of the cluster (clusters[].storageClasses) in the model',
          );
        else if (!provided.has(sc))
          problems.report(
            at.object(unit, o),
            'k8s-storage-classes',
            `storage class "${sc}" is offered by the model but no app provides it`,
            'deploy its provisioner (e.g. local-path-provisioner) on the cluster',
          );
      }
    }
  },
};
