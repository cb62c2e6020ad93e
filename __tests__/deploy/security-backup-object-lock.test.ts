import { SECURITY_BACKUP_OBJECT_LOCK } from '../../deploy/rules/security-backup-object-lock';
import { deployProblems } from './helpers';
import { fixture, fixtureModel } from '../fixtures/models';

describe("deploy rule 'deploy-security-backup-object-lock'", () => {
  it("compliant: the fixture's backups (governance, 30 days; noncurrent versions kept 90)", () => {
    const model = fixtureModel();
    expect(model.backups.objectLock).toEqual({ mode: 'GOVERNANCE', days: 30 });
    expect(model.backups.noncurrentVersionExpiryDays).toBe(90);
    expect(deployProblems(SECURITY_BACKUP_OBJECT_LOCK, model)).toEqual([]);
  });

  it('non-compliant: a backup bucket without Object Lock', () => {
    const model = fixture();
    delete model.backups.objectLock;
    expect(deployProblems(SECURITY_BACKUP_OBJECT_LOCK, model)).toEqual([
      expect.objectContaining({
        entity: 'backups',
        rule: 'deploy-security-backup-object-lock',
        message: expect.stringContaining('has no Object Lock'),
        fix: expect.stringContaining("backups.objectLock, e.g. { mode: 'GOVERNANCE', days: 30 }"),
      }),
    ]);
  });

  it('non-compliant: a short lock and noncurrent versions expiring before it ends, reported together', () => {
    const model = fixture();
    model.backups.objectLock = { mode: 'COMPLIANCE', days: 7 };
    model.backups.noncurrentVersionExpiryDays = 5;
    expect(deployProblems(SECURITY_BACKUP_OBJECT_LOCK, model).map((p) => p.message)).toEqual([
      'Object Lock retention is 7 days, below 30',
      'noncurrent versions expire after 5 days, before the 7-day lock ends',
    ]);
  });
});
