/**
 * Every declared disk is formatted and mounted where its consumer writes. A VM's disks after the boot disk are empty
 * block devices; the data_disks role (k3s.yml) formats one once and mounts it by label only when the disk declares its
 * `use`, and only on a guest that runs that consumer. An undeclared disk is never used (the local-path provisioner
 * would fill the root disk instead: DiskPressure), and a disk declared for a consumer the guest does not run is wasted.
 */
import type { DeployRule } from '../rule';
import type { Homelab, GuestSpec } from '../../model/types';
import { at } from '../../model/rules/rule';
import { DATA_DISK_MOUNTS } from '../../naming/names';
import { clusterOfGuest } from '../../model/derive';

const ID = 'deploy-data-disk-mounted';

/** Whether the guest runs the consumer of `use` (local-path: a node of a cluster that offers the local-path class). */
function runsConsumer(model: Homelab, guest: GuestSpec, use: keyof typeof DATA_DISK_MOUNTS): boolean {
  switch (use) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- one use today; a new one must add its case (noImplicitReturns)
    case 'local-path': {
      const c = clusterOfGuest(model, guest.name);
      return c !== undefined && c.storageClasses.includes('local-path') && model.apps.some((a) => a.cluster === c.name && a.name === 'local-path-provisioner');
    }
  }
}

export const dataDiskMounted: DeployRule = {
  id: ID,
  description:
    'Every data disk of a VM declares its consumer (use), runs on a guest with that consumer, and is formatted and mounted where the consumer writes.',
  check(model, _index, problems) {
    for (const g of model.guests) {
      g.disks.forEach((d, i) => {
        const entity = `${at.guest(g.name)}/disks[${i}]`;
        if (i === 0) {
          if (d.use !== undefined)
            problems.report(
              entity,
              ID,
              `the boot disk declares use '${d.use}', but it holds the operating system and is never formatted for a consumer`,
              'remove use from the first disk and add a separate data disk for it',
            );
          return;
        }
        if (g.kind === 'lxc') {
          problems.report(
            entity,
            ID,
            'an LXC gets no extra disks from this repository (only its root filesystem and mount points)',
            'remove the disk, or make the guest a VM',
          );
          return;
        }
        if (d.use === undefined) {
          problems.report(
            entity,
            ID,
            `a ${d.sizeGiB} GiB data disk that nothing formats or mounts (its consumer writes to the root disk instead)`,
            `declare its consumer, e.g. use: 'local-path' on a Kubernetes node (mounted at ${DATA_DISK_MOUNTS['local-path']}), or remove the disk`,
          );
          return;
        }
        if (!runsConsumer(model, g, d.use)) {
          problems.report(
            entity,
            ID,
            `is declared for ${d.use}, but ${g.name} does not run it (not a node of a cluster with the local-path provisioner)`,
            'move the disk to a Kubernetes node, or remove it',
          );
        }
      });
    }
  },
};
