import { execFileSync } from 'child_process';
import { homelab } from '../../homelab';
import { exampleValues } from '../../secrets/example';
import { backendEnvLines } from '../../secrets/cli';
import { backendEnvironment, secretNames, tofuVariablesFor } from '../../model/secrets';

describe('state backend credentials (task tofu:plan|apply)', () => {
  const vault = (): Record<string, unknown> => Object.fromEntries(exampleValues(homelab));

  it('come from the vault as environment variables, not as stack variables', () => {
    expect(backendEnvironment(homelab).map((k) => k.backendEnv)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    for (const stack of ['asgard', 'edge', 'coruscant']) expect(tofuVariablesFor(homelab, stack).map((k) => k.name)).not.toContain(secretNames.awsAccessKeyId);
    expect(tofuVariablesFor(homelab, 'babylon').map((k) => k.name)).toContain(secretNames.awsAccessKeyId);
  });

  it('are shell-quoted so that bash reads back exactly the vault value', () => {
    const values = { ...vault(), [secretNames.awsSecretAccessKey]: "ab'c$HOME `x` \"q\"" };
    const lines = backendEnvLines(homelab, values);
    const echoed = execFileSync('bash', ['-c', `${lines}\nprintf '%s' "$AWS_SECRET_ACCESS_KEY"`], { encoding: 'utf8', env: {} });
    expect(echoed).toBe("ab'c$HOME `x` \"q\"");
  });

  it('are refused, naming the key, when the vault lacks one', () => {
    const values = vault();
    delete values[secretNames.awsAccessKeyId];
    expect(() => backendEnvLines(homelab, values)).toThrow(/\[vault key aws_access_key_id\] is missing[\s\S]*no credentials were exported/);
  });
});
