/**
 * An S3 bucket the way babylon keeps data: versioned, encrypted at rest, every kind of public access blocked, owner-
 * enforced object ownership, a TLS-only (≥ 1.2) bucket policy, a lifecycle for old versions, and `prevent_destroy`.
 * Optionally S3 Object Lock with a default retention (the backup bucket): the bucket is created with Object Lock on
 * (S3 cannot switch it on later through this provider without a replacement) and noncurrent versions are kept at least
 * as long as the lock. Access is granted through intent methods (`grantPrefixWriter`, `grantReader`, `grantPruner`,
 * `grantStateBackend`), each a least-privilege identity.
 */
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { BucketIdentity, type BucketIdentityProps } from './bucket-identity';
import type { BackupTool, ObjectLockSpec } from '../model/types';
import { MIN_OBJECT_LOCK_DAYS } from '../model/cloud-identities';

/** Requests over TLS older than this are denied by the bucket policy. */
const MIN_TLS_VERSION = '1.2';
const ABORT_MULTIPART_AFTER_DAYS = 7;
/** S3 refuses a transition to an infrequent-access class earlier than this. */
const MIN_TRANSITION_DAYS = 30;

export type ArchiveStorageClass = 'STANDARD_IA' | 'GLACIER_IR' | 'DEEP_ARCHIVE';

export interface HardenedBucketProps {
  /** Bucket name (naming rule `cloud-resource`). */
  readonly bucketName: string;
  /** Noncurrent versions are deleted after this many days. */
  readonly noncurrentVersionExpiryDays: number;
  /** Current objects move to a cheaper class after this many days. @default no transition */
  readonly transitionAfterDays?: number;
  /** @default 'STANDARD_IA' */
  readonly transitionStorageClass?: ArchiveStorageClass;
  /** Tags put on the bucket. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** Object Lock default retention for every new object version. @default none (no Object Lock) */
  readonly objectLock?: ObjectLockSpec;
}

type IdentityProps = Omit<BucketIdentityProps, 'bucket' | 'scope'>;

export class HardenedBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: HardenedBucketProps) {
    super(scope, id);
    if (props.transitionAfterDays !== undefined && props.transitionAfterDays < MIN_TRANSITION_DAYS) {
      fail(
        'backups/transitionAfterDays',
        'shape-range',
        `${props.transitionAfterDays} is below ${MIN_TRANSITION_DAYS}: S3 rejects earlier transitions to an infrequent-access class (bucket ${props.bucketName})`,
        `raise it to ${MIN_TRANSITION_DAYS} or more`,
      );
    }
    if (props.noncurrentVersionExpiryDays < 1) {
      fail(
        'backups/noncurrentVersionExpiryDays',
        'shape-range',
        `${props.noncurrentVersionExpiryDays} is below 1 (bucket ${props.bucketName})`,
        'keep old versions for a while, e.g. 90',
      );
    }
    const lock = props.objectLock;
    if (lock !== undefined && lock.days < MIN_OBJECT_LOCK_DAYS) {
      fail(
        'backups/objectLock',
        'deploy-security-backup-object-lock',
        `Object Lock retention ${lock.days} days is below ${MIN_OBJECT_LOCK_DAYS} (bucket ${props.bucketName})`,
        `raise objectLock.days to ${MIN_OBJECT_LOCK_DAYS} or more`,
      );
    }
    if (lock !== undefined && props.noncurrentVersionExpiryDays < lock.days) {
      fail(
        'backups',
        'deploy-security-backup-object-lock',
        `noncurrent versions of ${props.bucketName} expire after ${props.noncurrentVersionExpiryDays} days, before the ${lock.days}-day Object Lock ends`,
        `keep them at least ${lock.days} days`,
      );
    }
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      tags: { ...props.tags, Name: props.bucketName },
      lifecycle: { preventDestroy: true },
      ...(lock !== undefined ? { objectLockEnabled: true } : {}),
    });
    const bucket = this.bucket.id;
    const versioning = new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    if (lock !== undefined) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        bucket,
        rule: { defaultRetention: { mode: lock.mode, days: lock.days } },
        dependsOn: [versioning],
      });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const tlsOnly = new DataAwsIamPolicyDocument(this, 'tls-only-document', {
      version: '2012-10-17',
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        {
          sid: 'DenyOutdatedTls',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: 'NumericLessThan', variable: 's3:TlsVersion', values: [MIN_TLS_VERSION] }],
        },
      ],
    });
    new S3BucketPolicy(this, 'tls-only', { bucket, policy: tlsOnly.json, dependsOn: [publicAccess] });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpiryDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_AFTER_DAYS }],
          expiration: [{ expiredObjectDeleteMarker: true }],
          ...(props.transitionAfterDays !== undefined
            ? { transition: [{ days: props.transitionAfterDays, storageClass: props.transitionStorageClass ?? 'STANDARD_IA' }] }
            : {}),
        },
      ],
    });
  }

  /** An identity of the given scope on this bucket (the intent methods below name the usual ones). */
  grant(id: string, props: Omit<BucketIdentityProps, 'bucket'>): BucketIdentity {
    return new BucketIdentity(this, id, { ...props, bucket: this });
  }

  /** A writer identity that owns `prefix` and nothing else (one per backup source). */
  grantPrefixWriter(id: string, props: IdentityProps & { readonly prefix: string; readonly tool: BackupTool }): BucketIdentity {
    const { prefix, tool, ...rest } = props;
    return new BucketIdentity(this, id, { ...rest, bucket: this, scope: { access: 'writer', prefix, tool } });
  }

  /** A read-only identity over every object and version (the restore identity). */
  grantReader(id: string, props: IdentityProps): BucketIdentity {
    return new BucketIdentity(this, id, { ...props, bucket: this, scope: { access: 'reader' } });
  }

  /** The identity that prunes the restic repositories under `prefixes` (held by a person, not a homelab host). */
  grantPruner(id: string, props: IdentityProps & { readonly prefixes: readonly string[] }): BucketIdentity {
    const { prefixes, ...rest } = props;
    return new BucketIdentity(this, id, { ...rest, bucket: this, scope: { access: 'pruner', prefixes } });
  }

  /** The OpenTofu S3 backend identity: the given state objects and their lock files. */
  grantStateBackend(id: string, props: IdentityProps & { readonly stateKeys: readonly string[] }): BucketIdentity {
    const { stateKeys, ...rest } = props;
    return new BucketIdentity(this, id, { ...rest, bucket: this, scope: { access: 'backend', stateKeys } });
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }
}
