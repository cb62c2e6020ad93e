/**
 * deploy-security-credential-scope: no credential with a wildcard scope. Every Allow statement of every AWS identity
 * the stacks create names its actions and its resources; an action with `*`, the resource `*` or a whole bucket's
 * objects (`arn:aws:s3:::bucket/*`) needs a reason on the grant (the restore identity reads everything, by design).
 * Checks the very grants babylon deploys (model/cloud-identities.ts).
 */
import { ModelError } from '../../model/errors';
import type { DeployRule } from '../rule';
import type { Homelab } from '../../model/types';
import { backupIdentities, identityGrants, type Grant, type PlannedIdentity } from '../../model/cloud-identities';
import { stateBucketName } from '../../naming/names';

const ID = 'deploy-security-credential-scope';

/** What makes a grant wide: a wildcard action, the `*` resource, or every object of a bucket. */
export function wildcardParts(grant: Grant): readonly string[] {
  return [...grant.actions.filter((a) => a.includes('*')), ...grant.resources.filter((r) => r === '*' || /^arn:aws:s3:::[^/]+\/\*$/.test(r))];
}

/** The rule over a set of identities and their grants (the deployed ones by default; tests pass broken ones). */
export function credentialScopeRule(
  identities: (model: Homelab) => readonly PlannedIdentity[] = backupIdentities,
  grantsOf: (bucketArn: string, scope: PlannedIdentity['identity']['scope']) => Grant[] = identityGrants,
): DeployRule {
  return {
    id: ID,
    description: 'No AWS credential has a wildcard action or resource (or a whole bucket) unless its grant says why.',
    check(model, _index, problems) {
      const arn = (bucket: PlannedIdentity['bucket']) =>
        `arn:aws:s3:::${bucket === 'backups' ? model.backups.bucket : stateBucketName(model.backups.location)}`;
      for (const planned of identities(model)) {
        let grants: Grant[];
        try {
          grants = grantsOf(arn(planned.bucket), planned.identity.scope);
        } catch (err) {
          if (!(err instanceof ModelError)) throw err;
          for (const p of err.problems) problems.report(planned.entity, ID, `identity ${planned.identity.userName} cannot be scoped: ${p.message}`, p.fix);
          continue;
        }
        for (const grant of grants) {
          const wide = wildcardParts(grant);
          if (wide.length > 0 && (grant.wildcardReason ?? '').trim() === '') {
            problems.report(
              planned.entity,
              ID,
              `identity ${planned.identity.userName} grants ${wide.join(', ')} in ${grant.sid} without a reason`,
              'name the actions and the prefix it needs, or give the grant a wildcardReason (constructs/bucket-identity.ts)',
            );
          }
        }
      }
    },
  };
}

export const SECURITY_CREDENTIAL_SCOPE = credentialScopeRule();
