/** deploy-pvc-on-data-disk: local-path volumes land only on a data disk, on every node that runs workloads. */
import { pvcOnDataDisk } from '../../deploy/rules/pvc-on-data-disk';
import { deployProblems } from './helpers';
import { CLUSTER, fixture, fixtureModel, withWorker } from '../fixtures/models';
import { formatProblem } from '../../model/errors';
import type { Homelab } from '../../model/types';
import { resolveModel } from '../../model/resolved';
import { inventory } from '../../synth/ansible';
import { localPathNodes } from '../../charts/apps/local-path-provisioner';
import { CONTROL_PLANE_TAINT, taintArg } from '../../model/derive';

const rule = 'deploy-pvc-on-data-disk';
const messages = (m: Homelab) => deployProblems(pvcOnDataDisk, m).map(formatProblem);
const clusterVars = (m: Homelab) => inventory(resolveModel(m)).children![CLUSTER.replace(/-/g, '_')].vars!;

describe(`deploy rule '${rule}'`, () => {
  it('compliant: with a worker, the control plane is tainted and only the worker (with its data disk) takes volumes', () => {
    expect(pvcOnDataDisk.id).toBe(rule);
    const m = fixtureModel(withWorker, (d) => {
      // The control plane's own data disk is not needed once it runs no workloads.
      d.guests.find((g) => g.name === 'kube-master-01')!.disks.splice(1);
      return d;
    });
    expect(messages(m)).toEqual([]);
    expect(clusterVars(m).k3s_server_taints).toEqual([taintArg(CONTROL_PLANE_TAINT)]);
    expect(localPathNodes({ model: m, cluster: m.clusters[0] })).toEqual([{ node: 'kube-worker-01', paths: ['/var/lib/local-path-provisioner'] }]);
  });

  it("compliant: a cluster of one node runs everything on it, untainted, with its data disk in the provisioner's map", () => {
    const m = fixtureModel();
    expect(messages(m)).toEqual([]);
    expect(clusterVars(m).k3s_server_taints).toEqual([]);
    expect(localPathNodes({ model: m, cluster: m.clusters[0] })).toEqual([{ node: 'kube-master-01', paths: ['/var/lib/local-path-provisioner'] }]);
  });

  it("non-compliant: Prometheus' 30 Gi on the control plane's root disk (main 258761d: untainted, default path for every node) — a worker without a data disk", () => {
    const d = fixture(withWorker);
    d.guests.find((g) => g.name === 'kube-worker-01')!.disks.splice(1);
    expect(messages(d as Homelab)).toEqual([
      expect.stringMatching(
        /^\[clusters\/home-kube-cluster\] kube-worker-01 is a worker and runs workloads, but has no local-path data disk.* — rule: deploy-pvc-on-data-disk — fix: add a data disk with use: 'local-path' to kube-worker-01/,
      ),
    ]);
  });

  it('non-compliant: the only node without a data disk', () => {
    const d = fixture();
    d.guests.find((g) => g.name === 'kube-master-01')!.disks.splice(1);
    expect(messages(d as Homelab)).toEqual([
      expect.stringMatching(/^\[clusters\/home-kube-cluster\] kube-master-01 is the only node .* or add a worker that has one$/),
    ]);
  });
});
