/**
 * The homelab naming convention, as code. Every name in the model goes through one of these rules;
 * docs/NAMING_CONVENTION.md is generated from the same table (see naming/document.ts).
 */

/** The kinds of names the convention governs. A closed set: adding a kind means adding a rule. */
export type NameKind =
  'location' | 'host' | 'guest' | 'storage' | 'network' | 'cloud-resource' | 'k8s-cluster' | 'pve-cluster' | 'k8s-name' | 'hostname-label' | 'gpu';

/** Context some rules need: the location a host lives in, the host a storage pool belongs to … */
export interface NameContext {
  /** Codename of the location the named thing belongs to. @default no location check */
  readonly location?: string;
  /** Short name of the host (without location prefix) a storage pool belongs to. @default no host check */
  readonly hostShort?: string;
  /** Every location codename of the model (a guest name must not start with one). @default no location-prefix check */
  readonly locations?: readonly string[];
}

export interface NamingRule {
  readonly kind: NameKind;
  /** Human form of the pattern, as printed in docs and errors. */
  readonly pattern: string;
  readonly description: string;
  /** Names that follow the rule (documentation and tests). */
  readonly valid: readonly string[];
  /** Names that break the rule (documentation and tests). */
  readonly invalid: readonly string[];
  /** Returns undefined when `name` follows the rule, else why it does not. */
  check(name: string, context?: NameContext): string | undefined;
}

const WORD = '[a-z][a-z0-9]*';
const SEGMENTS = `${WORD}(?:-[a-z0-9]+)*`;

/**
 * Purposes of a network, carried in its name (`<theme>-<purpose>-vlan`) and the closed set of `networks[].purpose` in
 * the model schema: management, servers, IoT, storage, applications, and `users` — the people's own devices (laptops,
 * phones), which resolve through AdGuard and reach the published names.
 */
export const NETWORK_PURPOSES = ['mgmt', 'servers', 'iot', 'storage', 'apps', 'users'] as const;
/** Resource types a cloud resource name may end with (`homelab-<location>-<purpose>-<type>`). */
export const CLOUD_RESOURCE_TYPES = [
  'storage',
  'vcn',
  'subnet',
  'gateway',
  'routes',
  'firewall',
  'tunnel',
  'identity',
  'key',
  'policy',
  'vm',
  'access',
] as const;

function matcher(regex: RegExp, expectation: string): (name: string) => string | undefined {
  return (name) => (regex.test(name) ? undefined : expectation);
}

