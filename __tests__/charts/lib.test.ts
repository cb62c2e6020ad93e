import { fluxVar, substitutionsIn } from '../../charts/lib/substitution';
import { apiGroup, isBuiltInGroup } from '../../charts/lib/objects';
import { loosest } from '../../charts/namespaces';
import { mediaExport } from '../../charts/lib/media';
import { clusterBackupSource } from '../../charts/apps/velero';
import { secretNames } from '../../model/secrets';
import { CLUSTER, fixtureModel, withMediaShare } from '../fixtures/models';

describe('chart helpers', () => {
  const model = fixtureModel();

  it('fluxVar spells a secret as its Flux substitution and refuses keys Flux does not get', () => {
    expect(fluxVar(model, secretNames.domain)).toBe('${SECRET_DOMAIN}');
    expect(fluxVar(model, secretNames.backupAccessKeyId('cluster'))).toBe('${BACKUP_ACCESS_KEY_ID}');
    expect(() => fluxVar(model, secretNames.k3sToken)).toThrow(/\[secrets\/k3s_token\] it is not a Flux substitution — rule: k8s-substitutions — fix: /);
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

  it('finds the media export of the live stage, and reports a missing media pool or backup source with entity, rule and fix', () => {
    expect(mediaExport(fixtureModel(withMediaShare))).toBe('/srv/media');
    expect(() => mediaExport(model)).toThrow(/\[storage\] no NFS media pool .* — rule: app-workloads — fix: /);
    const noVelero = fixtureModel((m) => {
      m.backups.sources = m.backups.sources.filter((s) => s.tool !== 'velero');
      return m;
    });
    expect(() => clusterBackupSource(noVelero, CLUSTER)).toThrow(/\[backups\] no velero backup source names cluster .* — rule: deploy-app-chart-needs — fix: /);
  });
});
