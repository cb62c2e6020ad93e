import type { ModelRule } from './rule';
import { at, oneOf } from './rule';

/** Kubernetes nodes are declared VMs with the matching role; every k8s-role guest is a node. */
export const clusterNodes: ModelRule = {
  id: 'cluster-nodes',
  description: 'A cluster has a control plane, its nodes are VMs with matching roles, and no node is in two clusters.',
  check(model, index, problems) {
    const member = new Map<string, string>();
    for (const c of model.clusters) {
      if (c.controlPlane.length === 0)
        problems.report(at.cluster(c.name), 'cluster-nodes', 'the cluster has no control-plane node', 'list the k8s-control-plane guest(s) in controlPlane');
      const nodes: [string, 'k8s-control-plane' | 'k8s-worker'][] = [
        ...c.controlPlane.map((n): [string, 'k8s-control-plane'] => [n, 'k8s-control-plane']),
        ...c.workers.map((n): [string, 'k8s-worker'] => [n, 'k8s-worker']),
      ];
      for (const [name, role] of nodes) {
        const g = index.guests.get(name);
        const fit = model.guests.filter((x) => x.role === role).map((x) => x.name);
        if (!g) problems.report(at.cluster(c.name), 'cluster-nodes', `node "${name}" is not a declared guest`, oneOf(fit, `${role} guest`));
        else if (g.kind !== 'vm') problems.report(at.cluster(c.name), 'cluster-nodes', `node "${name}" is an LXC; Kubernetes nodes are VMs`, 'use a VM');
        else if (g.role !== role)
          problems.report(
            at.cluster(c.name),
            'cluster-nodes',
            `node "${name}" has role ${g.role}, but is listed as ${role}`,
            `set its role to ${role} or list it in the other group`,
          );
        const first = member.get(name);
        if (first !== undefined) problems.report(at.cluster(c.name), 'cluster-nodes', `node "${name}" is already a node of ${first}`, 'list each node once');
        else member.set(name, c.name);
      }
      if (!/^v\d+\.\d+\.\d+(\+k3s\d+)?$/.test(c.version))
        problems.report(
          at.cluster(c.name),
          'cluster-nodes',
          `version "${c.version}" is not a pinned Kubernetes version`,
          'use a full version such as v1.31.6+k3s1',
        );
      if (c.storageClasses.length === 0) problems.report(at.cluster(c.name), 'cluster-nodes', 'the cluster offers no storage class', 'list local-path');
    }
    for (const g of model.guests) {
      if ((g.role === 'k8s-control-plane' || g.role === 'k8s-worker') && !member.has(g.name)) {
        problems.report(
          at.guest(g.name),
          'cluster-nodes',
          `the guest has role ${g.role} but belongs to no cluster`,
          `add it to a cluster's ${g.role === 'k8s-worker' ? 'workers' : 'controlPlane'}`,
        );
      }
    }
  },
};
