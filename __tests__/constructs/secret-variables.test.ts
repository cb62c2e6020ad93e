import { Testing, TerraformStack, TerraformOutput } from 'cdktf';
import type { TfJson } from '../helpers/stacks';
import { SecretVariables } from '../../constructs/secret-variables';
import { tofuVariablesFor, secretCatalogue, secretNames } from '../../model/secrets';
import { fixtureModel, FIXTURES } from '../fixtures/models';

describe('SecretVariables', () => {
  const model = fixtureModel();

  it('declares every catalogued secret of a stack as a sensitive, non-nullable variable of the right type', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'home');
    const secrets = new SecretVariables(stack, 'secrets', { keys: tofuVariablesFor(model, 'home') });
    new TerraformOutput(stack, 'vlan', { value: secrets.number(secretNames.vlanId('forge-servers-vlan')), sensitive: true });
    const json = JSON.parse(Testing.synth(stack)) as Required<TfJson>;
    expect(json.variable[secretNames.vlanId('forge-servers-vlan')]).toEqual(expect.objectContaining({ type: 'number', sensitive: true, nullable: false }));
    expect(json.variable[secretNames.sshPublicKeys]).toEqual(expect.objectContaining({ type: 'list(string)', sensitive: true }));
    expect(json.variable[secretNames.proxmoxApiToken]).toEqual(expect.objectContaining({ type: 'string', sensitive: true }));
    expect(Object.keys(json.variable).sort()).toEqual(
      tofuVariablesFor(model, 'home')
        .map((k) => k.name)
        .sort(),
    );
    expect(json.output.vlan.value).toBe('${var.vlan_id_forge_servers_vlan}');
  });

  it('refuses a secret the stack does not consume, naming the fix', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'edge');
    const secrets = new SecretVariables(stack, 'secrets', { keys: tofuVariablesFor(model, 'edge') });
    expect(() => secrets.string(secretNames.proxmoxApiToken)).toThrow(
      /not a variable of the stack — rule: secret-catalogue — fix: add the stack to its tofuStacks in model\/secrets.ts/,
    );
  });

  it.each(Object.keys(FIXTURES))('catalogue of fixture %s: names unique, flux keys named, every tofu key goes to a stack', (name) => {
    const keys = secretCatalogue(fixtureModel(...FIXTURES[name]));
    expect(new Set(keys.map((k) => k.name)).size).toBe(keys.length);
    for (const k of keys.filter((x) => x.consumers.includes('flux'))) if (k.fluxName !== undefined) expect(k.fluxName).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(
      keys
        .filter((k) => k.consumers.includes('tofu'))
        .filter((k) => (k.tofuStacks ?? []).length === 0)
        .map((k) => k.name),
    ).toEqual([]);
  });

  it("assigns a guest's and a GPU's keys to the stack of their location, never another site's", () => {
    const keys = new Map(secretCatalogue(fixtureModel(...FIXTURES.everything)).map((k) => [k.name, k.tofuStacks]));
    expect(keys.get(secretNames.guestAddress('remote-01', 'sand-servers-vlan'))).toEqual(['dune']);
    expect(keys.get(secretNames.guestAddress('tunnel-01', 'forge-servers-vlan'))).toEqual(['home']);
    expect(keys.get(secretNames.gpuPciPath('titan-gpu0'))).toEqual(['home']);
    expect(keys.get(secretNames.cloudVcnCidr('spire'))).toEqual(['spire']);
    expect(keys.get(secretNames.sshPublicKeys)).toEqual(['home', 'dune', 'tower', 'spire']);
  });
});
