/**
 * The secrets bridge with the real ansible-vault and tofu: the test vault (the example's fake values, made at test time) and test password.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseDocument } from 'yaml';
import { homelab } from '../../homelab';
import { secretNames } from '../../model/secrets';
import { runSecretsCli, undeclaredOutputs } from '../../secrets/cli';
import { ROOT, TEST_VAULT, TEST_VAULT_PASSWORD, requireTool, run, toolEnv } from '../helpers/tools';
import { realLooking } from '../helpers/vault';

const SCRIPT = path.join(ROOT, 'scripts', 'secrets.sh');
let tmp: string;

beforeAll(() => {
  requireTool('ansible-vault');
});
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-test-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function vaultEnv(file: string): NodeJS.ProcessEnv {
  return toolEnv({ HOMELAB_VAULT_FILE: file, HOMELAB_VAULT_PASSWORD_FILE: TEST_VAULT_PASSWORD });
}

function decrypt(file: string): string {
  const r = run('ansible-vault', ['decrypt', '--vault-password-file', TEST_VAULT_PASSWORD, '--output', '-', file]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** A copy of the test vault with one change, encrypted again with the test password. */
function variant(name: string, change: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(decrypt(TEST_VAULT));
  change(doc);
  const file = path.join(tmp, `${name}.yml`);
  const r = run('ansible-vault', ['encrypt', '--vault-password-file', TEST_VAULT_PASSWORD, '--output', file, '-'], { input: doc.toString() });
  expect(r.status).toBe(0);
  return file;
}

function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { root: ROOT, env: vaultEnv(path.join(tmp, 'vault.yml')), stdin: () => stdin, out: (t: string) => out.push(t), err: (t: string) => err.push(t) },
  };
}

describe('ansible-vault round trip with the test vault', () => {
  it('decrypts the committed vault, encrypts it again and gets the same plaintext back', () => {
    expect(fs.readFileSync(TEST_VAULT, 'utf8').startsWith('$ANSIBLE_VAULT;1.1;AES256')).toBe(true);
    const plain = decrypt(TEST_VAULT);
    expect(parse(plain)).toHaveProperty('domain', 'example.net');
    const again = path.join(tmp, 'again.yml');
    expect(run('ansible-vault', ['encrypt', '--vault-password-file', TEST_VAULT_PASSWORD, '--output', again, '-'], { input: plain }).status).toBe(0);
    expect(fs.readFileSync(again, 'utf8')).not.toContain('example.net');
    expect(decrypt(again)).toBe(plain);
  });

  it('refuses the wrong password', () => {
    const pw = path.join(tmp, 'wrong');
    fs.writeFileSync(pw, 'not-the-password\n');
    const r = run('ansible-vault', ['decrypt', '--vault-password-file', pw, '--output', '-', TEST_VAULT]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Decryption failed/);
  });
});

