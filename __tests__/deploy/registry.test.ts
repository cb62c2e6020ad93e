/** Every deploy rule is registered once, named by convention, and has its own compliant + non-compliant test file. */
import * as fs from 'fs';
import * as path from 'path';
import { DEPLOY_RULES } from '../../deploy/rules';

describe('deploy rule registry', () => {
  const ids = DEPLOY_RULES.map((r) => r.id);

  it('ids are unique and prefixed deploy-', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^deploy-[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('each rule has a test file that names its id (compliant and non-compliant cases)', () => {
    const dir = path.join(__dirname);
    const tests = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts') && f !== 'registry.test.ts')
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const missing = ids.filter((id) => !tests.some((t) => t.includes(`'${id}'`) && t.includes('compliant') && t.includes('non-compliant')));
    expect(missing).toEqual([]);
  });
});
