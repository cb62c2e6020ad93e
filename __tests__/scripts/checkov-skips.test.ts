import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';

/** The one file of checkov skips (read by scripts/checkov.sh): each check once, each with its reason. */
describe('checkov-skips.yaml', () => {
  const doc = YAML.parse(fs.readFileSync(path.join(__dirname, '../../checkov-skips.yaml'), 'utf8')) as { skips: Array<{ id: string; reason: string }> };

  it('lists checkov check ids, each once', () => {
    const ids = doc.skips.map((s) => s.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^CKV2?_[A-Z0-9]+_\d+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every skip a reason', () => {
    for (const s of doc.skips) expect(s.reason.trim().length).toBeGreaterThan(40);
  });

  it('CKV_AWS_145 reason claiming nothing is stored in the clear: it names what is not client-side encrypted (Velero manifests)', () => {
    const reason = doc.skips.find((s) => s.id === 'CKV_AWS_145')!.reason;
    expect(reason).not.toMatch(/nothing that is stored in the clear/);
    expect(reason).toMatch(/NOT client-side encrypted: Velero's resource tarballs/);
    expect(reason).toMatch(/Secrets must\s+stay out of Velero backups/);
  });

  it('is called by a script that fails when checkov is missing', () => {
    const script = fs.readFileSync(path.join(__dirname, '../../scripts/checkov.sh'), 'utf8');
    expect(script).toMatch(/homelab_require_tools checkov; then .*exit 2/);
    expect(script).toContain('--framework terraform_json');
  });
});
