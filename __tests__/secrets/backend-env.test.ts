import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { exampleValues } from '../../secrets/example';
import { backendEnvLines, pruneEnvLines } from '../../secrets/cli';
import { backendEnvironment, secretCatalogue, secretNames, tofuVariablesFor } from '../../model/secrets';
import { bootstrapStack } from '../../model/stacks';
import { BACKUP_LOCATION, fixtureModel, withOciBastion } from '../fixtures/models';

/** A fixture with an OCI bastion (a third stack) and a restic backup source: the Proxmox host's own files. */
const homelab = fixtureModel(withOciBastion, (m) => {
  m.backups.sources.push({ name: 'alpha', from: { host: 'home-alpha' }, prefix: 'alpha/', tool: 'restic', schedule: '0 3 * * *' });
  return m;
});
const stacks = [...new Set(secretCatalogue(homelab).flatMap((k) => k.tofuStacks ?? []))];
const BOOTSTRAP_STACK = bootstrapStack(homelab);
const otherStack = stacks.find((s) => s !== BOOTSTRAP_STACK)!;

describe('state backend credentials (task tofu:plan|apply)', () => {
  const vault = (): Record<string, unknown> => Object.fromEntries(exampleValues(homelab));

  it('come from the vault as environment variables (the state identity), never as stack variables', () => {
    expect(backendEnvironment(homelab).map((k) => [k.name, k.backendEnv])).toEqual([
      [secretNames.stateAccessKeyId, 'AWS_ACCESS_KEY_ID'],
      [secretNames.stateSecretAccessKey, 'AWS_SECRET_ACCESS_KEY'],
    ]);
    expect(stacks.length).toBeGreaterThan(2);
    for (const stack of stacks) {
      expect(
        tofuVariablesFor(homelab, stack)
          .map((k) => k.name)
          .filter((n) => /access_key|aws_/.test(n)),
      ).toEqual([]);
    }
  });

  it('vault AWS key that creates IAM users: no such key; the state identity is an output of babylon', () => {
    const names = secretCatalogue(homelab).map((k) => k.name);
    expect(names).not.toContain('aws_access_key_id');
    expect(names).not.toContain('aws_secret_access_key');
    const state = secretCatalogue(homelab).find((k) => k.name === secretNames.stateAccessKeyId)!;
    expect(state.consumers).toEqual(['tofu-output']);
  });

  it('are shell-quoted so that bash reads back exactly the vault value', () => {
    const values = { ...vault(), [secretNames.stateSecretAccessKey]: 'ab\'c$HOME `x` "q"' };
    const lines = backendEnvLines(homelab, values, otherStack);
    const echoed = execFileSync('bash', ['-c', `${lines}\nprintf '%s' "$AWS_SECRET_ACCESS_KEY"`], { encoding: 'utf8', env: {} });
    expect(echoed).toBe('ab\'c$HOME `x` "q"');
  });

  it('the bootstrap stack (creates IAM) runs with the bootstrap profile, not with a vault key', () => {
    const lines = backendEnvLines(homelab, vault(), BOOTSTRAP_STACK);
    const env = execFileSync('bash', ['-c', `${lines}\nprintf '%s|%s' "\${AWS_PROFILE-}" "\${AWS_ACCESS_KEY_ID-unset}"`], {
      encoding: 'utf8',
      env: { AWS_ACCESS_KEY_ID: 'leaked' },
    });
    expect(env).toBe('homelab-bootstrap|unset');
  });

  it('are refused, naming the key, when the vault lacks one', () => {
    const { [secretNames.stateAccessKeyId]: _missing, ...values } = vault();
    expect(() => backendEnvLines(homelab, values, otherStack)).toThrow(/\[vault key tfstate_access_key_id\] is missing[\s\S]*no credentials were exported/);
  });
});

describe('prune credentials (task backups:prune)', () => {
  const vault = (): Record<string, unknown> => Object.fromEntries(exampleValues(homelab));

  it('prune from the source machine: the person prunes with the prune identity, never the writer key', () => {
    const values = vault();
    const lines = pruneEnvLines(homelab, values, 'alpha');
    const out = execFileSync('bash', ['-c', `${lines}\nprintf '%s|%s' "$RESTIC_REPOSITORY" "$AWS_ACCESS_KEY_ID"`], { encoding: 'utf8', env: {} });
    const region = homelab.locations.find((l) => l.name === BACKUP_LOCATION)!.region;
    expect(out).toBe(`s3:s3.${region}.amazonaws.com/${homelab.backups.bucket}/alpha|${String(values[secretNames.pruneAccessKeyId])}`);
    expect(lines).not.toContain(String(values[secretNames.backupAccessKeyId('alpha')]));
  });

  it('prune key on a homelab host: no role, inventory or cluster manifest mentions the prune identity', () => {
    const root = path.join(__dirname, '../..');
    const files = (dir: string): string[] =>
      fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const hostSide = [...files('ansible/roles'), ...files('ansible/inventory'), ...files('k8s'), ...files('lxc-configs')];
    expect(hostSide.length).toBeGreaterThan(50);
    const leaks = hostSide.filter((f) => /backup_prune_|BACKUP_PRUNE/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(leaks).toEqual([]);
  });

  it('refuses a source that is not a restic one, listing the valid ones', () => {
    expect(() => pruneEnvLines(homelab, vault(), 'cluster')).toThrow(/SOURCE must be a restic backup source \(one of: alpha\)/);
  });
});
