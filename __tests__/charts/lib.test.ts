import { homelab } from '../../homelab';
import { fluxVar, substitutionsIn } from '../../charts/lib/substitution';
import { apiGroup, isBuiltInGroup } from '../../charts/lib/objects';
import { loosest } from '../../charts/namespaces';
import { mediaExport } from '../../charts/apps/media';
import { clusterBackupSource } from '../../charts/apps/velero';
import { secretNames } from '../../model/secrets';
import type { Homelab } from '../../model/types';

describe('chart helpers', () => {
  it('fluxVar spells a secret as its Flux substitution and refuses keys Flux does not get', () => {
    expect(fluxVar(homelab, secretNames.domain)).toBe('${SECRET_DOMAIN}');
    expect(fluxVar(homelab, secretNames.backupAccessKeyId('cluster'))).toBe('${BACKUP_ACCESS_KEY_ID}');
    expect(() => fluxVar(homelab, secretNames.k3sToken)).toThrow(/\[secrets\/k3s_token\] it is not a Flux substitution — rule: k8s-substitutions — fix: /);
  });

  it('finds substitutions but not escaped $${literals}', () => {
    expect(substitutionsIn('a ${X} b $${Y} ${Z_1}')).toEqual(['X', 'Z_1']);
  });

  it('tells built-in API groups from CRD groups', () => {
    expect(apiGroup('v1')).toBe('');
    expect(apiGroup('traefik.io/v1alpha1')).toBe('traefik.io');
    expect(['', 'apps', 'networking.k8s.io'].every(isBuiltInGroup)).toBe(true);
    expect(isBuiltInGroup('monitoring.coreos.com')).toBe(false);
  });

  it('takes the loosest Pod Security level of a namespace', () => {
    expect(loosest(['restricted', 'baseline'])).toBe('baseline');
    expect(loosest([])).toBe('restricted');
  });

  it('reports a missing media pool or backup source with entity, rule and fix', () => {
    const noMedia: Homelab = { ...homelab, storage: homelab.storage.filter((s) => !s.content.includes('media')) };
    expect(() => mediaExport(noMedia)).toThrow(/\[storage\] no NFS media pool .* — rule: app-workloads — fix: /);
    const noVelero: Homelab = { ...homelab, backups: { ...homelab.backups, sources: homelab.backups.sources.filter((s) => s.tool !== 'velero') } };
    expect(() => clusterBackupSource(noVelero, 'asgard-orion-cluster')).toThrow(/\[backups\] no velero backup source .* — rule: deploy-app-chart-needs — fix: /);
  });
});
