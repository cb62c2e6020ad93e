/**
 * babylon (AWS): the backup bucket fed by TrueNAS and the cluster — Object Lock on, one writer identity per source
 * limited to its prefix and unable to destroy history, one read-only restore identity, one prune identity a person
 * holds — and the bucket holding every stack's state with the state-only identity of every backend (docs/STATE.md
 * bootstraps it, docs/RESTORE.md and docs/SECURITY.md use it).
 *
 * This stack creates IAM users and policies, so it runs with the person's bootstrap profile (BOOTSTRAP_AWS_PROFILE,
 * e.g. SSO with MFA), never with a key of the vault.
 */
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { TerraformOutput } from '../constructs/core';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HomelabStack, type HomelabStackProps } from './base-stack';
import { HardenedBucket } from '../constructs/hardened-bucket';
import type { BucketIdentity } from '../constructs/bucket-identity';
import { BOOTSTRAP_AWS_PROFILE, identifier, managedTags, stateBucketName } from '../naming/names';
import { babylonIdentities } from '../model/cloud-identities';

/** State objects are small and rewritten on every apply: keep old versions a year to roll back a bad apply. */
const STATE_NONCURRENT_VERSION_DAYS = 365;

export class BabylonStack extends HomelabStack {
  readonly backups: HardenedBucket;
  readonly state: HardenedBucket;
  /** Writer identity per backup source, by source name. */
  readonly writers: ReadonlyMap<string, BucketIdentity>;
  readonly restore: BucketIdentity;
  /** restic `forget --prune` (absent when no source uses restic). */
  readonly pruner?: BucketIdentity;
  /** The S3 backend of every stack. */
  readonly stateBackend: BucketIdentity;

  constructor(scope: Construct, name: string, props: HomelabStackProps) {
    super(scope, name, props);
    const { backups, locations } = props.model;
    const location = locations.find((l) => l.name === backups.location);
    if (!location?.region) {
      fail(`locations/${backups.location}`, 'location-exists', 'the backups live here, but it is not a cloud location with a region', 'set region on this location');
    }
    new AwsProvider(this, 'aws', {
      region: location.region,
      profile: BOOTSTRAP_AWS_PROFILE,
      defaultTags: [{ tags: managedTags(location.name) }],
    });
    this.backups = new HardenedBucket(this, 'backups', {
      bucketName: backups.bucket,
      noncurrentVersionExpiryDays: backups.noncurrentVersionExpiryDays,
      transitionAfterDays: backups.transitionAfterDays,
      transitionStorageClass: backups.transitionStorageClass,
      objectLock: backups.objectLock,
    });
    this.state = new HardenedBucket(this, 'state', {
      bucketName: stateBucketName(location.name),
      noncurrentVersionExpiryDays: STATE_NONCURRENT_VERSION_DAYS,
    });

    const writers = new Map<string, BucketIdentity>();
    const identities = new Map<string, BucketIdentity>();
    for (const planned of babylonIdentities(props.model)) {
      const bucket = planned.bucket === 'backups' ? this.backups : this.state;
      identities.set(planned.id, bucket.grant(planned.id, planned.identity));
    }
    for (const source of backups.sources) writers.set(source.name, identities.get(`writer-${identifier(source.name)}`)!);
    this.writers = writers;
    this.restore = identities.get('restore')!;
    this.pruner = identities.get('pruner');
    this.stateBackend = identities.get('state-backend')!;

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
