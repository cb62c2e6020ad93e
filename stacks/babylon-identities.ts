/**
 * The AWS identities babylon hands out, as data: who they are for, what they reach and where their keys go. The babylon
 * stack creates exactly these; the rule deploy-security-credential-scope checks exactly these (no wildcard scope).
 */
import type { Homelab } from '../model/types';
import type { BucketIdentityProps, IdentityScope } from '../constructs/bucket-identity';
import { secretNames } from '../model/secrets';
import { bucketIdentityName, identifier, PRUNE_PRINCIPAL, RESTORE_PRINCIPAL, STACKS, STATE_PRINCIPAL, stateKey } from '../naming/names';

export interface PlannedIdentity {
  /** Construct id inside its bucket. */
  readonly id: string;
  /** Model entity, for messages. */
  readonly entity: string;
  /** Which babylon bucket it is granted on. */
  readonly bucket: 'backups' | 'state';
  /** The identity itself (names, scope, outputs, purpose). */
  readonly identity: Omit<BucketIdentityProps, 'bucket'>;
}

/** Every identity of the model's backup location, in a stable order. */
export function babylonIdentities(model: Homelab): readonly PlannedIdentity[] {
  const location = model.backups.location;
  const names = (principal: string, access: IdentityScope['access']) => ({
    userName: bucketIdentityName(location, principal, access, 'identity'),
    policyName: bucketIdentityName(location, principal, access, 'policy'),
  });
  const identities: PlannedIdentity[] = model.backups.sources.map((source) => ({
    id: `writer-${identifier(source.name)}`,
    entity: `backups/sources/${source.name}`,
    bucket: 'backups',
    identity: {
      scope: { access: 'writer', prefix: source.prefix, tool: source.tool },
      ...names(source.name, 'writer'),
      accessKeyIdOutput: secretNames.backupAccessKeyId(source.name),
      secretAccessKeyOutput: secretNames.backupSecretAccessKey(source.name),
      purpose: `${source.tool} backups of ${source.name} under ${source.prefix}`,
    },
  }));
  identities.push({
    id: 'restore',
    entity: 'backups',
    bucket: 'backups',
    identity: {
      scope: { access: 'reader' },
      ...names(RESTORE_PRINCIPAL, 'reader'),
      accessKeyIdOutput: secretNames.restoreAccessKeyId,
      secretAccessKeyOutput: secretNames.restoreSecretAccessKey,
      purpose: 'read-only restore of every backup (docs/RESTORE.md)',
    },
  });
  const resticPrefixes = model.backups.sources.filter((s) => s.tool === 'restic').map((s) => s.prefix);
  if (resticPrefixes.length > 0) {
    identities.push({
      id: 'pruner',
      entity: 'backups',
      bucket: 'backups',
      identity: {
        scope: { access: 'pruner', prefixes: resticPrefixes },
        ...names(PRUNE_PRINCIPAL, 'pruner'),
        accessKeyIdOutput: secretNames.pruneAccessKeyId,
        secretAccessKeyOutput: secretNames.pruneSecretAccessKey,
        purpose: `restic forget --prune of ${resticPrefixes.join(', ')}, run by a person (task backups:prune)`,
      },
    });
  }
  identities.push({
    id: 'state-backend',
    entity: `locations/${location}`,
    bucket: 'state',
    identity: {
      scope: { access: 'backend', stateKeys: Object.values(STACKS).map(stateKey) },
      ...names(STATE_PRINCIPAL, 'backend'),
      accessKeyIdOutput: secretNames.stateAccessKeyId,
      secretAccessKeyOutput: secretNames.stateSecretAccessKey,
      purpose: 'OpenTofu S3 backend of every stack: state objects and lock files only',
    },
  });
  return identities;
}
