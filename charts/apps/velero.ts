/**
 * Velero: cluster backups to the babylon bucket (the seed's "Stores Backups" edge). HelmRelease with the AWS plugin and
 * file-system backups (kopia, node agent) of the volumes the model opts in (`volume.backup`: never the media share or a
 * cache); the BackupStorageLocation (bucket and prefix of the model's backup source) and the Schedule are a second
 * stage (their CRDs come from the chart). Secrets are left out of every backup: Flux recreates them from the vault on
 * restore (docs/RESTORE.md). Kopia encrypts volume data with `velero_repository_password` from the vault (Velero's
 * published default password otherwise). The writer identity comes from BACKUP_ACCESS_KEY_ID / BACKUP_SECRET_ACCESS_KEY.
 */
import { fail } from '../../model/errors';
import { BackupStorageLocation, Schedule } from '../../.gen/imports/velero.io';
import { secretNames } from '../../model/secrets';
import type { BackupSourceSpec, Homelab } from '../../model/types';
import { k8sNames } from '../../naming/names';
import { substitutedSecret } from '../lib/chart-service';
import { HelmApp, resources, type KubeResources } from '../lib/helm-app';
import { selectorOf } from '../lib/labels';
import type { AppModule } from '../module';
import { unitChart } from '../lib/unit-chart';

const AWS_PLUGIN = { repository: 'docker.io/velero/velero-plugin-for-aws', tag: 'v1.12.2' } as const;
const CREDENTIALS_KEY = 'cloud';
const BACKUP_TTL = '720h0m0s';
/** The Secret and key Velero reads the kopia repository password from (created by Velero with a fixed default if absent). */
const REPOSITORY_SECRET = { name: 'velero-repo-credentials', key: 'repository-password' } as const;
/** Kinds never copied to the bucket: reproducible from the vault through Flux, and in the clear in a backup. */
export const EXCLUDED_RESOURCES: readonly string[] = ['secrets'];

/** Typed subset of the vmware-tanzu/velero chart values. */
export interface VeleroValues {
  readonly initContainers: readonly {
    readonly name: string;
    readonly image: string;
    readonly imagePullPolicy: 'IfNotPresent';
    readonly volumeMounts: readonly { readonly mountPath: string; readonly name: string }[];
  }[];
  readonly configuration: {
    readonly backupStorageLocation: readonly [];
    readonly volumeSnapshotLocation: readonly [];
    readonly defaultVolumesToFsBackup: boolean;
    readonly uploaderType: 'kopia';
  };
  readonly credentials: { readonly useSecret: boolean; readonly existingSecret: string };
  readonly snapshotsEnabled: boolean;
  readonly deployNodeAgent: boolean;
  readonly upgradeCRDs: boolean;
  readonly resources: KubeResources;
  readonly nodeAgent: { readonly resources: KubeResources };
}

/** The model's backup source for a cluster (tool velero). */
export function clusterBackupSource(model: Homelab, cluster: string): BackupSourceSpec {
  const source = model.backups.sources.find((s) => s.tool === 'velero' && 'cluster' in s.from && s.from.cluster === cluster);
  if (source === undefined)
    fail(
      'backups',
      'deploy-app-chart-needs',
      `no velero backup source names cluster ${cluster}`,
      `add { from: { cluster: '${cluster}' }, tool: 'velero', prefix, schedule } to backups.sources`,
    );
  return source;
}

export const velero: AppModule = {
  pods: (spec) => selectorOf(spec.name),
  needs: { fields: ['chart'], clusterBackup: true },
  crdGroups: ['velero.io'],
  podSecurity: 'privileged',
  sameNamespaceTraffic: true,
  nodeServices: ['k8s-api'],
  build(app, spec, ctx) {
    const source = clusterBackupSource(ctx.model, ctx.cluster.name);
    const region = ctx.model.locations.find((l) => l.name === ctx.model.backups.location)?.region;
    if (region === undefined)
      fail(`locations/${ctx.model.backups.location}`, 'location-exists', 'the backups live here, but it has no region', 'set region on this location');
    const main = unitChart(app, spec.name, spec.namespace);
    const secret = k8sNames.appSecret(spec.name);
    substitutedSecret(main, secret, spec.namespace, {
      [CREDENTIALS_KEY]: `[default]\naws_access_key_id=${ctx.subst(secretNames.backupAccessKeyId(source.name))}\naws_secret_access_key=${ctx.subst(secretNames.backupSecretAccessKey(source.name))}\n`,
    });
    // Must exist before the first file-system backup creates the repository (it is in this unit, with the chart).
    substitutedSecret(main, REPOSITORY_SECRET.name, spec.namespace, { [REPOSITORY_SECRET.key]: ctx.subst(secretNames.veleroRepositoryPassword) });
    const allVolumes = (source.volumes ?? 'opt-in') === 'all';
    new HelmApp<VeleroValues>(main, 'helm', {
      app: spec,
      values: {
        initContainers: [
          {
            name: 'velero-plugin-for-aws',
            image: `${AWS_PLUGIN.repository}:${AWS_PLUGIN.tag}`,
            imagePullPolicy: 'IfNotPresent',
            volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          },
        ],
        configuration: { backupStorageLocation: [], volumeSnapshotLocation: [], defaultVolumesToFsBackup: allVolumes, uploaderType: 'kopia' },
        credentials: { useSecret: true, existingSecret: secret },
        snapshotsEnabled: false,
        deployNodeAgent: true,
        upgradeCRDs: false,
        resources: resources('50m', '128Mi', '1000m', '512Mi'),
        nodeAgent: { resources: resources('50m', '128Mi', '1000m', '1Gi') },
      },
    });
    const config = unitChart(app, `${spec.name}-config`, spec.namespace);
    new BackupStorageLocation(config, 'location', {
      metadata: { name: k8sNames.backupStorageLocation, namespace: spec.namespace },
      spec: {
        provider: 'aws',
        default: true,
        objectStorage: { bucket: ctx.model.backups.bucket, prefix: source.prefix.replace(/\/$/, '') },
        config: { region },
        credential: { name: secret, key: CREDENTIALS_KEY },
      },
    });
    new Schedule(config, 'schedule', {
      metadata: { name: k8sNames.backupSchedule(source.name), namespace: spec.namespace },
      spec: {
        schedule: source.schedule,
        useOwnerReferencesInBackup: false,
        template: {
          ttl: BACKUP_TTL,
          storageLocation: k8sNames.backupStorageLocation,
          includedNamespaces: ['*'],
          excludedResources: [...EXCLUDED_RESOURCES],
          defaultVolumesToFsBackup: allVolumes,
        },
      },
    });
    return { main, config };
  },
};
