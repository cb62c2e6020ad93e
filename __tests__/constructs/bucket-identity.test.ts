import '../helpers/cdktf-matchers';
import { Testing } from 'cdktf';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { BucketIdentity, bucketIdentityStatements, identityGrants, type BucketIdentityProps } from '../../constructs/bucket-identity';

const ARN = 'arn:aws:s3:::homelab-babylon-backups-storage';
const WRITER: BucketIdentityProps = {
  bucket: { arn: ARN },
  scope: { access: 'writer', prefix: 'truenas/', tool: 'restic' },
  userName: 'homelab-babylon-truenas-writer-identity',
  policyName: 'homelab-babylon-truenas-writer-policy',
  accessKeyIdOutput: 'backup_truenas_access_key_id',
  secretAccessKeyOutput: 'backup_truenas_secret_access_key',
  purpose: 'restic backups of truenas under truenas/',
};

function synth(props: BucketIdentityProps): {
  text: string;
  json: { output: Record<string, { sensitive?: boolean; value: string }>; data: { aws_iam_policy_document: Record<string, { statement: unknown[] }> } };
} {
  const text = Testing.synthScope((scope) => {
    new BucketIdentity(scope, 'id', props);
  });
  return { text, json: JSON.parse(text) };
}

describe('BucketIdentity', () => {
  it('is one IAM user with one inline policy and one access key', () => {
    const { text } = synth(WRITER);
    expect(text).toHaveResourceWithProperties(IamUser, { name: WRITER.userName, path: '/homelab/', force_destroy: false });
    expect(text).toHaveResourceWithProperties(IamUserPolicy, { name: WRITER.policyName });
    expect(text).toHaveResource(IamAccessKey);
  });

  it('hands its keys out only as sensitive outputs named after the secret catalogue', () => {
    const { json } = synth(WRITER);
    expect(Object.keys(json.output).sort()).toEqual(['backup_truenas_access_key_id', 'backup_truenas_secret_access_key']);
    for (const o of Object.values(json.output)) expect(o.sensitive).toBe(true);
    expect(json.output.backup_truenas_secret_access_key.value).toMatch(/^\$\{aws_iam_access_key\.[\w-]+\.secret\}$/);
  });

  it('writer: reads and writes its own prefix and nothing else', () => {
    const statements = bucketIdentityStatements(ARN, { access: 'writer', prefix: 'truenas/', tool: 'restic' });
    expect(statements).toEqual([
      { sid: 'LocateBucket', effect: 'Allow', actions: ['s3:GetBucketLocation'], resources: [ARN] },
      { sid: 'ListBucket', effect: 'Allow', actions: ['s3:ListBucket'], resources: [ARN] },
      {
        sid: 'ReadWriteOwnPrefix',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [`${ARN}/truenas/*`],
      },
      { sid: 'DeleteOwnToolFiles', effect: 'Allow', actions: ['s3:DeleteObject'], resources: [`${ARN}/truenas/locks/*`] },
    ]);
    const actions = statements.flatMap((s) => s.actions ?? []);
    expect(actions).not.toContain('s3:DeleteObjectVersion');
    expect(actions.some((a) => a.includes('*') || /Put(Bucket|Lifecycle|ObjectRetention)|Policy|Bypass/.test(a))).toBe(false);
  });

  it("restic writer holding DeleteObject on its backups: may delete only its lock files (pruning is the pruner's)", () => {
    const deletes = identityGrants(ARN, { access: 'writer', prefix: 'truenas/', tool: 'restic' }).filter((g) => g.actions.includes('s3:DeleteObject'));
    expect(deletes.flatMap((g) => g.resources)).toEqual([`${ARN}/truenas/locks/*`]);
  });

  it('kopia bucket check denied by an s3:prefix condition: ListBucket is granted on the bucket without one', () => {
    for (const tool of ['restic', 'velero'] as const) {
      const list = identityGrants(ARN, { access: 'writer', prefix: 'velero/', tool }).filter((g) => g.actions.includes('s3:ListBucket'));
      expect(list).toEqual([{ sid: 'ListBucket', actions: ['s3:ListBucket'], resources: [ARN] }]);
    }
  });

  it('pruner: reads, writes and deletes under the restic prefixes only', () => {
    const grants = identityGrants(ARN, { access: 'pruner', prefixes: ['truenas/'] });
    expect(grants.find((g) => g.sid === 'PruneResticPrefixes')).toEqual({
      sid: 'PruneResticPrefixes',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: [`${ARN}/truenas/*`],
    });
    expect(grants.flatMap((g) => g.actions).some((a) => /Version|Retention|Bypass|Bucket(Policy|Lifecycle)/.test(a))).toBe(false);
    expect(() => identityGrants(ARN, { access: 'pruner', prefixes: [] })).toThrow(
      /a prune identity is asked for with no restic prefix to prune — rule: construct-props/,
    );
  });

  it('state backend identity with access to backups: only the state objects and their lock files', () => {
    const grants = identityGrants(ARN, { access: 'backend', stateKeys: ['stacks/edge/terraform.tfstate'] });
    expect(grants.flatMap((g) => g.resources).sort()).toEqual(
      [ARN, `${ARN}/stacks/edge/terraform.tfstate`, `${ARN}/stacks/edge/terraform.tfstate.tflock`].sort(),
    );
    const deletes = grants.filter((g) => g.actions.includes('s3:DeleteObject')).flatMap((g) => g.resources);
    expect(deletes).toEqual([`${ARN}/stacks/edge/terraform.tfstate.tflock`]);
  });

  it('reader: reads every object and version, writes nothing', () => {
    const statements = bucketIdentityStatements(ARN, { access: 'reader' });
    const actions = statements.flatMap((s) => s.actions ?? []);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions']));
    expect(actions.filter((a) => /Put|Delete|Abort/.test(a))).toEqual([]);
    expect(statements.flatMap((s) => s.resources ?? [])).toEqual([ARN, `${ARN}/*`]);
  });

  it('puts the statements into the policy document the inline policy uses', () => {
    const { json, text } = synth({ ...WRITER, scope: { access: 'reader' } });
    const [doc] = Object.values(json.data.aws_iam_policy_document);
    expect(doc.statement).toEqual(
      bucketIdentityStatements(ARN, { access: 'reader' }).map((s) => ({ sid: s.sid, effect: s.effect, actions: s.actions, resources: s.resources })),
    );
    expect(text).toHaveResourceWithProperties(IamUser, { tags: { Name: WRITER.userName, access: 'reader', purpose: WRITER.purpose } });
  });

  it('rejects a writer without a folder prefix, saying how to fix it', () => {
    expect(() => bucketIdentityStatements(ARN, { access: 'writer', prefix: '', tool: 'restic' })).toThrow(
      /writer identity's bucket prefix "" is not a lowercase folder ending with '\/' — rule: backup-sources — fix: .*e\.g\. "truenas\/"/,
    );
    expect(() => synth({ ...WRITER, scope: { access: 'writer', prefix: 'truenas', tool: 'restic' } })).toThrow(/writer identity's bucket prefix "truenas"/);
  });
});
