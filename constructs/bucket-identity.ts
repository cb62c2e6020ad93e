/**
 * A least-privilege IAM identity on one bucket: an IAM user, its inline policy and one access key, whose id and secret
 * leave OpenTofu only as sensitive outputs (named after the secret catalogue, so `task secrets:sync` copies them into
 * the vault). Four shapes (`IdentityScope`):
 * - `writer`: one backup source. Reads and writes objects under ONE prefix; never deletes (restic may only remove its
 *   own lock files; Velero deletes under its prefix, see TOOL_DELETES), never touches versions, retention or the
 *   bucket's configuration. With Object Lock on, nothing a writer holds can destroy a locked version.
 * - `reader`: the restore identity — list and read every object and every version, write nothing.
 * - `pruner`: restic `forget --prune` over the restic prefixes, held by a person, never by a homelab host.
 * - `backend`: the OpenTofu S3 backend of every stack — the state objects and their lock files, nothing else.
 * The grants are plain data (`identityGrants`), so the rule deploy-security-credential-scope checks the very
 * statements the stack deploys.
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
import type { BackupTool } from '../model/types';

/** The bucket an identity is granted on. */
export interface BucketRef {
  readonly arn: string;
}

/** What an identity may reach. */
export type IdentityScope =
  | { readonly access: 'writer'; readonly prefix: string; readonly tool: BackupTool }
  | { readonly access: 'reader' }
  | { readonly access: 'pruner'; readonly prefixes: readonly string[] }
  | { readonly access: 'backend'; readonly stateKeys: readonly string[] };

export interface BucketIdentityProps {
  readonly bucket: BucketRef;
  readonly scope: IdentityScope;
  /** IAM user name (naming/names.ts bucketIdentityName(…, 'identity')). */
  readonly userName: string;
  /** Inline policy name (bucketIdentityName(…, 'policy')). */
  readonly policyName: string;
  /** Output name of the access key id (a key of model/secrets.ts). */
  readonly accessKeyIdOutput: string;
  /** Output name of the secret access key (a key of model/secrets.ts). */
  readonly secretAccessKeyOutput: string;
  /** What the identity is for, in the user's tags and the outputs' descriptions. */
  readonly purpose: string;
  /** IAM path grouping the identities. @default '/homelab/' */
  readonly path?: string;
}

/** One Allow statement, with the reason when it reaches more than a prefix (rule deploy-security-credential-scope). */
export interface Grant {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: DataAwsIamPolicyDocumentStatement['condition'];
  /** Why a resource covers a whole bucket's objects (or an action is a wildcard). @default none (not allowed) */
  readonly wildcardReason?: string;
}

const WRITE_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
const READ_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
const READ_BUCKET_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketLocation', 's3:GetBucketVersioning'];

/**
 * What each backup tool must delete under its own prefix. Under Object Lock a DeleteObject without a version id only
 * adds a delete marker: the locked version stays (and the lifecycle keeps noncurrent versions at least as long).
 */
export const TOOL_DELETES: Readonly<Record<BackupTool, { readonly paths: readonly string[]; readonly reason: string }>> = {
  // restic creates locks/<id> for every run and removes it at the end; everything else is deleted by the pruner.
  restic: { paths: ['locks/'], reason: 'restic removes its own lock file at the end of every run; pruning is the prune identity\'s job' },
  // Velero's garbage collection of expired backups and kopia's repository maintenance run inside the cluster.
  velero: { paths: [''], reason: 'Velero deletes expired backups and kopia maintains its repository from inside the cluster; under Object Lock a delete is only a marker' },
};

/** Why ListBucket carries no s3:prefix condition (quoted in docs/SECURITY.md). */
export const LIST_BUCKET_REASON = 'ListBucket is bucket-level: HeadBucket (the bucket check of kopia and restic) sends no s3:prefix, so a prefix condition breaks them; object names are content hashes';

function folder(prefix: string, what: string): string {
  if (!/^[a-z0-9][a-z0-9-]*\/$/.test(prefix)) {
    throw new Error(`bucket identity: ${what} prefix "${prefix}" must be a lowercase folder ending with '/' — give the backup source its own prefix, e.g. "truenas/"`);
  }
  return prefix;
}

/** The grants of an identity: exactly what its job needs, on exactly its resources. */
export function identityGrants(bucketArn: string, scope: IdentityScope): Grant[] {
  const locate: Grant = { sid: 'LocateBucket', actions: ['s3:GetBucketLocation'], resources: [bucketArn] };
  const list: Grant = { sid: 'ListBucket', actions: ['s3:ListBucket'], resources: [bucketArn] };
  switch (scope.access) {
    case 'reader':
      return [
        { sid: 'ListEveryVersion', actions: READ_BUCKET_ACTIONS, resources: [bucketArn] },
        { sid: 'ReadEveryObjectVersion', actions: READ_OBJECT_ACTIONS, resources: [`${bucketArn}/*`], wildcardReason: 'the restore identity reads every backup (docs/RESTORE.md); it writes nothing' },
      ];
    case 'writer': {
      const prefix = folder(scope.prefix, 'writer');
      const deletes = TOOL_DELETES[scope.tool];
      return [
        locate,
        list,
        { sid: 'ReadWriteOwnPrefix', actions: WRITE_OBJECT_ACTIONS, resources: [`${bucketArn}/${prefix}*`] },
        { sid: 'DeleteOwnToolFiles', actions: ['s3:DeleteObject'], resources: deletes.paths.map((p) => `${bucketArn}/${prefix}${p}*`) },
      ];
    }
    case 'pruner': {
      if (scope.prefixes.length === 0) throw new Error('bucket identity: a pruner needs at least one restic prefix — drop it when no source uses restic');
      const prefixes = scope.prefixes.map((p) => folder(p, 'pruner'));
      return [locate, list, { sid: 'PruneResticPrefixes', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: prefixes.map((p) => `${bucketArn}/${p}*`) }];
    }
    case 'backend':
      return [
        list,
        { sid: 'ReadWriteState', actions: ['s3:GetObject', 's3:PutObject'], resources: scope.stateKeys.map((k) => `${bucketArn}/${k}`) },
        { sid: 'LockState', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: scope.stateKeys.map((k) => `${bucketArn}/${k}.tflock`) },
      ];
  }
}

/** The grants as policy statements. */
export function bucketIdentityStatements(bucketArn: string, scope: IdentityScope): DataAwsIamPolicyDocumentStatement[] {
  return identityGrants(bucketArn, scope).map((g) => ({
    sid: g.sid,
    effect: 'Allow',
    actions: [...g.actions],
    resources: [...g.resources],
    ...(g.condition !== undefined ? { condition: g.condition } : {}),
  }));
}

export class BucketIdentity extends Construct {
  readonly user: IamUser;
  readonly accessKey: IamAccessKey;

  constructor(scope: Construct, id: string, props: BucketIdentityProps) {
    super(scope, id);
    const access: BucketAccess = props.scope.access;
    this.user = new IamUser(this, 'user', {
      name: props.userName,
      path: props.path ?? '/homelab/',
      forceDestroy: false,
      tags: { Name: props.userName, access, purpose: props.purpose },
    });
    const document = new DataAwsIamPolicyDocument(this, 'document', {
      version: '2012-10-17',
      statement: bucketIdentityStatements(props.bucket.arn, props.scope),
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
