/**
 * A least-privilege IAM identity on one bucket: an IAM user, its inline policy and one access key, whose id and secret
 * leave OpenTofu only as sensitive outputs (named after the secret catalogue, so `task secrets:sync` copies them into
 * the vault). Two shapes:
 * - `writer`: list, read, write and delete objects under ONE prefix — never other prefixes, never object versions,
 *   never the bucket's configuration. With versioning on, a leaked writer key cannot destroy history: a delete only adds
 *   a delete marker, and noncurrent versions live until the lifecycle expires them.
 * - `reader`: the restore identity — list and read every object and every version, write nothing.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from './core';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { BucketAccess } from '../naming/names';

/** The bucket an identity is granted on. */
export interface BucketRef {
  readonly arn: string;
}

export interface BucketIdentityProps {
  readonly bucket: BucketRef;
  readonly access: BucketAccess;
  /** IAM user name (naming/names.ts bucketIdentityName(…, 'identity')). */
  readonly userName: string;
  /** Inline policy name (bucketIdentityName(…, 'policy')). */
  readonly policyName: string;
  /** Writers only: the key prefix the identity owns, a folder ending with '/'. @default none (required for writers) */
  readonly prefix?: string;
  /** Output name of the access key id (a key of model/secrets.ts). */
  readonly accessKeyIdOutput: string;
  /** Output name of the secret access key (a key of model/secrets.ts). */
  readonly secretAccessKeyOutput: string;
  /** What the identity is for, in the user's tags and the outputs' descriptions. */
  readonly purpose: string;
  /** IAM path grouping the identities. @default '/homelab/' */
  readonly path?: string;
}

const WRITE_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
const READ_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
const READ_BUCKET_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketLocation', 's3:GetBucketVersioning'];

/** The policy statements of an identity: exactly what its access needs, on exactly its resources. */
export function bucketIdentityStatements(bucketArn: string, access: BucketAccess, prefix?: string): DataAwsIamPolicyDocumentStatement[] {
  if (access === 'reader') {
    return [
      { sid: 'ListEveryVersion', effect: 'Allow', actions: READ_BUCKET_ACTIONS, resources: [bucketArn] },
      { sid: 'ReadEveryObjectVersion', effect: 'Allow', actions: READ_OBJECT_ACTIONS, resources: [`${bucketArn}/*`] },
    ];
  }
  if (prefix === undefined || !/^[a-z0-9][a-z0-9-]*\/$/.test(prefix)) {
    throw new Error(`bucket identity: writer prefix "${prefix ?? ''}" must be a lowercase folder ending with '/' — give the backup source its own prefix, e.g. "truenas/"`);
  }
  return [
    { sid: 'LocateBucket', effect: 'Allow', actions: ['s3:GetBucketLocation'], resources: [bucketArn] },
    {
      sid: 'ListOwnPrefix',
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      condition: [{ test: 'StringLike', variable: 's3:prefix', values: [prefix, `${prefix}*`] }],
    },
    { sid: 'ReadWriteOwnPrefix', effect: 'Allow', actions: WRITE_OBJECT_ACTIONS, resources: [`${bucketArn}/${prefix}*`] },
  ];
}

export class BucketIdentity extends Construct {
  readonly user: IamUser;
  readonly accessKey: IamAccessKey;

  constructor(scope: Construct, id: string, props: BucketIdentityProps) {
    super(scope, id);
    this.user = new IamUser(this, 'user', {
      name: props.userName,
      path: props.path ?? '/homelab/',
      forceDestroy: false,
      tags: { Name: props.userName, access: props.access, purpose: props.purpose },
    });
    const document = new DataAwsIamPolicyDocument(this, 'document', {
      version: '2012-10-17',
      statement: bucketIdentityStatements(props.bucket.arn, props.access, props.prefix),
    });
    new IamUserPolicy(this, 'policy', { name: props.policyName, user: this.user.name, policy: document.json });
    this.accessKey = new IamAccessKey(this, 'key', { user: this.user.name });
    new TerraformOutput(this, 'access-key-id', {
      value: this.accessKey.id,
      sensitive: true,
      description: `${props.purpose}: access key id (task secrets:sync copies it into the vault)`,
    }).overrideLogicalId(props.accessKeyIdOutput);
    new TerraformOutput(this, 'secret-access-key', {
      value: this.accessKey.secret,
      sensitive: true,
      description: `${props.purpose}: secret access key (task secrets:sync copies it into the vault)`,
    }).overrideLogicalId(props.secretAccessKeyOutput);
  }
}
