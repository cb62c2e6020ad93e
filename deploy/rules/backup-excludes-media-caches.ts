/**
 * Backups copy state, never the media library or caches. Velero's file-system backup with `defaultVolumesToFsBackup`
 * copies every pod volume — the NFS media share mounted by three apps and Prometheus' 30 GiB — to S3 every night.
 * Volumes are opted in from the model (`volume.backup`), a cache never is, and a Velero source copies all volumes only
 * on a cluster where no pod mounts media or a cache.
 */
import { at } from '../../model/rules/rule';
import type { DeployRule } from '../rule';

const ID = 'deploy-backup-excludes-media-caches';

export const backupExcludesMediaCaches: DeployRule = {
  id: ID,
  description: 'No cache volume is opted into backups; a Velero source backs up all pod volumes only where no app mounts the media share or a cache.',
  check(model, _index, problems) {
    for (const app of model.apps) {
      if (app.volume?.holds === 'cache' && app.volume.backup === true) {
        problems.report(
          at.app(app.name),
          ID,
          `its volume ${app.volume.mountPath} holds a cache (${app.volume.sizeGiB} GiB the app rebuilds) but is opted into backups`,
          'drop backup: true from the volume',
        );
      }
    }
    for (const source of model.backups.sources) {
      if (source.tool !== 'velero' || (source.volumes ?? 'opt-in') !== 'all' || !('cluster' in source.from)) continue;
      const cluster = source.from.cluster;
      const heavy = model.apps.filter((a) => a.cluster === cluster && (a.media === true || a.volume?.holds === 'cache'));
      if (heavy.length > 0) {
        const what = heavy
          .map((a) => (a.media === true || a.volume === undefined ? `${a.name} (media share)` : `${a.name} (cache ${a.volume.mountPath})`))
          .join(', ');
        problems.report(
          at.backup(source.name),
          ID,
          `backs up every pod volume of ${cluster}, which uploads ${what} every night`,
          "set volumes: 'opt-in' and mark the volumes worth keeping with volume.backup: true",
        );
      }
    }
  },
};
