import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';

/** The one file of checkov skips (read by scripts/checkov.sh): each check once, each with its reason. */
describe('checkov-skips.yaml', () => {
  const doc = YAML.parse(fs.readFileSync(path.join(__dirname, '../../checkov-skips.yaml'), 'utf8')) as { skips: { id: string; reason: string }[] };

  it('lists checkov check ids, each once', () => {
    const ids = doc.skips.map((s) => s.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^CKV2?_[A-Z0-9]+_\d+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every skip a reason', () => {
    for (const s of doc.skips) expect(s.reason.trim().length).toBeGreaterThan(40);
  });

  it('CKV_AWS_145 reason claiming nothing is stored in the clear: it names the one plaintext part and why KMS would not help', () => {
    const reason = doc.skips.find((s) => s.id === 'CKV_AWS_145')!.reason;
    expect(reason).toMatch(/Velero's backups exclude Secrets/);
    expect(reason).toMatch(/Velero's object manifests \(no Secret among them\) are the one plaintext part/);
    expect(reason).toMatch(/would hold kms:Decrypt too/);
  });

  it('is called by a script that fails when checkov is missing', () => {
    const script = fs.readFileSync(path.join(__dirname, '../../scripts/checkov.sh'), 'utf8');
    expect(script).toMatch(/homelab_require_tools checkov; then .*exit 2/);
    expect(script).toContain('--framework terraform_json');
  });
});
