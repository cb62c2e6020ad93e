import { bucketIdentityName, cloudDnsLabel, cloudNetworkName, RESTORE_PRINCIPAL, stateBucketName } from '../../naming/names';
import { checkName } from '../../naming/rules';

describe('derived cloud names', () => {
  it('name bucket identities by principal and access, within the cloud-resource rule', () => {
    const names = [
      bucketIdentityName('babylon', 'truenas', 'writer', 'identity'),
      bucketIdentityName('babylon', 'cluster', 'writer', 'policy'),
      bucketIdentityName('babylon', RESTORE_PRINCIPAL, 'reader', 'identity'),
      stateBucketName('babylon'),
    ];
    expect(names).toEqual([
      'homelab-babylon-truenas-writer-identity',
      'homelab-babylon-cluster-writer-policy',
      'homelab-babylon-restore-reader-identity',
      'homelab-babylon-tfstate-storage',
    ]);
    for (const n of names) expect(checkName('cloud-resource', n, { location: 'babylon' })).toBeUndefined();
  });

  it('name network resources of a cloud location within the cloud-resource rule', () => {
    const types = ['vcn', 'subnet', 'gateway', 'routes', 'firewall'] as const;
    for (const t of types) expect(checkName('cloud-resource', cloudNetworkName('coruscant', 'bastion', t), { location: 'coruscant' })).toBeUndefined();
    expect(cloudNetworkName('coruscant', 'bastion', 'vcn')).toBe('homelab-coruscant-bastion-vcn');
  });

  it('make OCI DNS labels: letters and digits, at most 15', () => {
    expect(cloudDnsLabel('bastion', 'vcn')).toBe('bastionvcn');
    expect(cloudDnsLabel('a-very-long-purpose', 'subnet')).toMatch(/^[a-z][a-z0-9]{0,14}$/);
  });
});
