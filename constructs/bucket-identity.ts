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
 * The grants are plain data (`identityGrants`, model/cloud-identities.ts), so the rule deploy-security-credential-scope
 * checks the very statements the stack deploys.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from './core';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { BucketAccess } from '../naming/names';
import { identityGrants, type IdentityScope, type IdentitySpec } from '../model/cloud-identities';

export { identityGrants, type Grant, type IdentityScope, type IdentitySpec } from '../model/cloud-identities';

/** The bucket an identity is granted on. */
export interface BucketRef {
  readonly arn: string;
}

export interface BucketIdentityProps extends IdentitySpec {
  readonly bucket: BucketRef;
  /** IAM path grouping the identities. @default '/homelab/' */
  readonly path?: string;
}

/** The grants as policy statements. */
export function bucketIdentityStatements(bucketArn: string, scope: IdentityScope): DataAwsIamPolicyDocumentStatement[] {
  return identityGrants(bucketArn, scope).map((g) => ({
    sid: g.sid,
    effect: 'Allow',
    actions: [...g.actions],
    resources: [...g.resources],
    ...(g.condition !== undefined ? { condition: g.condition.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) } : {}),
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
