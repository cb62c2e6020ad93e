/**
 * The plan of the AWS location stack (the location holding the backups): the backup bucket as the model declares it,
 * the bucket holding every stack's state, the identities granted on them (model/cloud-identities.ts) and the names the
 * other layers read. Plain data; stacks/aws-location.ts renders it.
 */
import type { ResolvedModel } from '../model/resolved';
import { backupIdentities, type PlannedIdentity } from '../model/cloud-identities';
import type { BackupSpec } from '../model/types';
import { BOOTSTRAP_AWS_PROFILE, identifier, managedTags, stateBucketName } from '../naming/names';

/** State objects are small and rewritten on every apply: keep old versions a year to roll back a bad apply. */
export const STATE_NONCURRENT_VERSION_DAYS = 365;

export interface AwsLocationPlan {
  readonly location: string;
  readonly region: string;
  /** The person's bootstrap profile: this stack creates IAM identities, so no key of the vault runs it. */
  readonly profile: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly backups: Pick<BackupSpec, 'bucket' | 'noncurrentVersionExpiryDays' | 'transitionAfterDays' | 'transitionStorageClass' | 'objectLock'>;
  readonly state: { readonly bucket: string; readonly noncurrentVersionExpiryDays: number };
  readonly identities: readonly PlannedIdentity[];
  /** Writer identity id (in `identities`) of each backup source, in model order. */
  readonly writers: readonly { readonly source: string; readonly identity: string }[];
  /** Key prefix each backup source writes under. */
  readonly prefixes: Readonly<Record<string, string>>;
}

export function awsLocationPlan(model: ResolvedModel, location: string): AwsLocationPlan {
  const { backups } = model;
  // Rule location-exists: the backup location is an AWS location with a region.
  const region = model.index.locations.get(location)?.region ?? '';
  return {
    location,
    region,
    profile: BOOTSTRAP_AWS_PROFILE,
    tags: managedTags(location),
    backups: {
      bucket: backups.bucket,
      noncurrentVersionExpiryDays: backups.noncurrentVersionExpiryDays,
      transitionAfterDays: backups.transitionAfterDays,
      transitionStorageClass: backups.transitionStorageClass,
      objectLock: backups.objectLock,
    },
    state: { bucket: stateBucketName(location), noncurrentVersionExpiryDays: STATE_NONCURRENT_VERSION_DAYS },
    identities: backupIdentities(model),
    writers: backups.sources.map((s) => ({ source: s.name, identity: `writer-${identifier(s.name)}` })),
    prefixes: Object.fromEntries(backups.sources.map((s) => [s.name, s.prefix])),
  };
}
