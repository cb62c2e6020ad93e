/** secrets:check on a fixture model: the base site plus a worker and an OCI bastion (their keys, admin CIDRs). */
import { checkVault, exampleValueProblems } from '../../secrets/check';
import { exampleValues } from '../../secrets/example';
import { secretCatalogue, secretNames } from '../../model/secrets';
import { parseCidr, parseIpv4, cidrContains, cidrsOverlap } from '../../secrets/ipv4';
import { fixtureModel, withMediaShare, withOciBastion, withWorker } from '../fixtures/models';

const homelab = fixtureModel(withWorker, withOciBastion);
const MGMT = 'ember-mgmt-vlan';
const SERVERS = 'forge-servers-vlan';

function exampleVault(): Record<string, unknown> {
  return Object.fromEntries(exampleValues(homelab));
}

function messages(values: Record<string, unknown>): string[] {
  return checkVault(homelab, values).map((p) => `[${p.entity}] ${p.message} — ${p.rule} — ${p.fix}`);
}

describe('secrets:check (in memory)', () => {
  it('accepts the generated example: every catalogue key, consistent addresses', () => {
    expect(messages(exampleVault())).toEqual([]);
    expect(Object.keys(exampleVault()).sort()).toEqual(
      secretCatalogue(homelab)
        .map((k) => k.name)
        .sort(),
    );
  });

  it('admin_cidrs accepting 0.0.0.0/0: rejected with the key, the rule and the fix', () => {
    const v = exampleVault();
    v[secretNames.adminCidrs] = ['203.0.113.128/28', '0.0.0.0/0'];
    const errs = messages(v);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^\[vault key admin_cidrs\] contains 0\.0\.0\.0\/0, which opens .* to every address — vault-no-any-source — list the admin networks only .* anySourceReason/,
    );
  });

  it('one state passphrase for all stacks: each stack has its own passphrase key, used by that stack only', () => {
    const passphrases = secretCatalogue(homelab).filter((k) => k.name.startsWith('state_encryption_passphrase'));
    expect(passphrases.length).toBeGreaterThan(1);
    for (const k of passphrases) expect([k.name, k.tofuStacks]).toEqual([k.name, [k.name.replace('state_encryption_passphrase_', '')]]);
  });

  it('rejects an e-mail list that is not one', () => {
    const v = exampleVault();
    v[secretNames.cloudflareAccessEmails] = ['not-an-address'];
    expect(messages(v)).toEqual([
      expect.stringMatching(/^\[vault key cloudflare_access_emails\] is not a non-empty list of e-mail addresses — vault-type-email-list/),
    ]);
  });

  it('rejects a guest address outside its VLAN CIDR, naming the key', () => {
    const v = exampleVault();
    const key = secretNames.guestAddress('kube-master-01', SERVERS);
    v[key] = '198.51.100.77';
    const errs = messages(v);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toContain(`[vault key ${key}]`);
    expect(errs[0]).toContain('address-in-cidr');
    expect(errs[0]).toContain(SERVERS);
  });

  it('rejects a duplicate VLAN ID, naming the key and the network that has it', () => {
    const v = exampleVault();
    v[secretNames.vlanId(SERVERS)] = v[secretNames.vlanId(MGMT)];
    const errs = messages(v);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toContain(`[vault key ${secretNames.vlanId(SERVERS)}]`);
    expect(errs[0]).toContain('vlan-id-unique');
    expect(errs[0]).toContain(MGMT);
  });

  it.each([0, 4095, 12.5, '10'])('rejects VLAN ID %p (integer 1–4094)', (bad) => {
    const v = exampleVault();
    v[secretNames.vlanId(SERVERS)] = bad;
    expect(messages(v).join('\n')).toMatch(/vault key vlan_id_forge_servers_vlan\].*not a VLAN ID/);
  });

  it('rejects unknown and missing keys', () => {
    const { [secretNames.k3sToken]: _missing, ...v } = exampleVault();
    v.api_token_typo = 'x';
    const errs = messages(v).join('\n');
    expect(errs).toContain('[vault key api_token_typo] is not a key of the secret catalogue');
    expect(errs).toContain(`[vault key ${secretNames.k3sToken}] is missing`);
  });

  it('rejects two guests with one address and overlapping network CIDRs', () => {
    const v = exampleVault();
    v[secretNames.guestAddress('kube-worker-01', SERVERS)] = v[secretNames.guestAddress('kube-master-01', SERVERS)];
    v[secretNames.cidr(SERVERS)] = v[secretNames.cidr(MGMT)];
    const errs = messages(v).join('\n');
    expect(errs).toContain(`[vault key ${secretNames.guestAddress('kube-worker-01', SERVERS)}]`);
    expect(errs).toContain('address-unique');
    expect(errs).toContain('cidr-no-overlap');
  });

  it("mounts that time out (review of main 66acef9: media_nfs_server free to differ from the exporting host's address): rejected", () => {
    const model = fixtureModel(withMediaShare, (d) => {
      d.hosts[0].networks.push(SERVERS);
      return d;
    });
    const values = Object.fromEntries(exampleValues(model));
    const own = secretNames.hostNetworkAddress('home-alpha', SERVERS);
    expect(values[secretNames.mediaNfsServer]).toBe(values[own]);
    expect(checkVault(model, values)).toEqual([]);
    values[secretNames.mediaNfsServer] = values[secretNames.guestAddress('kube-master-01', SERVERS)];
    expect(checkVault(model, values).map((p) => `${p.entity} ${p.rule} ${p.fix}`)).toContainEqual(
      `vault key ${secretNames.mediaNfsServer} media-server-address set ${secretNames.mediaNfsServer} to the value of ${own}`,
    );
  });

  it('rejects malformed values by type', () => {
    const v = exampleVault();
    v[secretNames.domain] = 'Not A Domain';
    v[secretNames.cidr(SERVERS)] = '192.0.2.33/27';
    v[secretNames.sshPublicKeys] = [];
    const errs = messages(v).join('\n');
    expect(errs).toContain('[vault key domain] is not a lowercase DNS domain');
    expect(errs).toContain('[vault key cidr_forge_servers_vlan] is not an IPv4 CIDR with its network address');
    expect(errs).toContain('[vault key ssh_public_keys] is not a non-empty list of SSH public keys');
  });
});

