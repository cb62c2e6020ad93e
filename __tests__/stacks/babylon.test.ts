import '../helpers/cdktf-matchers';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BabylonStack } from '../../stacks/babylon';
import { homelab } from '../../homelab';
import { secretCatalogue } from '../../model/secrets';
import { changedModel, resourcesOf, synthStack } from '../helpers/cloud';

describe('babylon stack', () => {
  const { text, json } = synthStack(BabylonStack, 'babylon');

  it('matches its snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('vault AWS key creating IAM users: babylon talks to AWS with the person\'s bootstrap profile, no key variable', () => {
    expect(text).toHaveProviderWithProperties(AwsProvider, { region: 'eu-central-1', profile: 'homelab-bootstrap' });
    const [provider] = (json as unknown as { provider: { aws: Array<Record<string, unknown>> } }).provider.aws;
    expect(Object.keys(provider).filter((k) => /key|token/.test(k))).toEqual([]);
    expect(Object.keys(json.variable ?? {}).filter((v) => v.startsWith('aws_'))).toEqual([]);
  });

  it('backups bucket without Object Lock: the backups bucket is locked (governance, 30 days), the state bucket is not', () => {
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket: 'homelab-babylon-backups-storage', object_lock_enabled: true });
    const locks = resourcesOf(json, 'aws_s3_bucket_object_lock_configuration');
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ bucket: expect.stringContaining('aws_s3_bucket.backups_bucket'), rule: { default_retention: { mode: 'GOVERNANCE', days: 30 } } });
  });

  it('state identity reaching backups: the backend identity is limited to the state objects and lock files of the four stacks', () => {
    const docs = json.data?.aws_iam_policy_document ?? {};
    const [backendDoc] = Object.entries(docs).filter(([id]) => id.startsWith('state_state-backend')).map(([, d]) => d as { statement: Array<{ sid: string; resources: string[] }> });
    const resources = backendDoc.statement.flatMap((st) => st.resources.map((r) => r.replace(/^\$\{aws_s3_bucket\.state_bucket_\w+\.arn\}/, 'STATE')));
    expect(resources.filter((r) => r !== 'STATE').sort()).toEqual(
      ['asgard', 'babylon', 'coruscant', 'edge'].flatMap((st) => [`STATE/stacks/${st}/terraform.tfstate`, `STATE/stacks/${st}/terraform.tfstate.tflock`]).sort(),
    );
    expect(JSON.stringify(backendDoc)).not.toContain('backups_bucket');
  });

  it('keeps the backup bucket and the state bucket, both protected from destroy', () => {
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket: 'homelab-babylon-backups-storage', lifecycle: { prevent_destroy: true } });
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket: 'homelab-babylon-tfstate-storage', lifecycle: { prevent_destroy: true } });
  });

  it('stores its own state in the state bucket it creates (after the bootstrap of docs/STATE.md)', () => {
    expect(json.terraform.backend).toEqual({ s3: { bucket: 'homelab-babylon-tfstate-storage', key: 'stacks/babylon/terraform.tfstate', region: 'eu-central-1', encrypt: true, use_lockfile: true } });
  });

  it('has one writer per backup source and one restore reader', () => {
    const users = resourcesOf(json, 'aws_iam_user').map((u) => u.name).sort();
    expect(users).toEqual([
      'homelab-babylon-backups-pruner-identity',
      'homelab-babylon-cluster-writer-identity',
      'homelab-babylon-restore-reader-identity',
      'homelab-babylon-tfstate-backend-identity',
      'homelab-babylon-truenas-writer-identity',
    ]);
    expect(text).toHaveResourceWithProperties(IamUser, {
      name: 'homelab-babylon-cluster-writer-identity',
      tags: { Name: 'homelab-babylon-cluster-writer-identity', access: 'writer', purpose: 'velero backups of cluster under velero/' },
    });
  });

  it('limits each writer to its own prefix', () => {
    const docs = Object.values(json.data?.aws_iam_policy_document ?? {}) as Array<{ statement: Array<{ sid: string; resources: string[] }> }>;
    const writes = docs.flatMap((d) => d.statement.filter((s) => s.sid === 'ReadWriteOwnPrefix').map((s) => s.resources[0]));
    expect(writes.map((r) => r.replace(/^.*\.arn\}/, '')).sort()).toEqual(['/truenas/*', '/velero/*']);
  });

  it('outputs every key the catalogue expects from it, sensitive, and the names in plain', () => {
    const expected = secretCatalogue(homelab).filter((k) => k.consumers.includes('tofu-output') && k.tofuStacks?.includes('babylon')).map((k) => k.name);
    expect(expected).toHaveLength(10);
    for (const name of expected) expect(json.output?.[name]).toMatchObject({ sensitive: true });
    expect(json.output?.backup_bucket).toEqual(expect.objectContaining({ value: '${aws_s3_bucket.backups_bucket_5DB31D01.bucket}' }));
    expect(json.output?.backup_prefixes?.value).toEqual({ truenas: 'truenas/', cluster: 'velero/' });
    expect(json.output?.backup_bucket?.sensitive).toBeUndefined();
  });

  it('adds a writer, its keys and outputs when a backup source is added to the model', () => {
    const model = changedModel((m) => {
      m.backups.sources.push({ name: 'workbench', from: { host: 'asgard-godzilla' }, prefix: 'workbench/', tool: 'restic', schedule: '0 4 * * *' });
    });
    const grown = synthStack(BabylonStack, 'babylon', model);
    expect(grown.text).toHaveResourceWithProperties(IamUser, {
      name: 'homelab-babylon-workbench-writer-identity',
      tags: { Name: 'homelab-babylon-workbench-writer-identity', access: 'writer', purpose: 'restic backups of workbench under workbench/' },
    });
    expect(grown.json.output?.backup_workbench_secret_access_key).toMatchObject({ sensitive: true });
  });

  it('refuses a backup location without a region, naming it and the fix', () => {
    const model = changedModel((m) => {
      const b = m.locations.find((l) => l.name === 'babylon');
      if (b) delete b.region;
    });
    expect(() => synthStack(BabylonStack, 'babylon', model)).toThrow(/\[locations\/babylon\] the backups live here, but it is not a cloud location with a region — rule: location-exists — fix: set region/);
  });
});