describe('task secrets:check (scripts/secrets.sh check)', () => {
  /** The test vault with every FAKE/example value replaced by a real-looking one (private ranges, another domain). */
  function realValues(d: ReturnType<typeof parseDocument>): void {
    d.contents = parseDocument(realLooking(d.toString())).contents;
  }

  it('passes on a vault with real values (through the Taskfile)', () => {
    requireTool('task');
    const r = run('task', ['secrets:check'], { env: vaultEnv(variant('real', realValues)) });
    expect(r.stderr).toMatch(/^task: \[secrets:check\] bash scripts\/secrets\.sh check *\n$/);
    expect(r.stdout).toMatch(/secrets:check: \d+ keys present and consistent with the model/);
    expect(r.status).toBe(0);
  });

  it('bootstrap: --allow-pending names the keys a later step fills as pending, and still fails on every other example value', () => {
    requireTool('task');
    const example = parse(fs.readFileSync(path.join(ROOT, 'ansible', 'vault.example.yml'), 'utf8')) as Record<string, unknown>;
    // Real-looking values, except the keys later bootstrap steps fill: they keep the example's.
    const pendingKeys = [secretNames.proxmoxApiToken, secretNames.authentikOutpostToken, secretNames.tunnelToken];
    const early = variant('early', (d) => {
      realValues(d);
      for (const k of pendingKeys) d.set(k, example[k]);
    });
    const strict = run('task', ['secrets:check'], { env: vaultEnv(early) });
    expect(strict.status).not.toBe(0);
    for (const k of pendingKeys) expect(strict.stderr).toContain(`[vault key ${k}] still holds the FAKE value`);
    const lenient = run('task', ['secrets:check', '--', '--allow-pending'], { env: vaultEnv(early) });
    expect(lenient.stderr.replace(/^task: .*\n/gm, '')).toBe('');
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain(`pending: ${secretNames.proxmoxApiToken} still holds the example's value; bootstrap step provisioning-token fills it`);
    expect(lenient.stdout).toContain(
      `pending: ${secretNames.tunnelToken} still holds the example's value; task secrets:sync fills it from the OpenTofu outputs`,
    );
    expect(lenient.stdout).toMatch(/keys present and consistent with the model \(\d+ pending\)/);
    // A key no later step fills is never pending.
    const fake = run('task', ['secrets:check', '--', '--allow-pending'], { env: vaultEnv(TEST_VAULT) });
    expect(fake.status).not.toBe(0);
    expect(fake.stderr).toContain(`[vault key ${secretNames.k3sToken}] still holds the FAKE value`);
    expect(fake.stderr).not.toContain(`[vault key ${secretNames.proxmoxApiToken}]`);
  });

  it("fails on a vault still holding the example's FAKE values (the test vault), naming each key", () => {
    requireTool('task');
    const r = run('task', ['secrets:check'], { env: vaultEnv(TEST_VAULT) });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`[vault key ${secretNames.k3sToken}] still holds the FAKE value of ansible/vault.example.yml`);
    expect(r.stderr).toContain('rule: vault-not-example');
    expect(r.stdout).not.toMatch(/keys present and consistent/);
  });

  it('rejects a vault with an address outside its CIDR, naming the key', () => {
    const key = secretNames.guestAddress('adguard-01', 'styx-servers-vlan');
    const file = variant('outside', (d) => d.set(key, '203.0.113.99'));
    const r = run('bash', [SCRIPT, 'check'], { env: vaultEnv(file) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`[vault key ${key}] 203.0.113.99 of guests/adguard-01 is outside`);
    expect(r.stderr).toContain('rule: address-in-cidr');
  });

  it('rejects a vault with a duplicate VLAN ID, naming the key', () => {
    const key = secretNames.vlanId('valhalla-apps-vlan');
    const file = variant('dup-vlan', (d) => d.set(key, d.get(secretNames.vlanId('styx-servers-vlan'))));
    const r = run('bash', [SCRIPT, 'check'], { env: vaultEnv(file) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`[vault key ${key}] VLAN ID`);
    expect(r.stderr).toContain('rule: vlan-id-unique');
  });

  it('says clearly when the password file is missing', () => {
    const r = run('bash', [SCRIPT, 'check'], { env: toolEnv({ HOMELAB_VAULT_FILE: TEST_VAULT, HOMELAB_VAULT_PASSWORD_FILE: path.join(tmp, 'none') }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('vault password file');
  });
});

describe('task secrets:edit (scripts/secrets.sh edit, real ansible-vault edit with a scripted $EDITOR)', () => {
  function editor(script: string): string {
    const file = path.join(tmp, 'editor.sh');
    fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return file;
  }

  it('creates the vault from the example when absent, encrypted, and checks it after the edit', () => {
    const vault = path.join(tmp, 'group_vars', 'all', 'vault.yml');
    const r = run('bash', [SCRIPT, 'edit'], { env: { ...vaultEnv(vault), EDITOR: editor('sed -i "s/^domain: .*/domain: example.org/" "$1"') } });
    expect(r.stderr).toContain('created');
    // The check after the edit lists every key that still holds the example's FAKE value, not the edited domain.
    expect(r.stderr).toContain('rule: vault-not-example');
    expect(r.stderr).not.toContain(`[vault key ${secretNames.domain}]`);
    expect(r.status).toBe(1);
    expect(fs.readFileSync(vault, 'utf8').startsWith('$ANSIBLE_VAULT;')).toBe(true);
    expect(parse(decrypt(vault))).toHaveProperty('domain', 'example.org');
  });

  it('reports what the edit broke', () => {
    const vault = path.join(tmp, 'vault.yml');
    fs.copyFileSync(TEST_VAULT, vault);
    const r = run('bash', [SCRIPT, 'edit'], {
      env: { ...vaultEnv(vault), EDITOR: editor('sed -i "s/^vlan_id_bifrost_iot_vlan: .*/vlan_id_bifrost_iot_vlan: 5000/" "$1"') },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[vault key vlan_id_bifrost_iot_vlan] is 5000, not a VLAN ID');
  });
});

describe('secrets bridge CLI', () => {
  it('tofu-vars writes only the stack variables, mode 0600, and never over an existing file', () => {
    fs.copyFileSync(TEST_VAULT, path.join(tmp, 'vault.yml'));
    const file = path.join(tmp, 'edge.tfvars.json');
    const t = io();
    expect(runSecretsCli(homelab, ['tofu-vars', 'edge', file], t.io)).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const vars = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(vars).sort()).toEqual([
      'cloudflare_access_emails',
      'cloudflare_account_id',
      'cloudflare_api_token',
      'cloudflare_zone_id',
      'state_encryption_passphrase_edge',
    ]);
    expect(() => runSecretsCli(homelab, ['tofu-vars', 'edge', file], io().io)).toThrow(/EEXIST/);
  });

  it('sync copies the stack outputs into the vault (re-encrypted, nothing in clear on disk)', () => {
    const vault = path.join(tmp, 'vault.yml');
    fs.copyFileSync(TEST_VAULT, vault);
    const output = JSON.stringify({ cloudflare_tunnel_token: { sensitive: true, type: 'string', value: 'FAKE-synced-token-value' } });
    const t = io(output);
    expect(runSecretsCli(homelab, ['sync', 'edge'], t.io)).toBe(0);
    expect(t.out.join('')).toContain('updated cloudflare_tunnel_token');
    const cipher = fs.readFileSync(vault, 'utf8');
    expect(cipher.startsWith('$ANSIBLE_VAULT;')).toBe(true);
    expect(cipher).not.toContain('FAKE-synced-token-value');
    expect(parse(decrypt(vault))).toHaveProperty(secretNames.tunnelToken, 'FAKE-synced-token-value');
    expect(fs.readdirSync(tmp).sort()).toEqual(['vault.yml']);
  });

  it('sync refuses outputs that lack a secret of the stack and leaves the vault unchanged', () => {
    const vault = path.join(tmp, 'vault.yml');
    fs.copyFileSync(TEST_VAULT, vault);
    const before = fs.readFileSync(vault, 'utf8');
    const t = io('{}');
    expect(runSecretsCli(homelab, ['sync', 'edge'], t.io)).toBe(1);
    expect(t.err.join('')).toContain('has no value for output cloudflare_tunnel_token');
    expect(fs.readFileSync(vault, 'utf8')).toBe(before);
  });

  it('sync names the outputs a stack fails to declare', () => {
    expect(undeclaredOutputs(homelab, 'edge', JSON.stringify({ output: { cloudflare_tunnel_token: {} } }))).toEqual([]);
    expect(undeclaredOutputs(homelab, 'coruscant', JSON.stringify({ output: { instances: {} } }))).toEqual([secretNames.cloudInstanceAddress('bastion-01')]);
  });

  it('names the valid stacks when STACK is wrong', () => {
    const t = io();
    expect(runSecretsCli(homelab, ['tofu-vars', 'nowhere', path.join(tmp, 'x')], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(/unknown stack "nowhere" \(one of: asgard, babylon, coruscant, edge\)/);
  });
});

describe('task tofu:plan STACK=edge (Taskfile → scripts/secrets.sh plan)', () => {
  it('removes the temporary var-file and working copy even though the plan fails here (no cloud access)', () => {
    requireTool('tofu');
    requireTool('task');
    const base = path.join(tmp, 'private');
    fs.mkdirSync(base);
    const r = run('task', ['tofu:plan', 'STACK=edge'], { env: { ...vaultEnv(TEST_VAULT), HOMELAB_SECRETS_TMPDIR: base } });
    // The var-file was written (the bridge ran up to tofu) …
    expect(r.stderr).toContain('variables of stack edge written to a 0600 var-file');
    // … tofu then fails: no network, no S3 backend credentials here. That failure is expected and honest.
    expect(r.status).not.toBe(0);
    // Whatever happened, nothing is left behind.
    expect(fs.readdirSync(base)).toEqual([]);
    expect(`${r.stdout}${r.stderr}`).not.toContain('FAKE-aws-secret-access-key');
  });
});
