/** deploy-data-disk-mounted: every declared disk is formatted and mounted where its consumer writes. */
import { dataDiskMounted } from '../../deploy/rules/data-disk-mounted';
import { deployProblems } from './helpers';
import { homelab } from '../../homelab';
import { mutated, guest } from '../helpers/model';
import { formatProblem } from '../../model/errors';
import { inventory } from '../../synth/ansible';
import { LOCAL_PATH_DIR } from '../../charts/apps/local-path-provisioner';
import { resolveModel } from '../../model/resolved';

const rule = 'deploy-data-disk-mounted';
const messages = (m: Parameters<typeof deployProblems>[1]) => deployProblems(dataDiskMounted, m).map(formatProblem);

describe(`deploy rule '${rule}'`, () => {
  it("compliant: the workers' 100 GiB disks are for local-path, mounted where the provisioner writes", () => {
    expect(dataDiskMounted.id).toBe(rule);
    expect(messages(homelab)).toEqual([]);
    const hostvars = inventory(resolveModel(homelab)).children!.asgard.hosts!;
    expect(hostvars['k8s-worker-01']!.data_disks_mounts).toEqual([
      { use: 'local-path', device: '/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1', label: 'local-path', path: LOCAL_PATH_DIR, fstype: 'ext4' },
    ]);
    expect(hostvars['k8s-master-01']!.data_disks_mounts).toBeUndefined();
  });

  it('non-compliant: DiskPressure when a worker data disk declares no consumer (nothing formats or mounts it)', () => {
    const m = mutated((x) => {
      delete guest(x, 'k8s-worker-02').disks[1].use;
    });
    expect(messages(m)).toEqual([
      expect.stringMatching(
        /^\[guests\/k8s-worker-02\/disks\[1\]\] a 100 GiB data disk that nothing formats or mounts .* — rule: deploy-data-disk-mounted — fix: declare its consumer/,
      ),
    ]);
  });

  it('non-compliant: a local-path disk on a guest that runs no local-path provisioner is wasted', () => {
    const m = mutated((x) => {
      guest(x, 'authentik-01').disks.push({ storage: 'atlas-bedrock', sizeGiB: 10, use: 'local-path' });
    });
    expect(messages(m)).toEqual([expect.stringMatching(/^\[guests\/authentik-01\/disks\[1\]\] is declared for local-path, but authentik-01 does not run it/)]);
  });

  it('non-compliant: a use on the boot disk, and extra disks on an LXC, are never mounted', () => {
    const m = mutated((x) => {
      guest(x, 'k8s-worker-01').disks[0].use = 'local-path';
      guest(x, 'media-01').disks.push({ storage: 'prometheus-bedrock', sizeGiB: 10 });
    });
    const found = messages(m);
    expect(found).toContainEqual(expect.stringMatching(/^\[guests\/k8s-worker-01\/disks\[0\]\] the boot disk declares use 'local-path'/));
    expect(found).toContainEqual(expect.stringMatching(/^\[guests\/media-01\/disks\[1\]\] an LXC gets no extra disks/));
  });
});