const locationRe = /^[a-z]{3,15}$/;
const dnsLabelRe = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export const NAMING_RULES: readonly NamingRule[] = [
  {
    kind: 'location',
    pattern: '<codename>',
    description: 'A location is one lowercase thematic codename of 3–15 letters, no digits or dashes.',
    valid: ['asgard', 'wano', 'babylon', 'coruscant'],
    invalid: ['Asgard', 'site-1', 'eu', 'asgard2'],
    check: matcher(locationRe, 'a single lowercase word of 3–15 letters'),
  },
  {
    kind: 'host',
    pattern: '<location>-<hostname>',
    description: 'A bare-metal host is named after its location, then a thematic lowercase hostname.',
    valid: ['asgard-atlas', 'asgard-godzilla', 'wano-zunesha'],
    invalid: ['atlas', 'asgard_atlas', 'asgard-atlas-01', 'wano-Zunesha'],
    check(name, context) {
      const m = /^([a-z]{3,15})-([a-z]{2,20})$/.exec(name);
      if (!m) return '<location>-<hostname>, both lowercase letters only';
      if (context?.location !== undefined && m[1] !== context.location) {
        return `the prefix "${m[1]}" must be the host's location "${context.location}"`;
      }
      return undefined;
    },
  },
  {
    kind: 'guest',
    pattern: '<role>-<NN>',
    description:
      'A VM, LXC or cloud instance is named by its role (lowercase words joined by dashes) and a two-digit ordinal, never prefixed by a location of the model (the host carries the location).',
    valid: ['k8s-master-01', 'authentik-01', 'ai-workbench-01', 'bananagator-01'],
    invalid: ['k8s-master', 'k8s-master-1', 'K8s-Master-01', 'media_01'],
    check(name, context) {
      if (!new RegExp(`^${SEGMENTS}-[0-9]{2}$`).test(name)) return '<role>-<NN>: lowercase role words, then a dash and two digits';
      const prefix = name.slice(0, name.indexOf('-'));
      if (context?.locations?.includes(prefix)) return `a guest name carries no location prefix (the host does): "${prefix}" is a location`;
      return undefined;
    },
  },
  {
    kind: 'storage',
    pattern: '<hostname>-<pool>',
    description: 'A storage pool is named after the host that serves it (without the location) and a thematic pool name.',
    valid: ['atlas-bedrock', 'atlas-data', 'zunesha-tank'],
    invalid: ['bedrock', 'asgard-atlas-bedrock', 'atlas_bedrock'],
    check(name, context) {
      const m = /^([a-z]{2,20})-([a-z][a-z0-9]{1,20})$/.exec(name);
      if (!m) return '<hostname>-<pool>, lowercase';
      if (context?.hostShort !== undefined && m[1] !== context.hostShort) {
        return `the prefix "${m[1]}" must be the serving host's name "${context.hostShort}"`;
      }
      return undefined;
    },
  },
  {
    kind: 'network',
    pattern: `<theme>-<purpose>-vlan, purpose ∈ {${NETWORK_PURPOSES.join(', ')}}`,
    description: 'A logical network (VLAN) is a thematic word, its purpose and the suffix -vlan.',
    valid: ['styx-servers-vlan', 'bifrost-iot-vlan', 'heimdall-mgmt-vlan'],
    invalid: ['styx-vlan', 'styx-servers', 'styx-web-vlan', 'Styx-servers-vlan'],
    check(name) {
      const m = /^([a-z]{3,15})-([a-z]+)-vlan$/.exec(name);
      if (!m) return '<theme>-<purpose>-vlan, lowercase';
      if (!(NETWORK_PURPOSES as readonly string[]).includes(m[2])) return `purpose "${m[2]}" is not one of ${NETWORK_PURPOSES.join(', ')}`;
      return undefined;
    },
  },
  {
    kind: 'cloud-resource',
    pattern: `homelab-<location>-<purpose>-<type>, type ∈ {${CLOUD_RESOURCE_TYPES.join(', ')}}`,
    description: 'A cloud or edge resource is prefixed homelab-, then its location, its purpose and its type.',
    valid: ['homelab-babylon-backups-storage', 'homelab-babylon-tfstate-storage', 'homelab-coruscant-bastion-vcn'],
    invalid: ['babylon-backups', 'homelab-backups-storage', 'homelab-babylon-backups-bucket', 'homelab-Babylon-backups-storage'],
    check(name, context) {
      const m = /^homelab-([a-z]{3,15})-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)-([a-z]+)$/.exec(name);
      if (!m) return 'homelab-<location>-<purpose>-<type>, lowercase';
      if (!(CLOUD_RESOURCE_TYPES as readonly string[]).includes(m[3])) return `type "${m[3]}" is not one of ${CLOUD_RESOURCE_TYPES.join(', ')}`;
      if (context?.location !== undefined && m[1] !== context.location) return `the location part "${m[1]}" must be "${context.location}"`;
      if (name.length > 63) return 'at most 63 characters (S3 bucket limit)';
      return undefined;
    },
  },
  {
    kind: 'k8s-cluster',
    pattern: '<location>-<theme>-cluster',
    description: 'A Kubernetes cluster is named after its location, a thematic word and the suffix -cluster.',
    valid: ['asgard-orion-cluster'],
    invalid: ['orion', 'asgard-orion', 'orion-cluster-asgard'],
    check(name, context) {
      const m = /^([a-z]{3,15})-([a-z]{3,15})-cluster$/.exec(name);
      if (!m) return '<location>-<theme>-cluster, lowercase';
      if (context?.location !== undefined && m[1] !== context.location) return `the prefix "${m[1]}" must be the location "${context.location}"`;
      return undefined;
    },
  },
  {
    kind: 'pve-cluster',
    pattern: '<location>-pve (≤ 15 characters, corosync limit)',
    description: 'A Proxmox VE cluster is named after its location and -pve.',
    valid: ['asgard-pve', 'wano-pve'],
    invalid: ['asgard-cluster', 'pve', 'asgard-proxmox-ve'],
    check(name, context) {
      const m = /^([a-z]{3,15})-pve$/.exec(name);
      if (!m || name.length > 15) return '<location>-pve, at most 15 characters';
      if (context?.location !== undefined && m[1] !== context.location) return `the prefix "${m[1]}" must be the location "${context.location}"`;
      return undefined;
    },
  },
  {
    kind: 'k8s-name',
    pattern: 'RFC 1123 label (≤ 63, a-z 0-9 -)',
    description: 'Kubernetes apps and namespaces are DNS labels: lowercase alphanumerics and dashes, at most 63 characters.',
    valid: ['traefik', 'arr-stack', 'kube-prometheus'],
    invalid: ['Traefik', 'arr_stack', '-grafana', 'grafana-'],
    check: matcher(dnsLabelRe, 'lowercase letters, digits and dashes, starting and ending alphanumeric, at most 63 characters'),
  },
  {
    kind: 'hostname-label',
    pattern: 'DNS label below the (secret) domain',
    description: 'A public hostname is one DNS label; the domain itself is a secret and is appended at deploy time.',
    valid: ['grafana', 'pve', 'jellyfin'],
    invalid: ['grafana.example.org', 'Grafana', 'my_app'],
    check: matcher(dnsLabelRe, 'a single DNS label (no dots: the domain is added from the vault)'),
  },
  {
    kind: 'gpu',
    pattern: '<hostname>-gpu<N>',
    description: 'A passthrough GPU is named after its host and its index; the name is also its Proxmox PCI mapping.',
    valid: ['godzilla-gpu0'],
    invalid: ['gpu0', 'godzilla-gpu', 'godzilla-GPU0'],
    check(name, context) {
      const m = /^([a-z]{2,20})-gpu([0-9])$/.exec(name);
      if (!m) return '<hostname>-gpu<N>';
      if (context?.hostShort !== undefined && m[1] !== context.hostShort) return `the prefix "${m[1]}" must be the host's name "${context.hostShort}"`;
      return undefined;
    },
  },
];

const BY_KIND = new Map(NAMING_RULES.map((r) => [r.kind, r]));

export function namingRule(kind: NameKind): NamingRule {
  const rule = BY_KIND.get(kind);
  if (!rule) throw new Error(`no naming rule for kind "${kind}"`);
  return rule;
}

/** Checks `name` against the rule for `kind`; returns the reason it breaks the rule, or undefined. */
export function checkName(kind: NameKind, name: string, context?: NameContext): string | undefined {
  return namingRule(kind).check(name, context);
}
