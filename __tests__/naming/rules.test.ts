import { NAMING_RULES, checkName, namingRule } from '../../naming/rules';
import { namingConventionMarkdown } from '../../naming/document';
import { cloudResourceName, hostShortName, stateBucketName, identifier } from '../../naming/names';

describe('naming rules', () => {
  for (const rule of NAMING_RULES) {
    describe(rule.kind, () => {
      it.each(rule.valid.map((n) => [n]))('accepts %s', (name) => {
        expect(rule.check(name)).toBeUndefined();
      });
      it.each(rule.invalid.map((n) => [n]))('rejects %s', (name) => {
        expect(rule.check(name)).toEqual(expect.any(String));
      });
    });
  }

  it('ties a host name to its location', () => {
    expect(checkName('host', 'asgard-atlas', { location: 'asgard' })).toBeUndefined();
    expect(checkName('host', 'asgard-atlas', { location: 'wano' })).toMatch(/must be the host's location "wano"/);
  });

  it('ties a storage pool to its host', () => {
    expect(checkName('storage', 'atlas-bedrock', { hostShort: 'atlas' })).toBeUndefined();
    expect(checkName('storage', 'atlas-bedrock', { hostShort: 'prometheus' })).toMatch(/"prometheus"/);
  });

  it('names a cloud resource type outside the closed set', () => {
    expect(checkName('cloud-resource', 'homelab-babylon-backups-bucket')).toMatch(/type "bucket" is not one of/);
  });

  it('rejects guest names carrying a location prefix of the model (whatever its locations are called)', () => {
    expect(checkName('guest', 'dune-media-01', { locations: ['home', 'dune'] })).toMatch(/no location prefix .*"dune" is a location/);
    expect(checkName('guest', 'dune-media-01', { locations: ['home'] })).toBeUndefined();
    expect(checkName('guest', 'media-01', { locations: ['media'] })).toMatch(/"media" is a location/);
  });

  it('fails loudly for an unknown kind', () => {
    expect(() => namingRule('nope' as never)).toThrow(/no naming rule/);
  });

  it('derives names that pass their own rules', () => {
    expect(cloudResourceName('babylon', 'backups', 'storage')).toBe('homelab-babylon-backups-storage');
    expect(checkName('cloud-resource', stateBucketName('babylon'))).toBeUndefined();
    expect(hostShortName('asgard-godzilla')).toBe('godzilla');
    expect(identifier('k8s-master-01')).toBe('k8s_master_01');
  });

  it('documents every rule in NAMING_CONVENTION.md', () => {
    const md = namingConventionMarkdown('<!-- header -->\n');
    expect(md.startsWith('<!-- header -->\n# Naming convention')).toBe(true);
    for (const rule of NAMING_RULES) {
      expect(md).toContain(`Pattern: \`${rule.pattern}\``);
      for (const v of rule.valid) expect(md).toContain(`\`${v}\``);
    }
  });
});
