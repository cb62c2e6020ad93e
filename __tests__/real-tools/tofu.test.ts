/**
 * Real OpenTofu over the synthesized stacks: `tofu init -backend=false` + `tofu validate` with the real provider
 * schemas (scripts/validate.sh), proof that validation can fail, and the state encryption block really encrypting.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT as REPO, requireTool, run, tempDir, toolEnv } from '../helpers/tools';

const STACKS = fs.readdirSync(path.join(REPO, 'tofu-out/stacks')).sort();

describe('real tofu', () => {
  const tofu = requireTool('tofu');

  it('validates every stack (each NOT VALIDATED stack is reported, never counted as valid)', () => {
    const r = run('bash', ['scripts/validate.sh']);
    const output = `${r.stdout}${r.stderr}`;
    expect({ status: r.status, output }).toEqual({ status: 0, output });
    for (const stack of STACKS) expect(r.stdout).toMatch(new RegExp(`^${stack}: (valid|NOT VALIDATED \\(provider .+ not in mirror\\))`, 'm'));
    const unvalidated = r.stdout.split('\n').filter((l) => l.includes('NOT VALIDATED ('));
    if (unvalidated.length > 0) process.stderr.write(`\n*** tofu validate: ${unvalidated.length} stack(s) NOT VALIDATED ***\n${unvalidated.join('\n')}\n`);
    expect(r.stdout).toMatch(/^validate: \d+ valid, 0 errors, \d+ NOT VALIDATED$/m);
  });

  it('rejects a stack with a wrong resource attribute, showing the error from the real provider schema', () => {
    const stacks = tempDir('bad-stack-');
    const good = JSON.parse(fs.readFileSync(path.join(REPO, 'tofu-out/stacks/asgard/cdk.tf.json'), 'utf8'));
    const vms = good.resource.proxmox_virtual_environment_vm as Record<string, Record<string, unknown>>;
    vms[Object.keys(vms)[0]].not_a_vm_attribute = true;
    fs.mkdirSync(path.join(stacks, 'broken'));
    fs.writeFileSync(path.join(stacks, 'broken/cdk.tf.json'), JSON.stringify(good));
    const r = run('bash', ['scripts/validate.sh'], { env: toolEnv({ STACKS_DIR: stacks }) });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^broken: (INVALID|INIT FAILED)$/m);
    expect(r.stdout).toMatch(/No argument or block type is named "not_a_vm_attribute"/);
    expect(r.stdout).toMatch(/proxmox_virtual_environment_vm/);
    expect(r.stdout).toMatch(/validate: 0 valid, 1 errors/);
  });

  it('encrypts state with the base stack\'s encryption block, and a wrong passphrase cannot read it', () => {
    const dir = tempDir('state-encryption-');
    const stack = JSON.parse(fs.readFileSync(path.join(REPO, 'tofu-out/stacks/asgard/cdk.tf.json'), 'utf8'));
    // Same terraform block (encryption, required_version), local state instead of S3, only the passphrase variable.
    const config = {
      terraform: { encryption: stack.terraform.encryption, required_version: stack.terraform.required_version },
      variable: { state_encryption_passphrase_asgard: stack.variable.state_encryption_passphrase_asgard },
      output: { probe: { value: 'encrypted-state-probe' } },
    };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
    const passphrase = { TF_VAR_state_encryption_passphrase_asgard: 'test-only-passphrase-0123456789' };
    expect(run(tofu, ['init', '-input=false', '-no-color'], { cwd: dir, env: toolEnv(passphrase) }).status).toBe(0);
    const apply = run(tofu, ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env: toolEnv(passphrase) });
    expect(apply.stderr).toBe('');
    expect(apply.status).toBe(0);
    const state = fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8');
    expect(JSON.parse(state)).toEqual(expect.objectContaining({ encrypted_data: expect.any(String), encryption_version: expect.any(String) }));
    expect(state).not.toContain('encrypted-state-probe');
    const wrong = run(tofu, ['plan', '-input=false', '-no-color'], { cwd: dir, env: toolEnv({ TF_VAR_state_encryption_passphrase_asgard: 'another-passphrase-9876543210' }) });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/decryption failed/);
  });
});
