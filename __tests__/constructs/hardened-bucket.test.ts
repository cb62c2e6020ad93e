import '../helpers/cdktf-matchers';
import { Testing } from 'cdktf';
import type { TfJson } from '../helpers/stacks';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { HardenedBucket, type HardenedBucketProps } from '../../constructs/hardened-bucket';

const BASE: HardenedBucketProps = {
  bucketName: 'homelab-babylon-backups-storage',
  noncurrentVersionExpiryDays: 90,
  transitionAfterDays: 30,
  transitionStorageClass: 'STANDARD_IA',
};

function synth(props: HardenedBucketProps = BASE, extra?: (b: HardenedBucket) => void): string {
  return Testing.synthScope((scope) => {
    const b = new HardenedBucket(scope, 'backups', props);
    extra?.(b);
  });
}

describe('HardenedBucket', () => {
  const out = synth();

  it('names the bucket and refuses to be destroyed', () => {
    expect(out).toHaveResourceWithProperties(S3Bucket, { bucket: 'homelab-babylon-backups-storage', lifecycle: { prevent_destroy: true } });
  });

  it('versions and encrypts every object', () => {
    expect(out).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' }, bucket_key_enabled: true }],
    });
  });

  it('blocks every kind of public access and disables ACLs', () => {
    expect(out).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(out).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  it('denies plain HTTP and TLS older than 1.2 for everyone', () => {
    expect(out).toHaveDataSource(DataAwsIamPolicyDocument);
    const json = JSON.parse(out) as { data: { aws_iam_policy_document: Record<string, unknown> } };
    expect(Object.values(json.data.aws_iam_policy_document)[0]).toMatchObject({
      statement: [
        { sid: 'DenyInsecureTransport', effect: 'Deny', actions: ['s3:*'], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] },
        { sid: 'DenyOutdatedTls', effect: 'Deny', actions: ['s3:*'], condition: [{ test: 'NumericLessThan', variable: 's3:TlsVersion', values: ['1.2'] }] },
      ],
    });
    expect(out).toHaveResource(S3BucketPolicy);
    const policies = JSON.parse(out) as { resource: { aws_s3_bucket_policy: Record<string, { policy: string }> } };
    expect(Object.values(policies.resource.aws_s3_bucket_policy)[0].policy).toMatch(
      /^\$\{data\.aws_iam_policy_document\.backups_tls-only-document_[0-9A-F]+\.json\}$/,
    );
  });

  it('expires old versions and moves objects to the cheaper class', () => {
    expect(out).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        {
          id: 'expire-noncurrent-versions',
          filter: [{ prefix: '' }],
          status: 'Enabled',
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          transition: [{ days: 30, storage_class: 'STANDARD_IA' }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          expiration: [{ expired_object_delete_marker: true }],
        },
      ],
    });
  });

  it('has no transition when none is asked for', () => {
    const json = JSON.parse(synth({ bucketName: 'homelab-babylon-tfstate-storage', noncurrentVersionExpiryDays: 365 })) as {
      resource: { aws_s3_bucket_lifecycle_configuration: Record<string, { rule: Record<string, unknown>[] }> };
    };
    const [lifecycle] = Object.values(json.resource.aws_s3_bucket_lifecycle_configuration);
    expect(lifecycle.rule[0].transition).toBeUndefined();
    expect(lifecycle.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
  });

  it('grants through intent methods, one IAM user each', () => {
    const granted = synth(BASE, (b) => {
      b.grantPrefixWriter('writer', {
        prefix: 'truenas/',
        tool: 'restic',
        userName: 'homelab-babylon-truenas-writer-identity',
        policyName: 'p',
        accessKeyIdOutput: 'a',
        secretAccessKeyOutput: 's',
        purpose: 'x',
      });
      b.grantReader('reader', {
        userName: 'homelab-babylon-restore-reader-identity',
        policyName: 'q',
        accessKeyIdOutput: 'c',
        secretAccessKeyOutput: 'd',
        purpose: 'y',
      });
    });
    expect(granted).toHaveResourceWithProperties(IamUser, {
      name: 'homelab-babylon-truenas-writer-identity',
      tags: { Name: 'homelab-babylon-truenas-writer-identity', access: 'writer', purpose: 'x' },
    });
    expect(granted).toHaveResourceWithProperties(IamUser, {
      name: 'homelab-babylon-restore-reader-identity',
      tags: { Name: 'homelab-babylon-restore-reader-identity', access: 'reader', purpose: 'y' },
    });
  });

  it('rejects a transition S3 would refuse, naming the bucket and the fix', () => {
    expect(() => synth({ ...BASE, transitionAfterDays: 7 })).toThrow(
      /\[backups\/transitionAfterDays\] 7 is below 30: .*\(bucket homelab-babylon-backups-storage\) — rule: shape-range — fix: raise it/,
    );
  });

  describe('Object Lock (backups survive a compromised homelab)', () => {
    const locked = synth({ ...BASE, objectLock: { mode: 'GOVERNANCE', days: 30 } });

    it('backup bucket without Object Lock: creates the bucket with Object Lock on and a default retention', () => {
      expect(locked).toHaveResourceWithProperties(S3Bucket, { bucket: 'homelab-babylon-backups-storage', object_lock_enabled: true });
      expect(locked).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, { rule: { default_retention: { mode: 'GOVERNANCE', days: 30 } } });
    });

    it('leaves a bucket without objectLock unlocked (the state bucket)', () => {
      expect(out).not.toHaveResource(S3BucketObjectLockConfigurationA);
      expect(JSON.stringify((JSON.parse(out) as TfJson).resource.aws_s3_bucket)).not.toContain('object_lock_enabled');
    });

    it('rejects a retention shorter than 30 days', () => {
      expect(() => synth({ ...BASE, objectLock: { mode: 'COMPLIANCE', days: 7 } })).toThrow(
        /Object Lock retention 7 days is below 30 .* raise objectLock\.days/,
      );
    });

    it('noncurrent versions expiring before the lock ends: rejected', () => {
      expect(() => synth({ ...BASE, noncurrentVersionExpiryDays: 40, objectLock: { mode: 'GOVERNANCE', days: 60 } })).toThrow(
        /noncurrent versions of .* expire after 40 days, before the 60-day Object Lock ends — rule: deploy-security-backup-object-lock/,
      );
    });
  });

  it('rejects keeping no old versions', () => {
    expect(() => synth({ ...BASE, noncurrentVersionExpiryDays: 0 })).toThrow(/\[backups\/noncurrentVersionExpiryDays\] 0 is below 1 .* — rule: shape-range/);
  });
});
