/**
 * babylon (AWS): the backup bucket fed by TrueNAS and the cluster — one writer identity per source, limited to its
 * prefix, and one read-only restore identity — and the bucket holding every stack's state (docs/STATE.md bootstraps it,
 * docs/RESTORE.md uses it).
 */
import { Construct } from 'constructs';
import { TerraformOutput } from '../constructs/core';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HomelabStack, type HomelabStackProps } from './base-stack';
import { HardenedBucket } from '../constructs/hardened-bucket';
import type { BucketIdentity } from '../constructs/bucket-identity';
import { secretNames } from '../model/secrets';
import { bucketIdentityName, identifier, managedTags, RESTORE_PRINCIPAL, stateBucketName } from '../naming/names';

/** State objects are small and rewritten on every apply: keep old versions a year to roll back a bad apply. */
const STATE_NONCURRENT_VERSION_DAYS = 365;

export class BabylonStack extends HomelabStack {
  readonly backups: HardenedBucket;
  readonly state: HardenedBucket;
  /** Writer identity per backup source, by source name. */
  readonly writers: ReadonlyMap<string, BucketIdentity>;
  readonly restore: BucketIdentity;

  constructor(scope: Construct, name: string, props: HomelabStackProps) {
    super(scope, name, props);
    const { backups, locations } = props.model;
    const location = locations.find((l) => l.name === backups.location);
    if (!location?.region) {
      throw new Error(`stack ${name}: backups/location "${backups.location}" is not a cloud location with a region — rule backup-location — set locations[].region for it`);
    }
    new AwsProvider(this, 'aws', {
      region: location.region,
      accessKey: this.secrets.string(secretNames.awsAccessKeyId),
      secretKey: this.secrets.string(secretNames.awsSecretAccessKey),
      defaultTags: [{ tags: managedTags(location.name) }],
    });
    this.backups = new HardenedBucket(this, 'backups', {
      bucketName: backups.bucket,
      noncurrentVersionExpiryDays: backups.noncurrentVersionExpiryDays,
      transitionAfterDays: backups.transitionAfterDays,
      transitionStorageClass: backups.transitionStorageClass,
    });
    this.state = new HardenedBucket(this, 'state', {
      bucketName: stateBucketName(location.name),
      noncurrentVersionExpiryDays: STATE_NONCURRENT_VERSION_DAYS,
    });

    const writers = new Map<string, BucketIdentity>();
    for (const source of backups.sources) {
      writers.set(
        source.name,
        this.backups.grantPrefixWriter(`writer-${identifier(source.name)}`, {
          prefix: source.prefix,
          userName: bucketIdentityName(location.name, source.name, 'writer', 'identity'),
          policyName: bucketIdentityName(location.name, source.name, 'writer', 'policy'),
          accessKeyIdOutput: secretNames.backupAccessKeyId(source.name),
          secretAccessKeyOutput: secretNames.backupSecretAccessKey(source.name),
          purpose: `${source.tool} backups of ${source.name} under ${source.prefix}`,
        }),
      );
    }
    this.writers = writers;
    this.restore = this.backups.grantReader('restore', {
      userName: bucketIdentityName(location.name, RESTORE_PRINCIPAL, 'reader', 'identity'),
      policyName: bucketIdentityName(location.name, RESTORE_PRINCIPAL, 'reader', 'policy'),
      accessKeyIdOutput: secretNames.restoreAccessKeyId,
      secretAccessKeyOutput: secretNames.restoreSecretAccessKey,
      purpose: 'read-only restore of every backup (docs/RESTORE.md)',
    });

    // Names for the Ansible and Kubernetes layers: plain outputs (the keys above are sensitive outputs).
    new TerraformOutput(this, 'backup_bucket', { value: this.backups.name, description: 'Backup bucket name (restic repository and Velero BackupStorageLocation).' });
    new TerraformOutput(this, 'backup_region', { value: location.region, description: 'Region of the backup bucket.' });
    new TerraformOutput(this, 'backup_prefixes', {
      value: Object.fromEntries(backups.sources.map((s) => [s.name, s.prefix])),
      description: 'Key prefix each backup source writes under.',
    });
    new TerraformOutput(this, 'state_bucket', { value: this.state.name, description: 'Bucket holding the OpenTofu state of every stack.' });
  }
}