describe('IPv4 helpers', () => {
  it('parse, contain and overlap', () => {
    expect(parseIpv4('192.0.2.300')).toBeUndefined();
    expect(parseIpv4('192.0.2.01')).toBeUndefined();
    const c = parseCidr('192.0.2.32/27')!;
    expect(cidrContains(c, parseIpv4('192.0.2.63')!)).toBe(true);
    expect(cidrContains(c, parseIpv4('192.0.2.64')!)).toBe(false);
    expect(cidrsOverlap(c, parseCidr('192.0.2.0/24')!)).toBe(true);
    expect(cidrsOverlap(c, parseCidr('192.0.2.64/27')!)).toBe(false);
  });
});

describe("secrets:check refuses the example's FAKE values (a vault copied from vault.example.yml is never deployed)", () => {
  /** The example with every value a real vault would have instead (private ranges, a real-looking domain, real tokens). */
  function realVault(): Record<string, unknown> {
    const text = JSON.stringify(exampleVault())
      .replace(/192\.0\.2\./g, '10.20.2.')
      .replace(/198\.51\.100\./g, '10.51.100.')
      .replace(/203\.0\.113\./g, '10.113.113.')
      .replace(/example\.net/g, 'home.example.org')
      .replace(/FAKE/g, 'REAL')
      .replace(/fake/g, 'real');
    return JSON.parse(text) as Record<string, unknown>;
  }

  it('compliant: a vault with real values passes both checks', () => {
    const v = realVault();
    expect(messages(v)).toEqual([]);
    expect(exampleValueProblems(homelab, v)).toEqual([]);
  });

  it('non-compliant: a vault still holding the example values fails, one problem per key, naming the key', () => {
    const found = exampleValueProblems(homelab, exampleVault());
    const keys = found.map((p) => p.entity.replace('vault key ', ''));
    expect(keys).toEqual(
      expect.arrayContaining([
        secretNames.domain,
        secretNames.k3sToken,
        secretNames.k3sAgentToken,
        secretNames.adminCidrs,
        secretNames.sshPublicKeys,
        secretNames.cidr(MGMT),
      ]),
    );
    expect(found.every((p) => p.rule === 'vault-not-example' && p.message.startsWith('still holds the FAKE value'))).toBe(true);
    // VLAN IDs and a GPU's PCI facts may well equal the example (VLAN 10, a GPU at 0000:01:00.0): not flagged.
    const plausible = secretCatalogue(homelab)
      .filter((k) => k.type === 'vlan-id' || (k.entity ?? '').includes('/gpus/'))
      .map((k) => k.name);
    expect(plausible).toEqual([secretNames.vlanId(MGMT), secretNames.vlanId(SERVERS)].sort((a, b) => plausible.indexOf(a) - plausible.indexOf(b)));
    expect(keys.filter((k) => plausible.includes(k))).toEqual([]);
    expect(found).toHaveLength(secretCatalogue(homelab).length - plausible.length);
  });

  it('non-compliant: one forgotten key is enough', () => {
    const v = realVault();
    v[secretNames.k3sAgentToken] = exampleVault()[secretNames.k3sAgentToken];
    expect(exampleValueProblems(homelab, v).map((p) => p.entity)).toEqual([`vault key ${secretNames.k3sAgentToken}`]);
  });
});
