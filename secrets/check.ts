/**
 * `task secrets:check`: validates a decrypted vault (in memory) against the model. Every problem names the vault key,
 * the rule and the fix; all are reported at once.
 */
import type { Homelab } from '../model/types';
import { proxmoxApiKeys, secretCatalogue, secretNames, type SecretKey, type SecretType } from '../model/secrets';
import { stacksOfKind } from '../model/stacks';
import { formatProblem, type Problem } from '../model/errors';
import { addressesOnNetworks, mediaServerOwnAddress } from './layout';
import { exampleValues } from './example';
import { isDeepStrictEqual } from 'util';
import { broadcast, cidrContains, cidrsOverlap, parseCidr, parseIpv4, type Cidr } from './ipv4';

export type VaultValues = Readonly<Record<string, unknown>>;

/** The one PCI format of the catalogue (model/secrets.ts gpuKeys): what lspci -nnD prints, lowercase. */
export const PCI_PATH = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f](\.[0-7])?$/;
export const PCI_ID = /^[0-9a-f]{4}:[0-9a-f]{4}$/;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function problem(key: string, rule: string, message: string, fix: string): Problem {
  return { entity: `vault key ${key}`, rule, message, fix };
}

function typeError(key: SecretKey, value: unknown): string | undefined {
  const isString = typeof value === 'string' && value.trim() !== '';
  const isList = Array.isArray(value);
  const checks: Record<SecretType, () => string | undefined> = {
    'ipv4-address': () => (typeof value === 'string' && parseIpv4(value) !== undefined ? undefined : 'is not an IPv4 address (a.b.c.d)'),
    'ipv4-cidr': () => (typeof value === 'string' && parseCidr(value) !== undefined ? undefined : 'is not an IPv4 CIDR with its network address (a.b.c.0/n)'),
    'ipv4-cidr-list': () =>
      isList && value.length > 0 && value.every((v) => typeof v === 'string' && parseCidr(v) !== undefined)
        ? undefined
        : 'is not a non-empty list of IPv4 CIDRs',
    'vlan-id': () =>
      Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4094
        ? undefined
        : `is ${JSON.stringify(value)}, not a VLAN ID (an integer 1–4094)`,
    domain: () => (typeof value === 'string' && DOMAIN.test(value) ? undefined : 'is not a lowercase DNS domain (example.net)'),
    url: () => (typeof value === 'string' && /^https?:\/\/[^\s/]+(:\d+)?(\/\S*)?$/.test(value) ? undefined : 'is not an http(s) URL'),
    token: () => (isString ? undefined : 'is empty or not a string'),
    id: () => (isString ? undefined : 'is empty or not a string'),
    passphrase: () => (typeof value === 'string' && value.length >= 16 ? undefined : 'is not a string of at least 16 characters'),
    'ssh-public-keys': () =>
      isList && value.length > 0 && value.every((v) => typeof v === 'string' && /^(ssh-(ed25519|rsa)|ecdsa-sha2-\S+|sk-\S+) \S+/.test(v))
        ? undefined
        : 'is not a non-empty list of SSH public keys',
    pem: () => (typeof value === 'string' && /-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----/.test(value) ? undefined : 'is not a PEM block'),
    'email-list': () =>
      isList && value.length > 0 && value.every((v) => typeof v === 'string' && EMAIL.test(v)) ? undefined : 'is not a non-empty list of e-mail addresses',
    'pci-path': () =>
      typeof value === 'string' && PCI_PATH.test(value)
        ? undefined
        : `is ${JSON.stringify(value)}, not a PCI path (dddd:bb:dd or dddd:bb:dd.f, lowercase hex as lspci -D prints it)`,
    'pci-id': () =>
      typeof value === 'string' && PCI_ID.test(value)
        ? undefined
        : `is ${JSON.stringify(value)}, not a PCI vendor:device id (four lowercase hex digits each, vvvv:dddd)`,
    'pci-id-list': () =>
      isList && value.length > 0 && value.every((v) => typeof v === 'string' && PCI_ID.test(v))
        ? undefined
        : 'is not a non-empty list of PCI vendor:device ids (vvvv:dddd)',
    'iommu-group': () =>
      Number.isInteger(value) && (value as number) >= 0 ? undefined : `is ${JSON.stringify(value)}, not an IOMMU group number (an integer ≥ 0)`,
  };
  return checks[key.type]();
}

