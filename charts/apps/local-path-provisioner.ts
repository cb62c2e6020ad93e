/** storage: the local-path provisioner (dynamic PVs on the nodes' data disks), as a HelmRelease. */
import { HelmApp, resources, type KubeResources } from '../lib/helm-app';
import { selectorOf } from '../lib/labels';
import type { AppModule } from '../module';
import { unitChart } from '../lib/unit-chart';
import { DATA_DISK_MOUNTS } from '../../naming/names';
import { clusterNodes, dataDisksFor } from '../../model/derive';
import type { ChartContext } from '../module';

/** The storage class it creates, named in the cluster model (`storageClasses`). */
export const LOCAL_PATH_CLASS = 'local-path';
/** Where the Ansible layer mounts each node's `local-path` data disk (k3s.yml, role data_disks): volumes land on it. */
export const LOCAL_PATH_DIR = DATA_DISK_MOUNTS['local-path'];

/** Typed subset of the containeroo/local-path-provisioner chart values. */
export interface LocalPathProvisionerValues {
  readonly storageClass: {
    readonly create: boolean;
    readonly defaultClass: boolean;
    readonly name: string;
    readonly reclaimPolicy: 'Delete' | 'Retain';
    readonly volumeBindingMode: 'WaitForFirstConsumer' | 'Immediate';
    /** `local` PVs (not hostPath) so Velero's file-system backup can read them. */
    readonly defaultVolumeType: 'local' | 'hostPath';
  };
  readonly nodePathMap: readonly { readonly node: string; readonly paths: readonly string[] }[];
  readonly resources: KubeResources;
}

/**
 * The provisioner's node map: every node of the cluster with a local-path data disk writes there, and no default entry
 * — a node without one is refused (its PVC stays Pending, named in the provisioner's events) instead of filling its
 * root disk. Deploy rule deploy-pvc-on-data-disk keeps every node that runs workloads in the map.
 */
export function localPathNodes(ctx: Pick<ChartContext, 'model' | 'cluster'>): LocalPathProvisionerValues['nodePathMap'] {
  return clusterNodes(ctx.model, ctx.cluster.name).flatMap(({ guest }) => {
    const spec = ctx.model.guests.find((g) => g.name === guest);
    const disks = spec === undefined ? [] : dataDisksFor(spec, 'local-path');
    return disks.length > 0 ? [{ node: guest, paths: disks.map((d) => d.mountPath) }] : [];
  });
}

export const localPathProvisioner: AppModule = {
  pods: (spec) => selectorOf(spec.name),
  needs: { fields: ['chart'] },
  storageClasses: [LOCAL_PATH_CLASS],
  podSecurity: 'privileged',
  sameNamespaceTraffic: true,
  // It watches PVCs and creates PVs and helper pods.
  nodeServices: ['k8s-api'],
  build(app, spec, ctx) {
    const main = unitChart(app, spec.name, spec.namespace);
    new HelmApp<LocalPathProvisionerValues>(main, 'helm', {
      app: spec,
      values: {
        storageClass: {
          create: true,
          defaultClass: true,
          name: LOCAL_PATH_CLASS,
          reclaimPolicy: 'Delete',
          volumeBindingMode: 'WaitForFirstConsumer',
          defaultVolumeType: 'local',
        },
        nodePathMap: localPathNodes(ctx),
        resources: resources('10m', '32Mi', '200m', '128Mi'),
      },
    });
    return { main };
  },
};
