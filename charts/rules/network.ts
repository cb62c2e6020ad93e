import { k8sNames } from '../../naming/names';
import { field } from '../lib/objects';
import type { ManifestRule } from './rule';
import { allObjects, at } from './helpers';

/** Each namespace with our objects has its default-deny NetworkPolicy (ingress and egress). */
export const defaultDeny: ManifestRule = {
  id: 'k8s-network-policies',
  description: 'Every namespace holding app objects has a default-deny NetworkPolicy selecting all pods for ingress and egress.',
  check(cluster, _model, problems) {
    const objects = allObjects(cluster);
    const denied = new Set(
      objects
        .map((x) => x.object)
        .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === k8sNames.defaultDenyPolicy)
        .filter(
          (o) =>
            JSON.stringify(field(o, 'spec', 'podSelector') ?? {}) === '{}' &&
            JSON.stringify(field(o, 'spec', 'policyTypes')) === JSON.stringify(['Ingress', 'Egress']),
        )
        .map((o) => o.metadata.namespace),
    );
    const namespaces = new Set(cluster.units.flatMap((u) => u.objects.map((o) => o.metadata.namespace)).filter((n): n is string => n !== undefined));
    for (const ns of [...namespaces].sort()) {
      if (!denied.has(ns))
        problems.report(
          at.unit(`namespaces/${ns}`),
          'k8s-network-policies',
          `namespace ${ns} has no default-deny NetworkPolicy`,
          "list the namespace among the cluster's app namespaces (charts/namespaces.ts)",
        );
    }
  },
};