/** Every problem of `values` against the model's catalogue and address plan (empty when valid). */
export function checkVault(model: Homelab, values: VaultValues): readonly Problem[] {
  const problems: Problem[] = [];
  const catalogue = secretCatalogue(model);
  const known = new Map(catalogue.map((k) => [k.name, k]));

  for (const name of Object.keys(values).sort()) {
    if (!known.has(name))
      problems.push(problem(name, 'vault-key-known', 'is not a key of the secret catalogue', 'remove it, or add it to model/secrets.ts secretCatalogue()'));
  }
  const typed = new Set<string>();
  for (const key of catalogue) {
    if (!(key.name in values) || values[key.name] === null) {
      problems.push(
        problem(
          key.name,
          'vault-key-present',
          `is missing (${key.description}${key.entity ? ` — ${key.entity}` : ''})`,
          'add it with `task secrets:edit` (ansible/vault.example.yml shows its shape)',
        ),
      );
      continue;
    }
    const err = typeError(key, values[key.name]);
    if (err) problems.push(problem(key.name, `vault-type-${key.type}`, err, `give it a ${key.type} value (see ansible/vault.example.yml)`));
    else typed.add(key.name);
  }

  // Source lists: 0.0.0.0/0 (any prefix /0) only where the catalogue says why (finding 18.12: the bastion's nftables
  // then drops its source match and OCI opens the port to the world).
  for (const key of catalogue) {
    if (key.type !== 'ipv4-cidr-list' || !typed.has(key.name) || key.anySourceReason !== undefined) continue;
    const any = (values[key.name] as string[]).filter((c) => parseCidr(c)?.prefix === 0);
    if (any.length > 0)
      problems.push(
        problem(
          key.name,
          'vault-no-any-source',
          `contains ${any.join(', ')}, which opens ${key.description.replace(/\.$/, '')} to every address`,
          'list the admin networks only (a /32 per address); to really allow any source, give the key an anySourceReason in model/secrets.ts',
        ),
      );
  }

  // Each Proxmox stack's API token belongs to its location's automation identity (privilege-separated, never root@pam).
  for (const stack of stacksOfKind(model, 'proxmox')) {
    const key = proxmoxApiKeys(model, stack.name).apiToken;
    const token = values[key];
    if (!typed.has(key) || typeof token !== 'string') continue;
    const m = /^([^@!=\s]+@[^!=\s]+)!([^=\s]+)=\S+$/.exec(token);
    const automation = model.pveClusters.filter((c) => c.location === stack.location).map((c) => c.automation);
    if (!m)
      problems.push(
        problem(
          key,
          'proxmox-token-identity',
          'is not of the form user@realm!tokenid=secret',
          'paste the line ansible/proxmox.yml wrote to /root/platform-stack-proxmox-api-token',
        ),
      );
    else if (m[1].startsWith('root@'))
      problems.push(
        problem(
          key,
          'proxmox-token-identity',
          `is a token of ${m[1]}: root on every node, and still unable to set bind mounts`,
          "use the automation user's privilege-separated token (ansible/proxmox.yml creates it)",
        ),
      );
    else if (automation.length > 0 && !automation.some((a) => a.user === m[1] && a.tokenId === m[2]))
      problems.push(
        problem(
          key,
          'proxmox-token-identity',
          `is a token of ${m[1]}!${m[2]}, not of the model's automation identity (${automation.map((a) => `${a.user}!${a.tokenId}`).join(', ')})`,
          'use the token ansible/proxmox.yml created, or fix pveClusters[].automation in homelab.ts',
        ),
      );
  }

  // VLAN IDs: unique per location.
  const vlanOwner = new Map<string, string>();
  for (const net of model.networks) {
    const key = secretNames.vlanId(net.name);
    if (!typed.has(key)) continue;
    const slot = `${net.location}/${String(values[key])}`;
    const other = vlanOwner.get(slot);
    if (other)
      problems.push(
        problem(
          key,
          'vlan-id-unique',
          `VLAN ID ${String(values[key])} of networks/${net.name} is already the VLAN ID of ${other}`,
          'give every network of a location its own VLAN ID',
        ),
      );
    else vlanOwner.set(slot, `networks/${net.name} (${key})`);
  }

  // CIDRs: no two networks overlap.
  const cidrs = new Map<string, Cidr>();
  for (const net of model.networks) {
    const key = secretNames.cidr(net.name);
    if (!typed.has(key)) continue;
    const c = parseCidr(values[key] as string);
    if (c === undefined) continue; // typed: a valid CIDR
    for (const [other, oc] of cidrs) {
      if (cidrsOverlap(c, oc))
        problems.push(
          problem(
            key,
            'cidr-no-overlap',
            `${String(values[key])} of networks/${net.name} overlaps the CIDR of networks/${other}`,
            'give every network its own, disjoint CIDR',
          ),
        );
    }
    cidrs.set(net.name, c);
  }

  // Addresses: inside their network's CIDR, not its network or broadcast address, never shared.
  const owner = new Map<string, string>();
  for (const a of addressesOnNetworks(model)) {
    if (!typed.has(a.key)) continue;
    const text = values[a.key] as string;
    const address = parseIpv4(text);
    if (address === undefined) continue; // typed: a valid address
    const c = cidrs.get(a.network);
    if (c) {
      if (!cidrContains(c, address)) {
        problems.push(
          problem(
            a.key,
            'address-in-cidr',
            `${text} of ${a.entity} is outside ${String(values[secretNames.cidr(a.network)])}, the CIDR of ${a.network}`,
            `pick an address inside ${String(values[secretNames.cidr(a.network)])} (or fix ${secretNames.cidr(a.network)})`,
          ),
        );
      } else if (c.prefix < 31 && (address === c.network || address === broadcast(c))) {
        problems.push(
          problem(a.key, 'address-usable', `${text} of ${a.entity} is the network or broadcast address of ${a.network}`, 'pick a host address of the network'),
        );
      }
    }
    // One service address may be a host's own address (the NFS server); any other reuse is a duplicate.
    const slot = `${a.network}/${text}`;
    const other = owner.get(slot);
    if (other !== undefined && a.kind !== 'service')
      problems.push(
        problem(a.key, 'address-unique', `${text} of ${a.entity} is already used by ${other}`, 'give every guest, host and gateway its own address'),
      );
    else if (other === undefined) owner.set(slot, `${a.entity} (${a.key})`);
  }

  // The media share's server address, while the share is exported by a host of the model, is that host's own address on
  // the share's network: any other address answers no NFS (the clients' mounts would time out).
  const own = mediaServerOwnAddress(model);
  if (own !== undefined && typed.has(secretNames.mediaNfsServer) && typed.has(own.key) && values[secretNames.mediaNfsServer] !== values[own.key])
    problems.push(
      problem(
        secretNames.mediaNfsServer,
        'media-server-address',
        `${String(values[secretNames.mediaNfsServer])} is not the address of ${own.host} on ${own.network} (${String(values[own.key])}), which exports storage/${own.pool}`,
        `set ${secretNames.mediaNfsServer} to the value of ${own.key}`,
      ),
    );
  return problems;
}

