/**
 * Real OpenTofu over the synthesized stacks: `tofu init -backend=false` + `tofu validate` with the real provider
 * schemas (scripts/validate.sh), proof that validation can fail, and the state encryption block really encrypting.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT as REPO, requireProvider, requireTool, run, tempDir, toolEnv } from '../helpers/tools';
import { readPins } from '../../tools/pins';

const { providers } = readPins(REPO);
const esc = (s: string) => s.replace(/[.+]/g, '\\$&');

const STACKS = fs.readdirSync(path.join(REPO, 'tofu-out/stacks')).sort();

interface StackJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

/** Runs scripts/validate.sh on a copy of one stack's JSON, changed by `breakIt` (the repo is not touched). */
function validateBroken(stack: string, breakIt: (doc: StackJson) => void): { status: number | null; stdout: string } {
  const stacks = tempDir('bad-stack-');
  const doc = JSON.parse(fs.readFileSync(path.join(REPO, 'tofu-out/stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson;
  breakIt(doc);
  fs.mkdirSync(path.join(stacks, 'broken'));
  fs.writeFileSync(path.join(stacks, 'broken/cdk.tf.json'), JSON.stringify(doc));
  const r = run('bash', ['scripts/validate.sh'], { env: toolEnv({ STACKS_DIR: stacks }) });
  return { status: r.status, stdout: r.stdout };
}

/** The one resource of `type` in a stack (the first, by name). */
const firstOf = (doc: StackJson, type: string): Record<string, unknown> => {
  const all = doc.resource[type];
  return all[Object.keys(all).sort()[0]];
};

describe('real tofu', () => {
  const tofu = requireTool('tofu');

  it('validates every stack (each NOT VALIDATED stack is reported, never counted as valid)', () => {
    const r = run('bash', ['scripts/validate.sh']);
    const output = `${r.stdout}${r.stderr}`;
    expect({ status: r.status, output }).toEqual({ status: 0, output });
    for (const stack of STACKS) expect(r.stdout).toMatch(new RegExp(`^${stack}: (valid \\(.+\\)|NOT VALIDATED \\(provider .+ not in mirror: .+\\))$`, 'm'));
    const unvalidated = r.stdout.split('\n').filter((l) => l.includes('NOT VALIDATED ('));
    if (unvalidated.length > 0) process.stderr.write(`\n*** tofu validate: ${unvalidated.length} stack(s) NOT VALIDATED ***\n${unvalidated.join('\n')}\n`);
    expect(r.stdout).toMatch(/^validate: \d+ valid, 0 errors, \d+ NOT VALIDATED$/m);
  });

  it('validates asgard, edge and coruscant with the real providers, saying what was built; babylon NOT VALIDATED with its reason', () => {
    requireProvider('bpg', 'proxmox', providers.proxmox.version);
    requireProvider('cloudflare', 'cloudflare', providers.cloudflare.version);
    requireProvider('oracle', 'oci', providers.oci.version);
    const r = run('bash', ['scripts/validate.sh']);
    expect(r.stdout).toMatch(new RegExp(`^asgard: valid \\(proxmox ${esc(providers.proxmox.version)}\\)$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^edge: valid \\(cloudflare ${esc(providers.cloudflare.version)}, \\d+ of 225 services built\\)$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^coruscant: valid \\(oci ${esc(providers.oci.version)}, \\d+ of 145 services built\\)$`, 'm'));
    expect(r.stdout).toMatch(
      new RegExp(`^babylon: NOT VALIDATED \\(provider hashicorp/aws ${esc(providers.aws.version)} not in mirror: not buildable here: .+\\)$`, 'm'),
    );
    expect(r.stdout).toMatch(/^validate: 3 valid, 0 errors, 1 NOT VALIDATED$/m);
  });

  it("edge: a tunnel config_src outside the provider's allowed values is rejected by the real cloudflare provider", () => {
    requireProvider('cloudflare', 'cloudflare', providers.cloudflare.version);
    const r = validateBroken('edge', (doc) => {
      firstOf(doc, 'cloudflare_zero_trust_tunnel_cloudflared').config_src = 'somewhere';
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^broken: INVALID$/m);
    expect(r.stdout).toMatch(/Attribute config_src value must be one of:\s+\["local"\s+"cloudflare"\],\s+got:\s+"somewhere"/);
    expect(r.stdout).toMatch(/validate: 0 valid, 1 errors/);
  });

  it('coruscant: an instance state the oci provider does not allow is rejected by its own validator', () => {
    requireProvider('oracle', 'oci', providers.oci.version);
    // A top-level attribute: the SDKv2 validators of a nested block (source_details, create_vnic_details) do not run
    // at validate time while the block holds a reference not known before plan (docs/TOOLING.md).
    const r = validateBroken('coruscant', (doc) => {
      firstOf(doc, 'oci_core_instance').state = 'EXPLODED';
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^broken: INVALID$/m);
    expect(r.stdout).toMatch(/expected state to be one of\s+\["STOPPED"\s+"RUNNING"\],\s+got\s+EXPLODED/);
    expect(r.stdout).toMatch(/validate: 0 valid, 1 errors/);
  });

  it('rejects a stack with a wrong resource attribute, showing the error from the real provider schema', () => {
    const r = validateBroken('asgard', (doc) => {
      firstOf(doc, 'proxmox_virtual_environment_vm').not_a_vm_attribute = true;
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^broken: (INVALID|INIT FAILED)$/m);
    expect(r.stdout).toMatch(/No argument or block type is named "not_a_vm_attribute"/);
    expect(r.stdout).toMatch(/proxmox_virtual_environment_vm/);
    expect(r.stdout).toMatch(/validate: 0 valid, 1 errors/);
  });

  it("encrypts state with the base stack's encryption block, and a wrong passphrase cannot read it", () => {
    const dir = tempDir('state-encryption-');
    const stack = JSON.parse(fs.readFileSync(path.join(REPO, 'tofu-out/stacks/asgard/cdk.tf.json'), 'utf8')) as {
      terraform: Record<string, unknown>;
      variable: Record<string, unknown>;
    };
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
    const wrong = run(tofu, ['plan', '-input=false', '-no-color'], {
      cwd: dir,
      env: toolEnv({ TF_VAR_state_encryption_passphrase_asgard: 'another-passphrase-9876543210' }),
    });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/decryption failed/);
  });
});
