/**
 * The committed plaintext example of the vault (ansible/vault.example.yml), generated from the secret catalogue:
 * every key, with a value of the right shape from the documentation ranges (RFC 5737 addresses, example.net, fake
 * tokens). It shows the shape of the real vault and is the starting point of `task secrets:edit`.
 */
import { Document, YAMLMap, Scalar, Pair } from 'yaml';
import type { Homelab } from '../model/types';
import { proxmoxApiKeys, secretCatalogue, secretNames, type SecretKey } from '../model/secrets';
import { stacksOfKind } from '../model/stacks';
import { addressesOnNetworks, mediaServerOwnAddress } from './layout';
import { GENERATED_BY } from '../naming/header';
import { formatCidr, formatIpv4, parseIpv4, type Cidr } from './ipv4';

/** Documentation ranges (RFC 5737) cut into /27 blocks for the example VLANs. */
const DOC_RANGES = ['192.0.2.0', '198.51.100.0', '203.0.113.0'];
const BLOCK = 27;
const EXAMPLE_DOMAIN = 'example.net';

/** Values of keys whose shape is more specific than their type. */
const SPECIAL: Readonly<Record<string, unknown>> = {
  [secretNames.npmAdminEmail]: `admin@${EXAMPLE_DOMAIN}`,
  [secretNames.adminCidrs]: ['203.0.113.128/28'],
  [secretNames.wireguardTunnelCidr]: '203.0.113.252/30',
};

/** The Proxmox API token of the model's automation identity (secrets:check refuses a token of anyone else). */
/** The example token of a Proxmox stack: a token of its location's automation identity. */
function proxmoxTokenExample(model: Homelab, location: string | undefined): string {
  const automation = (model.pveClusters.find((c) => c.location === location) ?? model.pveClusters.at(0))?.automation;
  return `${automation?.user ?? 'tofu@pve'}!${automation?.tokenId ?? 'platform-stack'}=00000000-fake-fake-fake-000000000000`;
}

function block(index: number): Cidr {
  const blocksPerRange = 2 ** (BLOCK - 24);
  const range = Math.floor(index / blocksPerRange);
  if (range >= DOC_RANGES.length) throw new Error(`the example vault supports at most ${DOC_RANGES.length * blocksPerRange} networks`);
  const base = parseIpv4(DOC_RANGES[range]);
  if (base === undefined) throw new Error(`secrets/example.ts: ${DOC_RANGES[range]} is not an IPv4 address`);
  return { network: base + (index % blocksPerRange) * 2 ** (32 - BLOCK), prefix: BLOCK };
}

/** Example values for every catalogue key, keyed by name. */
export function exampleValues(model: Homelab): ReadonlyMap<string, unknown> {
  const values = new Map<string, unknown>();
  const cidrs = new Map<string, Cidr>();
  model.networks.forEach((net, i) => {
    const c = block(i);
    cidrs.set(net.name, c);
    values.set(secretNames.vlanId(net.name), 10 * (i + 1));
    values.set(secretNames.cidr(net.name), formatCidr(c));
  });
  const next = new Map<string, number>();
  for (const a of addressesOnNetworks(model)) {
    const c = cidrs.get(a.network);
    if (!c) continue;
    const offset = a.kind === 'gateway' ? 1 : (next.get(a.network) ?? 10);
    if (a.kind !== 'gateway') next.set(a.network, offset + 1);
    values.set(a.key, formatIpv4(c.network + offset));
  }
  // The media share's server is its exporting host's own address (secrets:check rule media-server-address).
  const mediaServer = mediaServerOwnAddress(model);
  if (mediaServer !== undefined) values.set(secretNames.mediaNfsServer, values.get(mediaServer.key));
  const mgmtHost = model.hosts.find((h) => h.kind === 'proxmox');
  const endpointAddress = mgmtHost ? values.get(secretNames.hostAddress(mgmtHost.name)) : undefined;
  const tokens = new Map(stacksOfKind(model, 'proxmox').map((s) => [proxmoxApiKeys(model, s.name).apiToken, s.location]));
  for (const key of secretCatalogue(model)) {
    if (values.has(key.name)) continue;
    values.set(key.name, tokens.has(key.name) ? proxmoxTokenExample(model, tokens.get(key.name)) : (SPECIAL[key.name] ?? exampleOfType(key, endpointAddress)));
  }
  let cloud = 10;
  for (const instance of model.cloudInstances) values.set(secretNames.cloudInstanceAddress(instance.name), `203.0.113.${cloud++}`);
  return values;
}

function exampleOfType(key: SecretKey, endpointAddress: unknown): unknown {
  switch (key.type) {
    case 'ipv4-address':
      return '203.0.113.1';
    case 'ipv4-cidr':
      return '203.0.113.0/28';
    case 'ipv4-cidr-list':
      return ['203.0.113.0/28'];
    case 'vlan-id':
      return 4000;
    case 'domain':
      return EXAMPLE_DOMAIN;
    case 'url':
      return `https://${typeof endpointAddress === 'string' ? endpointAddress : '192.0.2.10'}:8006/`;
    case 'token':
      return `FAKE-${key.name.replace(/_/g, '-')}-not-a-real-token`;
    case 'id':
      return `fake-${key.name.replace(/_/g, '-')}`;
    case 'pci-path':
      return '0000:01:00';
    case 'pci-id':
      return '1043:87b3';
    case 'pci-id-list':
      return ['10de:2204', '10de:1aef'];
    case 'iommu-group':
      return 14;
    case 'passphrase':
      return `fake passphrase for ${key.name}, change me`;
    case 'ssh-public-keys':
      return ['ssh-ed25519 AAAAFAKEKEYFAKEKEYFAKEKEY admin@example.net'];
    case 'pem':
      return `-----BEGIN FAKE PRIVATE KEY-----\nfake ${key.name}\n-----END FAKE PRIVATE KEY-----\n`;
    case 'email-list':
      return [`admin@${EXAMPLE_DOMAIN}`];
  }
}

/** The example vault as YAML, each key preceded by its description and consumers. */
export function exampleVaultYaml(model: Homelab): string {
  const values = exampleValues(model);
  const doc = new Document(new YAMLMap());
  const map = doc.contents as YAMLMap;
  for (const key of secretCatalogue(model)) {
    const pair = new Pair(new Scalar(key.name), doc.createNode(values.get(key.name)));
    (pair.key as Scalar).commentBefore =
      ` ${key.description} [${key.type}; ${key.consumers.join(', ')}${key.tofuStacks ? `; stacks: ${key.tofuStacks.join(', ')}` : ''}]`;
    map.items.push(pair);
  }
  doc.commentBefore = [
    ` ${GENERATED_BY}`,
    ' Shape of the Ansible Vault (ansible/group_vars/all/vault.yml): every key of model/secrets.ts secretCatalogue(),',
    ' with FAKE values from the documentation ranges. `task secrets:edit` starts the real vault from it.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
