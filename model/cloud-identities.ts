/**
 * The AWS identities of the backup location, as data: what each one may reach (its grants) and who it is for. Its AWS
 * stack creates exactly these (constructs/bucket-identity.ts turns the grants into IAM policies); the rules
 * deploy-security-credential-scope and deploy-security-backup-object-lock check exactly these. Pure data: no cdktf.
 * - `writer`: one backup source. Reads and writes objects under ONE prefix; never deletes (restic may only remove its
 *   own lock files; Velero deletes under its prefix, see TOOL_DELETES), never touches versions, retention or the
 *   bucket's configuration. With Object Lock on, nothing a writer holds can destroy a locked version.
 * - `reader`: the restore identity — list and read every object and every version, write nothing.
 * - `pruner`: restic `forget --prune` over the restic prefixes, held by a person, never by a homelab host.
 * - `backend`: the OpenTofu S3 backend of every stack — the state objects and their lock files, nothing else.
 */
import { fail } from './errors';
import type { BackupTool, Homelab } from './types';
import { secretNames } from './secrets';
import { bucketIdentityName, identifier, PRUNE_PRINCIPAL, RESTORE_PRINCIPAL, STATE_PRINCIPAL, stateKey } from '../naming/names';
import { stackLayout } from './stacks';

/** Shortest default retention a backup bucket may have (issue 18: a compromise found within a month leaves history). */
export const MIN_OBJECT_LOCK_DAYS = 30;

/** What an identity may reach. */
export type IdentityScope =
  | { readonly access: 'writer'; readonly prefix: string; readonly tool: BackupTool }
  | { readonly access: 'reader' }
  | { readonly access: 'pruner'; readonly prefixes: readonly string[] }
  | { readonly access: 'backend'; readonly stateKeys: readonly string[] };

/** An identity: names, scope, where its keys go and what it is for. */
export interface IdentitySpec {
  readonly scope: IdentityScope;
  /** IAM user name (naming/names.ts bucketIdentityName(…, 'identity')). */
  readonly userName: string;
  /** Inline policy name (bucketIdentityName(…, 'policy')). */
  readonly policyName: string;
  /** Output name of the access key id (a key of model/secrets.ts). */
  readonly accessKeyIdOutput: string;
  /** Output name of the secret access key (a key of model/secrets.ts). */
  readonly secretAccessKeyOutput: string;
  /** What the identity is for, in the user's tags and the outputs' descriptions. */
  readonly purpose: string;
}

/** One Allow statement, with the reason when it reaches more than a prefix (rule deploy-security-credential-scope). */
export interface Grant {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
  /** Why a resource covers a whole bucket's objects (or an action is a wildcard). @default none (not allowed) */
  readonly wildcardReason?: string;
}

const WRITE_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
const READ_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
const READ_BUCKET_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketLocation', 's3:GetBucketVersioning'];

/**
 * What each backup tool must delete under its own prefix. Under Object Lock a DeleteObject without a version id only
 * adds a delete marker: the locked version stays (and the lifecycle keeps noncurrent versions at least as long).
 */
export const TOOL_DELETES: Readonly<Record<BackupTool, { readonly paths: readonly string[]; readonly reason: string }>> = {
  // restic creates locks/<id> for every run and removes it at the end; everything else is deleted by the pruner.
  restic: { paths: ['locks/'], reason: "restic removes its own lock file at the end of every run; pruning is the prune identity's job" },
  // Velero's garbage collection of expired backups and kopia's repository maintenance run inside the cluster.
  velero: {
    paths: [''],
    reason: 'Velero deletes expired backups and kopia maintains its repository from inside the cluster; under Object Lock a delete is only a marker',
  },
};

/** Why ListBucket carries no s3:prefix condition (quoted in docs/SECURITY.md). */
export const LIST_BUCKET_REASON =
  'ListBucket is bucket-level: HeadBucket (the bucket check of kopia and restic) sends no s3:prefix, so a prefix condition breaks them; object names are content hashes';

function folder(prefix: string, what: string): string {
  if (!/^[a-z0-9][a-z0-9-]*\/$/.test(prefix)) {
    fail(
      'backups/sources',
      'backup-sources',
      `the ${what} identity's bucket prefix "${prefix}" is not a lowercase folder ending with '/'`,
      'give the backup source its own prefix, e.g. "truenas/"',
    );
  }
  return prefix;
}

/** The grants of an identity: exactly what its job needs, on exactly its resources. */
export function identityGrants(bucketArn: string, scope: IdentityScope): Grant[] {
  const locate: Grant = { sid: 'LocateBucket', actions: ['s3:GetBucketLocation'], resources: [bucketArn] };
  const list: Grant = { sid: 'ListBucket', actions: ['s3:ListBucket'], resources: [bucketArn] };
  switch (scope.access) {
    case 'reader':
      return [
        { sid: 'ListEveryVersion', actions: READ_BUCKET_ACTIONS, resources: [bucketArn] },
        {
          sid: 'ReadEveryObjectVersion',
          actions: READ_OBJECT_ACTIONS,
          resources: [`${bucketArn}/*`],
          wildcardReason: 'the restore identity reads every backup (docs/RESTORE.md); it writes nothing',
        },
      ];
    case 'writer': {
      const prefix = folder(scope.prefix, 'writer');
      const deletes = TOOL_DELETES[scope.tool];
      return [
        locate,
        list,
        { sid: 'ReadWriteOwnPrefix', actions: WRITE_OBJECT_ACTIONS, resources: [`${bucketArn}/${prefix}*`] },
        { sid: 'DeleteOwnToolFiles', actions: ['s3:DeleteObject'], resources: deletes.paths.map((p) => `${bucketArn}/${prefix}${p}*`) },
      ];
    }
    case 'pruner': {
      if (scope.prefixes.length === 0)
        fail(
          'backups/sources',
          'construct-props',
          'a prune identity is asked for with no restic prefix to prune',
          'create the pruner only when a source uses restic',
        );
      const prefixes = scope.prefixes.map((p) => folder(p, 'pruner'));
      return [
        locate,
        list,
        { sid: 'PruneResticPrefixes', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: prefixes.map((p) => `${bucketArn}/${p}*`) },
      ];
    }
    case 'backend':
      return [
        list,
        { sid: 'ReadWriteState', actions: ['s3:GetObject', 's3:PutObject'], resources: scope.stateKeys.map((k) => `${bucketArn}/${k}`) },
        { sid: 'LockState', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: scope.stateKeys.map((k) => `${bucketArn}/${k}.tflock`) },
      ];
  }
}

export interface PlannedIdentity {
  /** Construct id inside its bucket. */
  readonly id: string;
  /** Model entity, for messages. */
  readonly entity: string;
  /** Which bucket of the backup location it is granted on. */
  readonly bucket: 'backups' | 'state';
  /** The identity itself (names, scope, outputs, purpose). */
  readonly identity: IdentitySpec;
}

/** Every identity of the model's backup location, in a stable order. */
export function backupIdentities(model: Homelab): readonly PlannedIdentity[] {
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
      scope: { access: 'backend', stateKeys: stackLayout(model).map((s) => stateKey(s.name)) },
      ...names(STATE_PRINCIPAL, 'backend'),
      accessKeyIdOutput: secretNames.stateAccessKeyId,
      secretAccessKeyOutput: secretNames.stateSecretAccessKey,
      purpose: 'OpenTofu S3 backend of every stack: state objects and lock files only',
    },
  });
  return identities;
}
