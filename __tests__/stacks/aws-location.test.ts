/** The AWS location stack (the location holding the backups), rendered from fixture models. */
import '../helpers/cdktf-matchers';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { fixture, fixtureModel, withMediaShare, withOciBastion, type Draft } from '../fixtures/models';
import { resolveModel } from '../../model/resolved';
import { secretCatalogue } from '../../model/secrets';
import type { Homelab } from '../../model/types';
import { resourcesOf, synthStack } from '../helpers/stacks';

/** The base plus a restic source on the host, backing up its media share (a second writer and the prune identity). */
function withResticSource(): Draft {
  const d = fixture(withOciBastion, withMediaShare);
  d.backups.sources.push({ name: 'nas', from: { host: 'home-alpha' }, prefix: 'nas/', tool: 'restic', schedule: '0 3 * * *' });
  return d;
}

describe('AWS location stack', () => {
  const model = withResticSource() as Homelab;
  const { text, json } = synthStack(model, 'vault');

  it("talks to AWS with the person's bootstrap profile in the location's region, no key variable", () => {
    expect(text).toHaveProviderWithProperties(AwsProvider, { region: 'eu-west-1', profile: 'homelab-bootstrap' });
    const [provider] = json.provider?.aws ?? [];
    expect(Object.keys(provider).filter((k) => /key|token/.test(k))).toEqual([]);
    expect(Object.keys(json.variable ?? {}).filter((v) => v.startsWith('aws_'))).toEqual([]);
  });

  it("locks the backups bucket (the model's mode and days), not the state bucket; both protected from destroy", () => {
    expect(text).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'homelab-vault-backups-storage',
      object_lock_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket: 'homelab-vault-tfstate-storage', lifecycle: { prevent_destroy: true } });
    const locks = resourcesOf(json, 'aws_s3_bucket_object_lock_configuration');
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({
      bucket: expect.stringContaining('aws_s3_bucket.backups_bucket'),
      rule: { default_retention: { mode: 'GOVERNANCE', days: 30 } },
    });
  });

  it('limits the state-backend identity to the state objects and lock files of every stack of the layout', () => {
    const docs = json.data?.aws_iam_policy_document ?? {};
    const [backendDoc] = Object.entries(docs)
      .filter(([id]) => id.startsWith('state_state-backend'))
      .map(([, d]) => d as { statement: { resources: string[] }[] });
    const resources = backendDoc.statement.flatMap((st) => st.resources.map((r) => r.replace(/^\$\{aws_s3_bucket\.state_bucket_\w+\.arn\}/, 'STATE')));
    const stacks = resolveModel(model).stacks.map((s) => s.name);
    expect(stacks).toEqual(['home', 'vault', 'tower', 'edge']);
    expect(resources.filter((r) => r !== 'STATE').sort()).toEqual(
      stacks.flatMap((st) => [`STATE/stacks/${st}/terraform.tfstate`, `STATE/stacks/${st}/terraform.tfstate.tflock`]).sort(),
    );
    expect(JSON.stringify(backendDoc)).not.toContain('backups_bucket');
  });

  it('stores its own state in the state bucket it creates', () => {
    expect(json.terraform.backend).toEqual({
      s3: { bucket: 'homelab-vault-tfstate-storage', key: 'stacks/vault/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });

  it('has one writer per backup source, one restore reader, the pruner (restic) and the backend identity', () => {
    expect(
      resourcesOf(json, 'aws_iam_user')
        .map((u) => u.name)
        .sort(),
    ).toEqual([
      'homelab-vault-backups-pruner-identity',
      'homelab-vault-cluster-writer-identity',
      'homelab-vault-nas-writer-identity',
      'homelab-vault-restore-reader-identity',
      'homelab-vault-tfstate-backend-identity',
    ]);
    expect(text).toHaveResourceWithProperties(IamUser, {
      name: 'homelab-vault-nas-writer-identity',
      tags: { Name: 'homelab-vault-nas-writer-identity', access: 'writer', purpose: 'restic backups of nas under nas/' },
    });
    const docs = Object.values(json.data?.aws_iam_policy_document ?? {}) as { statement: { sid: string; resources: string[] }[] }[];
    const writes = docs.flatMap((d) => d.statement.filter((s) => s.sid === 'ReadWriteOwnPrefix').map((s) => s.resources[0]));
    expect(writes.map((r) => r.replace(/^.*\.arn\}/, '')).sort()).toEqual(['/nas/*', '/velero/*']);
  });

  it('has no pruner when no source uses restic', () => {
    const users = resourcesOf(synthStack(fixtureModel(), 'vault').json, 'aws_iam_user').map((u) => u.name);
    expect(users).not.toContain('homelab-vault-backups-pruner-identity');
  });

  it('outputs every key the catalogue expects from it, sensitive, and the names in plain', () => {
    const expected = secretCatalogue(model)
      .filter((k) => k.consumers.includes('tofu-output') && k.tofuStacks?.includes('vault'))
      .map((k) => k.name);
    expect(expected.length).toBeGreaterThan(0);
    for (const name of expected) expect(json.output?.[name]).toMatchObject({ sensitive: true });
    expect(json.output?.backup_prefixes.value).toEqual({ cluster: 'velero/', nas: 'nas/' });
    expect(json.output?.backup_bucket.sensitive).toBeUndefined();
  });
});
