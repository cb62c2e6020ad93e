/** deploy-backup-excludes-media-caches: Velero uploaded the media library and Prometheus' 30 GiB every night. */
import { backupExcludesMediaCaches } from '../../deploy/rules/backup-excludes-media-caches';
import { CLUSTER, fixture, type Draft } from '../fixtures/models';
import { platformModel } from '../charts/fixtures';
import { deployProblems } from './helpers';

const app = (m: Draft, name: string) => m.apps.find((a) => a.name === name)!;

/** A media app (NFS share + a config volume worth keeping), a metrics store (cache) and an opt-in Velero source. */
function mediaAndCache(edit: (m: Draft) => void = () => undefined): Draft {
  const m = fixture();
  m.apps.push(
    {
      name: 'player',
      namespace: 'media',
      tier: 'application',
      cluster: CLUSTER,
      description: 'player',
      image: { repository: 'example/player', tag: '1.0.0' },
      port: 8096,
      media: true,
      volume: { mountPath: '/config', sizeGiB: 2, storageClass: 'local-path', backup: true },
    },
    {
      name: 'metrics',
      namespace: 'monitoring',
      tier: 'platform',
      cluster: CLUSTER,
      description: 'metrics',
      image: { repository: 'example/metrics', tag: '1.0.0' },
      port: 9090,
      volume: { mountPath: '/data', sizeGiB: 30, storageClass: 'local-path', holds: 'cache' },
    },
  );
  m.backups.sources = [{ name: 'cluster', from: { cluster: CLUSTER }, prefix: 'velero/', tool: 'velero', schedule: '0 2 * * *', volumes: 'opt-in' }];
  edit(m);
  return m;
}

describe("deploy rule 'deploy-backup-excludes-media-caches'", () => {
  it('compliant: opt-in volumes, the cache not opted in', () => {
    expect(deployProblems(backupExcludesMediaCaches, mediaAndCache())).toEqual([]);
  });

  it("compliant: the platform fixture (Jellyfin and Radarr on the media share, Prometheus' cache, Velero's default opt-in)", () => {
    expect(deployProblems(backupExcludesMediaCaches, platformModel())).toEqual([]);
  });

  it('non-compliant: all pod volumes backed up where pods mount the media share and a cache (the nightly media upload)', () => {
    const problems = deployProblems(
      backupExcludesMediaCaches,
      mediaAndCache((m) => {
        m.backups.sources[0].volumes = 'all';
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ entity: 'backups/sources/cluster', rule: 'deploy-backup-excludes-media-caches' });
    expect(problems[0].message).toContain('player (media share)');
    expect(problems[0].message).toContain('metrics (cache /data)');
    expect(problems[0].fix).toContain("volumes: 'opt-in'");
  });

  it('non-compliant: a cache volume opted into the backups', () => {
    const problems = deployProblems(
      backupExcludesMediaCaches,
      mediaAndCache((m) => {
        app(m, 'metrics').volume!.backup = true;
      }),
    );
    expect(problems.map((p) => p.entity)).toEqual(['apps/metrics']);
  });
});
