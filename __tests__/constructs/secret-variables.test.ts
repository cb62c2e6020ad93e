import { Testing, TerraformStack, TerraformOutput } from 'cdktf';
import { SecretVariables } from '../../constructs/secret-variables';
import { tofuVariablesFor, secretCatalogue, secretNames } from '../../model/secrets';
import { homelab } from '../../homelab';

describe('SecretVariables', () => {
  it('declares every catalogued secret of a stack as a sensitive, non-nullable variable of the right type', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'asgard');
    const secrets = new SecretVariables(stack, 'secrets', { keys: tofuVariablesFor(homelab, 'asgard') });
    new TerraformOutput(stack, 'vlan', { value: secrets.number(secretNames.vlanId('styx-servers-vlan')), sensitive: true });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.variable[secretNames.vlanId('styx-servers-vlan')]).toEqual(expect.objectContaining({ type: 'number', sensitive: true, nullable: false }));
    expect(json.variable[secretNames.sshPublicKeys]).toEqual(expect.objectContaining({ type: 'list(string)', sensitive: true }));
    expect(json.variable[secretNames.proxmoxApiToken]).toEqual(expect.objectContaining({ type: 'string', sensitive: true }));
    expect(Object.keys(json.variable).sort()).toEqual(tofuVariablesFor(homelab, 'asgard').map((k) => k.name).sort());
    expect(json.output.vlan.value).toBe('${var.vlan_id_styx_servers_vlan}');
  });

  it('refuses a secret the stack does not consume, naming the fix', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'edge');
    const secrets = new SecretVariables(stack, 'secrets', { keys: tofuVariablesFor(homelab, 'edge') });
    expect(() => secrets.string(secretNames.proxmoxApiToken)).toThrow(/not a variable of the stack — rule: secret-catalogue — fix: add the stack to its tofuStacks in model\/secrets.ts/);
  });

  it('catalogue: names are unique and each flux key has a substitution name', () => {
    const keys = secretCatalogue(homelab);
    expect(new Set(keys.map((k) => k.name)).size).toBe(keys.length);
    for (const k of keys.filter((x) => x.consumers.includes('flux'))) if (k.fluxName !== undefined) expect(k.fluxName).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(keys.filter((k) => k.consumers.includes('tofu')).every((k) => (k.tofuStacks ?? []).length > 0)).toBe(true);
  });
});
