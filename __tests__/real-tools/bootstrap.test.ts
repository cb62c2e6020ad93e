/**
 * `task bootstrap` through the Taskfile with the real go-task: the dry run both ways the README and issue 14 name, and a
 * real run from the vault check (real ansible-vault on a real-looking test vault) up to the next step that needs a person.
 */
import * as fs from 'fs';
import { ROOT, TEST_VAULT_PASSWORD, requireTool, run, tempDir, toolEnv } from '../helpers/tools';
import { realLookingVault } from '../helpers/vault';

beforeAll(() => {
  requireTool('task');
});

describe('task bootstrap', () => {
  it.each([[['bootstrap', 'DRY_RUN=1']], [['bootstrap', '--', '--dry-run']]])('task %j prints the phases in order and runs nothing', (args) => {
    const r = run('task', args, { cwd: ROOT });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^1\. Hardware, accounts and the vault$/m);
    expect(r.stdout.indexOf('3. Proxmox host preparation')).toBeLessThan(r.stdout.indexOf('8. k3s and Flux'));
    expect(r.stdout).toMatch(/steps \(dry run, nothing was run\); \d+ need a person/);
  });

  it('FROM=vault-check runs the real secrets check on the test vault, then stops at the state bucket with the command that continues', () => {
    requireTool('ansible-vault');
    // A vault with real-looking values: secrets:check refuses the example's FAKE ones (rule vault-not-example).
    const dir = tempDir('bootstrap-vault-');
    const vault = realLookingVault(dir);
    const r = run('task', ['bootstrap', 'FROM=vault-check'], { env: toolEnv({ HOMELAB_VAULT_FILE: vault, HOMELAB_VAULT_PASSWORD_FILE: TEST_VAULT_PASSWORD }) });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stdout).toMatch(/secrets:check: \d+ keys present and consistent with the model/);
    expect(r.stdout).toContain('A PERSON IS NEEDED — Create the state bucket');
    expect(r.stdout).toContain('When it is done, continue with:  task bootstrap FROM=babylon');
    expect(r.stdout).toMatch(/^vault-check +passed/m);
    expect(r.stdout).toMatch(/^state-bucket +STOPPED/m);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 0 failed');
    expect(r.status).toBe(0);
  });
});
