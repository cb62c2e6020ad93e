/**
 * deploy-security-backup-object-lock: the backup bucket has S3 Object Lock with a default retention of at least
 * MIN_OBJECT_LOCK_DAYS, and keeps noncurrent versions at least that long — so no key held in the homelab (writers,
 * Velero, restic) can destroy history, however compromised the homelab is (issue 18.2).
 */
import type { DeployRule } from '../rule';
import { MIN_OBJECT_LOCK_DAYS } from '../../model/cloud-identities';

const ID = 'deploy-security-backup-object-lock';

export const SECURITY_BACKUP_OBJECT_LOCK: DeployRule = {
  id: ID,
  description: `Every backup bucket has Object Lock (governance or compliance, at least ${MIN_OBJECT_LOCK_DAYS} days) and keeps noncurrent versions at least as long.`,
  check(model, _index, problems) {
    const { objectLock, noncurrentVersionExpiryDays } = model.backups;
    const entity = 'backups';
    if (objectLock === undefined) {
      problems.report(
        entity,
        ID,
        `bucket ${model.backups.bucket} has no Object Lock: a compromised writer can delete every backup`,
        `set backups.objectLock, e.g. { mode: 'GOVERNANCE', days: ${MIN_OBJECT_LOCK_DAYS} }`,
      );
      return;
    }
    if (objectLock.days < MIN_OBJECT_LOCK_DAYS) {
      problems.report(
        entity,
        ID,
        `Object Lock retention is ${objectLock.days} days, below ${MIN_OBJECT_LOCK_DAYS}`,
        `raise backups.objectLock.days to ${MIN_OBJECT_LOCK_DAYS} or more`,
      );
    }
    if (noncurrentVersionExpiryDays < objectLock.days) {
      problems.report(
        entity,
        ID,
        `noncurrent versions expire after ${noncurrentVersionExpiryDays} days, before the ${objectLock.days}-day lock ends`,
        `raise backups.noncurrentVersionExpiryDays to ${objectLock.days} or more`,
      );
    }
  },
};
