/**
 * The AWS location stack (the location holding the backups): renders plan/aws.ts — the backup bucket fed by the
 * backup sources (Object Lock on, one writer identity per source limited to its prefix and unable to destroy history,
 * one read-only restore identity, one prune identity a person holds) and the bucket holding every stack's state with
 * the state-only identity of every backend (docs/STATE.md bootstraps it, docs/RESTORE.md and docs/SECURITY.md use it).
 *
 * This stack creates IAM users and policies, so it runs with the person's bootstrap profile (BOOTSTRAP_AWS_PROFILE,
 * e.g. SSO with MFA), never with a key of the vault.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from '../constructs/core';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HomelabStack } from './base-stack';
import { known } from '../model/errors';
import { HardenedBucket } from '../constructs/hardened-bucket';
import type { BucketIdentity } from '../constructs/bucket-identity';
import type { StackBasePlan } from '../plan/stacks';
import type { AwsLocationPlan } from '../plan/aws';

export class AwsLocationStack extends HomelabStack {
  readonly backups: HardenedBucket;
  readonly state: HardenedBucket;
  /** Writer identity per backup source, by source name. */
  readonly writers: ReadonlyMap<string, BucketIdentity>;
  readonly restore: BucketIdentity;
  /** restic `forget --prune` (absent when no source uses restic). */
  readonly pruner?: BucketIdentity;
  /** The S3 backend of every stack. */
  readonly stateBackend: BucketIdentity;

  constructor(scope: Construct, base: StackBasePlan, plan: AwsLocationPlan) {
    super(scope, base);
    new AwsProvider(this, 'aws', { region: plan.region, profile: plan.profile, defaultTags: [{ tags: { ...plan.tags } }] });
    this.backups = new HardenedBucket(this, 'backups', {
      bucketName: plan.backups.bucket,
      noncurrentVersionExpiryDays: plan.backups.noncurrentVersionExpiryDays,
      transitionAfterDays: plan.backups.transitionAfterDays,
      transitionStorageClass: plan.backups.transitionStorageClass,
      objectLock: plan.backups.objectLock,
    });
    this.state = new HardenedBucket(this, 'state', { bucketName: plan.state.bucket, noncurrentVersionExpiryDays: plan.state.noncurrentVersionExpiryDays });

    const identities = new Map<string, BucketIdentity>();
    for (const planned of plan.identities) {
      const bucket = planned.bucket === 'backups' ? this.backups : this.state;
      identities.set(planned.id, bucket.grant(planned.id, planned.identity));
    }
    this.writers = new Map(plan.writers.map((w) => [w.source, known(identities, w.identity, 'bucket identity')]));
    this.restore = known(identities, 'restore', 'bucket identity');
    this.pruner = identities.get('pruner');
    this.stateBackend = known(identities, 'state-backend', 'bucket identity');

    // Names for the Ansible and Kubernetes layers: plain outputs (the keys above are sensitive outputs).
    new TerraformOutput(this, 'backup_bucket', {
      value: this.backups.name,
      description: 'Backup bucket name (restic repository and Velero BackupStorageLocation).',
    });
    new TerraformOutput(this, 'backup_region', { value: plan.region, description: 'Region of the backup bucket.' });
    new TerraformOutput(this, 'backup_prefixes', { value: plan.prefixes, description: 'Key prefix each backup source writes under.' });
    new TerraformOutput(this, 'state_bucket', { value: this.state.name, description: 'Bucket holding the OpenTofu state of every stack.' });
  }
}
