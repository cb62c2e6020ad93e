/**
 * Every node that runs workloads of a cluster offering local-path volumes has a local-path data disk. The provisioner's
 * node map lists exactly the nodes with one (charts/apps/local-path-provisioner.ts localPathNodes, no default path), so
 * a PVC whose pod the scheduler puts on another node stays Pending; with a default path it would fill that node's root
 * disk instead (DiskPressure evicts everything on it). With workers the control plane is tainted and runs no workloads
 * (model/derive.ts workloadNodes), so only the workers need the disk; a cluster of one node needs it on that node.
 */
import type { DeployRule } from '../rule';
import { at } from '../../model/rules/rule';
import { dataDisksFor, workloadNodes } from '../../model/derive';
import { DATA_DISK_MOUNTS } from '../../naming/names';

const ID = 'deploy-pvc-on-data-disk';

export const pvcOnDataDisk: DeployRule = {
  id: ID,
  description:
    'Every node that runs workloads of a cluster with the local-path provisioner has a local-path data disk (the provisioner refuses other nodes; the root disk never holds volumes).',
  check(model, index, problems) {
    for (const cluster of model.clusters) {
      const provisioner = model.apps.some((a) => a.cluster === cluster.name && a.name === 'local-path-provisioner');
      if (!provisioner || !cluster.storageClasses.includes('local-path')) continue;
      for (const node of workloadNodes(model, cluster.name)) {
        const guest = index.guests.get(node);
        if (guest === undefined || dataDisksFor(guest, 'local-path').length > 0) continue;
        const role = cluster.workers.includes(node) ? 'a worker' : 'the only node';
        problems.report(
          at.cluster(cluster.name),
          ID,
          `${node} is ${role} and runs workloads, but has no local-path data disk: a local-path volume scheduled there stays Pending (the provisioner lists only nodes with one)`,
          `add a data disk with use: 'local-path' to ${node} (mounted at ${DATA_DISK_MOUNTS['local-path']})${role === 'the only node' ? ', or add a worker that has one' : ''}`,
        );
      }
    }
  },
};
