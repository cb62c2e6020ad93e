/**
 * An S3 bucket the way babylon keeps data: versioned, encrypted at rest, every kind of public access blocked, owner-
 * enforced object ownership, a TLS-only bucket policy, a lifecycle for old versions, and `prevent_destroy`.
 */
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';

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
}

export class HardenedBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: HardenedBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      tags: { ...props.tags, Name: props.bucketName },
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
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
    new S3BucketPolicy(this, 'tls-only', {
      bucket,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
      dependsOn: [publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpiryDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          ...(props.transitionAfterDays !== undefined
            ? { transition: [{ days: props.transitionAfterDays, storageClass: props.transitionStorageClass ?? 'STANDARD_IA' }] }
            : {}),
        },
      ],
    });
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }
}
