import { homelab } from '../../homelab';
import { SECURITY_BACKUP_OBJECT_LOCK } from '../../deploy/rules/security-backup-object-lock';
import { deployProblems } from './helpers';
import { mutated } from '../helpers/model';

describe("deploy rule 'deploy-security-backup-object-lock'", () => {
  it('compliant: the seed backups (governance, 30 days; noncurrent versions kept 90)', () => {
    expect(deployProblems(SECURITY_BACKUP_OBJECT_LOCK, homelab)).toEqual([]);
  });

  it('non-compliant: a backup bucket without Object Lock', () => {
    const model = mutated((m) => {
      delete m.backups.objectLock;
    });
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
    const model = mutated((m) => {
      m.backups.objectLock = { mode: 'COMPLIANCE', days: 7 };
      m.backups.noncurrentVersionExpiryDays = 5;
    });
    expect(deployProblems(SECURITY_BACKUP_OBJECT_LOCK, model).map((p) => p.message)).toEqual([
      'Object Lock retention is 7 days, below 30',
      'noncurrent versions expire after 5 days, before the 7-day lock ends',
    ]);
  });
});
