import { homelab } from '../../homelab';
import { credentialScopeRule, SECURITY_CREDENTIAL_SCOPE, wildcardParts } from '../../deploy/rules/security-credential-scope';
import { backupIdentities, identityGrants } from '../../model/cloud-identities';
import { deployProblems } from './helpers';
import { mutated } from '../helpers/model';

describe("deploy rule 'deploy-security-credential-scope'", () => {
  it("compliant: every babylon identity of the seed (the restore reader's whole-bucket read has its reason)", () => {
    expect(deployProblems(SECURITY_CREDENTIAL_SCOPE, homelab)).toEqual([]);
  });

  it('non-compliant: an identity with a wildcard scope (s3:* on every resource) is rejected, naming identity and grant', () => {
    const wide = credentialScopeRule(backupIdentities, (arn, scope) =>
      scope.access === 'backend' ? [{ sid: 'Everything', actions: ['s3:*'], resources: ['*'] }] : identityGrants(arn, scope),
    );
    expect(deployProblems(wide, homelab)).toEqual([
      expect.objectContaining({
        entity: 'locations/babylon',
        rule: 'deploy-security-credential-scope',
        message: 'identity homelab-babylon-tfstate-backend-identity grants s3:*, * in Everything without a reason',
      }),
    ]);
  });

  it('non-compliant: a whole-bucket grant is accepted only with its reason', () => {
    const unreasoned = credentialScopeRule(backupIdentities, (arn, scope) => identityGrants(arn, scope).map((g) => ({ ...g, wildcardReason: undefined })));
    expect(deployProblems(unreasoned, homelab).map((p) => p.message)).toEqual([
      'identity homelab-babylon-restore-reader-identity grants arn:aws:s3:::homelab-babylon-backups-storage/* in ReadEveryObjectVersion without a reason',
    ]);
  });

  it('non-compliant: a backup source without a folder prefix would make its writer reach the whole bucket', () => {
    const model = mutated((m) => {
      m.backups.sources[0].prefix = '';
    });
    expect(deployProblems(SECURITY_CREDENTIAL_SCOPE, model).map((p) => [p.entity, p.message])).toEqual([
      [
        'backups/sources/truenas',
        expect.stringMatching(/identity homelab-babylon-truenas-writer-identity cannot be scoped: .*writer identity's bucket prefix ""/),
      ],
      ['backups', expect.stringMatching(/identity homelab-babylon-backups-pruner-identity cannot be scoped: .*pruner identity's bucket prefix ""/)],
    ]);
  });

  it('finds wildcard actions, the * resource and whole-bucket objects', () => {
    expect(wildcardParts({ sid: 'x', actions: ['s3:*', 's3:GetObject'], resources: ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/truenas/*'] })).toEqual([
      's3:*',
      '*',
      'arn:aws:s3:::b/*',
    ]);
  });
});
