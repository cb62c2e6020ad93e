/** docs/SECURITY.md stays in step with the code: every credential, every security rule, the lock-file decision. */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { homelab } from '../../homelab';
import { secretCatalogue } from '../../model/secrets';
import { DEPLOY_RULES } from '../../deploy/rules';

const ROOT = path.join(__dirname, '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/SECURITY.md'), 'utf8');

/** A key is documented under its own name or under the pattern the credentials table uses for its family. */
function documented(name: string): boolean {
  const forms = [
    name,
    name.replace(/_secret_access_key$/, '_access_key_id'),
    name.replace(/^state_encryption_passphrase_\w+$/, 'state_encryption_passphrase_<stack>'),
    `${name.split('_')[0]}_*`,
  ];
  return forms.some((f) => doc.includes(`\`${f}`));
}

describe('docs/SECURITY.md', () => {
  it('lists every credential of the catalogue (tokens, keys, passphrases) with its scope and rotation', () => {
    const credentials = secretCatalogue(homelab).filter((k) => ['token', 'pem', 'passphrase'].includes(k.type) || k.name.endsWith('access_key_id'));
    expect(credentials.length).toBeGreaterThan(15);
    expect(credentials.map((k) => k.name).filter((n) => !documented(n))).toEqual([]);
  });

  it('names every security rule enforced at synth', () => {
    const ids = DEPLOY_RULES.map((r) => r.id).filter((id) => id.startsWith('deploy-security-'));
    expect(ids).toHaveLength(4);
    for (const id of ids) expect(doc).toContain(`\`${id}\``);
  });

  it('lock files with the checksums of providers built here: none is committed, and the document says why', () => {
    expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.terraform.lock.hcl');
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    expect(tracked.filter((f) => f.endsWith('.terraform.lock.hcl'))).toEqual([]);
    expect(doc).toMatch(/OpenTofu lock files are deliberately absent/);
    expect(doc).toMatch(/official checksums/);
  });
});