/** Keys whose example value may well be the real one (VLAN IDs 10, 20 …; a GPU's PCI path, ids and IOMMU group). */
function examplePlausible(key: SecretKey): boolean {
  return key.type === 'vlan-id' || (key.entity ?? '').includes('/gpus/');
}

/**
 * Keys that still hold the value `ansible/vault.example.yml` gives them (FAKE tokens, documentation-range addresses,
 * example.net …): such a vault is well-formed but would deploy fake values. `task secrets:check` refuses it.
 */
/** Catalogue keys whose vault value is still the example's. */
export function exampleValuedKeys(model: Homelab, values: VaultValues): readonly SecretKey[] {
  const examples = exampleValues(model);
  return secretCatalogue(model).filter(
    (key) => !examplePlausible(key) && key.name in values && examples.has(key.name) && isDeepStrictEqual(values[key.name], examples.get(key.name)),
  );
}

/** A key a later bootstrap step fills (by hand, `filledAt`, or from OpenTofu outputs by `task secrets:sync`). */
export function isPendingKey(key: SecretKey): boolean {
  return key.filledAt !== undefined || key.consumers.includes('tofu-output');
}

/**
 * Keys still holding the example's FAKE value. With `allowPending`, keys a later bootstrap step fills are left out
 * (the caller names them as pending): the early vault checks of `task bootstrap` run before those steps.
 */
export function exampleValueProblems(model: Homelab, values: VaultValues, allowPending = false): readonly Problem[] {
  return exampleValuedKeys(model, values)
    .filter((key) => !(allowPending && isPendingKey(key)))
    .map((key) =>
      problem(
        key.name,
        'vault-not-example',
        `still holds the FAKE value of ansible/vault.example.yml (${key.description})`,
        'put the real value in with `task secrets:edit`',
      ),
    );
}

/** The report `task secrets:check` prints. */
export function formatVaultProblems(problems: readonly Problem[]): string {
  return `secrets:check: the vault has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`;
}
