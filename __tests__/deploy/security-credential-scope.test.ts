import { credentialScopeRule, SECURITY_CREDENTIAL_SCOPE, wildcardParts } from '../../deploy/rules/security-credential-scope';
import { backupIdentities, identityGrants } from '../../model/cloud-identities';
import { deployProblems } from './helpers';
import { fixture, fixtureModel, withResticSource } from '../fixtures/models';

describe("deploy rule 'deploy-security-credential-scope'", () => {
  it("compliant: every vault identity of a fixture with a restic and a Velero source (the restore reader's whole-bucket read has its reason)", () => {
    const model = fixtureModel(withResticSource);
    expect(backupIdentities(model).map((p) => p.identity.scope.access)).toEqual(['writer', 'writer', 'reader', 'pruner', 'backend']);
    expect(deployProblems(SECURITY_CREDENTIAL_SCOPE, model)).toEqual([]);
  });

  it('non-compliant: an identity with a wildcard scope (s3:* on every resource) is rejected, naming identity and grant', () => {
    const wide = credentialScopeRule(backupIdentities, (arn, scope) =>
      scope.access === 'backend' ? [{ sid: 'Everything', actions: ['s3:*'], resources: ['*'] }] : identityGrants(arn, scope),
    );
    expect(deployProblems(wide, fixtureModel(withResticSource))).toEqual([
      expect.objectContaining({
        entity: 'locations/vault',
        rule: 'deploy-security-credential-scope',
        message: 'identity homelab-vault-tfstate-backend-identity grants s3:*, * in Everything without a reason',
      }),
    ]);
  });

  it('non-compliant: a whole-bucket grant is accepted only with its reason', () => {
    const unreasoned = credentialScopeRule(backupIdentities, (arn, scope) => identityGrants(arn, scope).map((g) => ({ ...g, wildcardReason: undefined })));
    expect(deployProblems(unreasoned, fixtureModel(withResticSource)).map((p) => p.message)).toEqual([
      'identity homelab-vault-restore-reader-identity grants arn:aws:s3:::homelab-vault-backups-storage/* in ReadEveryObjectVersion without a reason',
    ]);
  });

  it('non-compliant: a backup source without a folder prefix would make its writer reach the whole bucket', () => {
    const model = fixture(withResticSource);
    model.backups.sources.find((s) => s.name === 'alpha')!.prefix = '';
    expect(deployProblems(SECURITY_CREDENTIAL_SCOPE, model).map((p) => [p.entity, p.message])).toEqual([
      ['backups/sources/alpha', expect.stringMatching(/identity homelab-vault-alpha-writer-identity cannot be scoped: .*writer identity's bucket prefix ""/)],
      ['backups', expect.stringMatching(/identity homelab-vault-backups-pruner-identity cannot be scoped: .*pruner identity's bucket prefix ""/)],
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
