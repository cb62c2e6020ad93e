/** deploy-data-disk-mounted: every declared disk is formatted and mounted where its consumer writes. */
import { dataDiskMounted } from '../../deploy/rules/data-disk-mounted';
import { deployProblems } from './helpers';
import { HOME, fixture, withServiceVm, withWorker, type Draft } from '../fixtures/models';
import { formatProblem } from '../../model/errors';
import type { Homelab } from '../../model/types';
import { inventory } from '../../synth/ansible';
import { LOCAL_PATH_DIR } from '../../charts/apps/local-path-provisioner';
import { resolveModel } from '../../model/resolved';

const rule = 'deploy-data-disk-mounted';
const messages = (m: Homelab) => deployProblems(dataDiskMounted, m).map(formatProblem);
const guest = (m: Draft, name: string) => m.guests.find((g) => g.name === name)!;

/** A control plane without a data disk (tainted: it runs no workloads) and a worker whose 40 GiB data disk holds local-path volumes. */
function withWorkerDisk(): Draft {
  const m = fixture(withWorker);
  guest(m, 'kube-master-01').disks.splice(1);
  return m;
}

describe(`deploy rule '${rule}'`, () => {
  it("compliant: the worker's 40 GiB disk is for local-path, mounted where the provisioner writes", () => {
    expect(dataDiskMounted.id).toBe(rule);
    const m = withWorkerDisk();
    expect(messages(m)).toEqual([]);
    const hostvars = inventory(resolveModel(m)).children![HOME].hosts!;
    expect(hostvars['kube-worker-01']!.data_disks_mounts).toEqual([
      { use: 'local-path', device: '/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1', label: 'local-path', path: LOCAL_PATH_DIR, fstype: 'ext4' },
    ]);
    expect(hostvars['kube-master-01']!.data_disks_mounts).toBeUndefined();
  });

  it('non-compliant: DiskPressure when a worker data disk declares no consumer (nothing formats or mounts it)', () => {
    const m = withWorkerDisk();
    delete guest(m, 'kube-worker-01').disks[1].use;
    expect(messages(m)).toEqual([
      expect.stringMatching(
        /^\[guests\/kube-worker-01\/disks\[1\]\] a 40 GiB data disk that nothing formats or mounts .* — rule: deploy-data-disk-mounted — fix: declare its consumer/,
      ),
    ]);
  });

  it('non-compliant: a local-path disk on a guest that runs no local-path provisioner is wasted', () => {
    const m = withServiceVm()(withWorkerDisk());
    guest(m, 'svc-01').disks.push({ storage: 'alpha-disk', sizeGiB: 10, use: 'local-path' });
    expect(messages(m)).toEqual([expect.stringMatching(/^\[guests\/svc-01\/disks\[1\]\] is declared for local-path, but svc-01 does not run it/)]);
  });

  it('non-compliant: a use on the boot disk, and extra disks on an LXC, are never mounted', () => {
    const m = withWorkerDisk();
    guest(m, 'kube-worker-01').disks[0].use = 'local-path';
    guest(m, 'tunnel-01').disks.push({ storage: 'alpha-disk', sizeGiB: 10 });
    const found = messages(m);
    expect(found).toContainEqual(expect.stringMatching(/^\[guests\/kube-worker-01\/disks\[0\]\] the boot disk declares use 'local-path'/));
    expect(found).toContainEqual(expect.stringMatching(/^\[guests\/tunnel-01\/disks\[1\]\] an LXC gets no extra disks/));
  });
});
