/**
 * Structural check of a model that comes from outside the type checker (a JSON file, a fixture): every field has the
 * type model/types.ts declares, closed sets hold one of their values, no unknown field slips through. Rules in
 * model/rules/ run only on a model that passed this check.
 */
import type { Homelab } from './types';
import { Problems } from './errors';

type Shape =
  | { readonly t: 'string' }
  | { readonly t: 'number'; readonly integer?: boolean; readonly min?: number; readonly max?: number }
  | { readonly t: 'boolean' }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'array'; readonly of: Shape }
  | { readonly t: 'object'; readonly fields: Readonly<Record<string, Field>> }
  | { readonly t: 'oneOf'; readonly options: readonly Shape[]; readonly label: string };

interface Field {
  readonly shape: Shape;
  readonly optional?: boolean;
}

const str: Shape = { t: 'string' };
const bool: Shape = { t: 'boolean' };
const int = (min?: number, max?: number): Shape => ({ t: 'number', integer: true, min, max });
const num = (min?: number): Shape => ({ t: 'number', min });
const en = (...values: string[]): Shape => ({ t: 'enum', values });
const arr = (of: Shape): Shape => ({ t: 'array', of });
const obj = (fields: Record<string, Shape | Field>): Shape => ({
  t: 'object',
  fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, 'shape' in v ? v : { shape: v }])),
});
const opt = (shape: Shape): Field => ({ shape, optional: true });

const lifecycle = en('active', 'planned');
const services = en('ssh', 'http', 'https', 'dns', 'proxmox-ui', 'nfs', 'iscsi', 'k8s-api', 'kubelet', 'flannel-vxlan', 'metrics', 'icmp', 'wireguard', 'authentik-outpost', 'any');
const hostServices = en('proxmox-ui', 'truenas-ui', 'nfs-server', 'iscsi-target');
const auth = en('authentik', 'none');

export const HOMELAB_SHAPE: Shape = obj({
  name: str,
  gitops: obj({ repositoryUrl: str, branch: str }),
  storageStage: en('current', 'future'),
  locations: arr(obj({ name: str, kind: en('on-prem', 'cloud'), cloud: opt(en('aws', 'oci')), region: opt(str), description: str, lifecycle: opt(lifecycle) })),
  pveClusters: arr(obj({ name: str, location: str, automation: obj({ user: str, tokenId: str, role: str }), tls: opt(en('verify', 'insecure')) })),
  hosts: arr(
    obj({
      name: str,
      location: str,
      kind: en('proxmox', 'truenas'),
      capacity: obj({ cores: int(1), memoryGiB: num(1) }),
      overcommit: opt(obj({ cpu: opt(num(1)), memory: opt(num(1)) })),
      gpus: opt(arr(obj({ name: str, model: str, allFunctions: opt(bool), subsystemId: opt(bool) }))),
      services: opt(arr(hostServices)),
      networks: arr(str),
      pveCluster: opt(str),
      lifecycle: opt(lifecycle),
      description: opt(str),
    }),
  ),
  storage: arr(
    obj({
      name: str,
      kind: en('local-ssd', 'nfs', 'iscsi', 'zfs-pool'),
      host: str,
      content: arr(en('vm-disks', 'container-rootfs', 'media', 'backups', 'images', 'snippets')),
      stages: arr(en('current', 'future')),
      path: opt(str),
      network: opt(str),
      backend: opt(en('dir', 'lvm-thin', 'zfspool')),
      owner: opt(obj({ uid: int(0, 4_294_967_294), gid: int(0, 4_294_967_294) })),
      movesTo: opt(str),
      description: opt(str),
    }),
  ),
  networks: arr(obj({ name: str, purpose: en('mgmt', 'servers', 'iot', 'storage', 'apps', 'users'), location: str, bridge: str, description: str })),
  flows: arr(obj({ from: str, to: str, services: arr(services), why: str })),
  images: arr(obj({ name: str, kind: en('cloud-image', 'lxc-template'), url: str, storage: str, checksum: opt(obj({ algorithm: en('sha256', 'sha512'), value: str })) })),
  guests: arr(
    obj({
      name: str,
      kind: en('vm', 'lxc'),
      host: str,
      role: en('k8s-control-plane', 'k8s-worker', 'identity-outpost', 'gpu-workbench', 'media-downloads', 'tunnel', 'reverse-proxy', 'dns', 'vpn-gateway', 'service'),
      vmid: int(100, 999_999_999),
      cores: int(1, 512),
      memoryMiB: int(16),
      disks: arr(obj({ storage: str, sizeGiB: int(1), use: opt(en('local-path')) })),
      networks: arr(str),
      image: str,
      gpu: opt(str),
      privileged: opt(bool),
      nesting: opt(bool),
      mounts: opt(arr(obj({ storage: str, path: str }))),
      serves: opt(arr(services)),
      lifecycle: opt(lifecycle),
      description: str,
    }),
  ),
  cloudInstances: arr(
    obj({
      name: str,
      location: str,
      role: en('bastion'),
      shape: str,
      ocpus: num(1),
      memoryGiB: num(1),
      bootVolumeGiB: int(50),
      image: obj({ operatingSystem: str, version: str }),
      inbound: arr(services),
      openInbound: opt(arr(obj({ service: services, reason: str }))),
      description: str,
    }),
  ),
  clusters: arr(
    obj({
      name: str,
      location: str,
      distribution: en('k3s'),
      version: str,
      controlPlane: arr(str),
      workers: arr(str),
      storageClasses: arr(str),
    }),
  ),
  apps: arr(
    obj({
      name: str,
      namespace: str,
      tier: en('platform', 'application'),
      cluster: str,
      description: str,
      image: opt(obj({ repository: str, tag: str })),
      chart: opt(obj({ repository: str, name: str, version: str })),
      port: opt(int(1, 65535)),
      exposure: opt(obj({ hostname: str, auth: opt(auth), internet: opt(bool), public: opt(bool) })),
      volume: opt(obj({ mountPath: str, sizeGiB: int(1), storageClass: str, holds: opt(en('state', 'cache')), backup: opt(bool) })),
      media: opt(bool),
      mediaAccess: opt(en('read-only', 'read-write')),
      metrics: opt(obj({ port: int(1, 65535), path: str })),
      dependsOn: opt(arr(str)),
      manualSteps: opt(arr(obj({ id: str, action: str, vaultKey: opt(str) }))),
      healthChecked: opt(bool),
      podSecurity: opt(obj({ level: en('baseline', 'privileged'), reason: opt(str) })),
    }),
  ),
  infraEndpoints: arr(
    obj({ name: str, hostname: str, host: str, service: hostServices, port: int(1, 65535), scheme: en('http', 'https'), auth: opt(auth), cloudflareAccess: opt(bool) }),
  ),
  proxySites: opt(
    arr(
      obj({
        name: str,
        hostname: str,
        upstream: obj({ guest: str, port: int(1, 65535), scheme: en('http', 'https') }),
        auth: opt(auth),
        websockets: opt(bool),
      }),
    ),
  ),
  edge: obj({ dns: en('cloudflare'), tunnel: str, connector: str, infrastructureProxy: str, applicationIngress: str }),
  backups: obj({
    bucket: str,
    location: str,
    sources: arr(
      obj({
        name: str,
        from: { shape: { t: 'oneOf', label: '{ host } or { cluster }', options: [obj({ host: str }), obj({ cluster: str })] } },
        prefix: str,
        tool: en('restic', 'velero'),
        schedule: str,
        volumes: opt(en('opt-in', 'all')),
      }),
    ),
    noncurrentVersionExpiryDays: int(1),
    objectLock: opt(obj({ mode: en('GOVERNANCE', 'COMPLIANCE'), days: int(1) })),
    transitionAfterDays: int(30),
    transitionStorageClass: en('STANDARD_IA', 'GLACIER_IR', 'DEEP_ARCHIVE'),
  }),
});

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Appends `[n]` or `/name` to a path: array items are named by their `name` field when they have one. */
export function childPath(path: string, index: number, item: unknown): string {
  const name = typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : undefined;
  return name !== undefined && name !== '' ? `${path}/${name}` : `${path}[${index}]`;
}

function check(value: unknown, shape: Shape, path: string, problems: Problems): boolean {
  const where = path === '' ? 'model' : path;
  switch (shape.t) {
    case 'string':
      if (typeof value !== 'string' || value.trim() === '') {
        problems.report(where, 'shape-type', typeof value === 'string' ? 'the value is empty' : `expected a non-empty string, got ${typeOf(value)}`, 'give a non-empty text value');
        return false;
      }
      return true;
    case 'boolean':
      if (typeof value !== 'boolean') {
        problems.report(where, 'shape-type', `expected true or false, got ${typeOf(value)}`, 'use a boolean');
        return false;
      }
      return true;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.report(where, 'shape-type', `expected a number, got ${typeOf(value)}`, 'use a number');
        return false;
      }
      if (shape.integer === true && !Number.isInteger(value)) {
        problems.report(where, 'shape-range', `expected a whole number, got ${value}`, 'use a whole number');
        return false;
      }
      if ((shape.min !== undefined && value < shape.min) || (shape.max !== undefined && value > shape.max)) {
        problems.report(where, 'shape-range', `${value} is outside ${shape.min ?? '-∞'}..${shape.max ?? '∞'}`, `use a value from ${shape.min ?? '-∞'} to ${shape.max ?? '∞'}`);
        return false;
      }
      return true;
    }
    case 'enum':
      if (typeof value !== 'string' || !shape.values.includes(value)) {
        problems.report(where, 'shape-enum', `${JSON.stringify(value)} is not one of ${shape.values.join(', ')}`, `use one of ${shape.values.join(', ')}`);
        return false;
      }
      return true;
    case 'array':
      if (!Array.isArray(value)) {
        problems.report(where, 'shape-type', `expected a list, got ${typeOf(value)}`, 'use a list ([…])');
        return false;
      }
      return value.map((item, i) => check(item, shape.of, childPath(where, i, item), problems)).every(Boolean);
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.report(where, 'shape-type', `expected an object, got ${typeOf(value)}`, 'use an object ({…}) of the shape in model/types.ts');
        return false;
      }
      let ok = true;
      const record = value as Record<string, unknown>;
      for (const [key, field] of Object.entries(shape.fields)) {
        const fieldPath = path === '' ? key : `${where}/${key}`;
        if (record[key] === undefined) {
          if (field.optional !== true) {
            problems.report(fieldPath, 'shape-required', `required field "${key}" is missing`, `add "${key}" (see model/types.ts)`);
            ok = false;
          }
          continue;
        }
        ok = check(record[key], field.shape, fieldPath, problems) && ok;
      }
      for (const key of Object.keys(record)) {
        if (!(key in shape.fields)) {
          problems.report(path === '' ? key : `${where}/${key}`, 'shape-unknown-field', `unknown field "${key}"`, `remove it or use one of ${Object.keys(shape.fields).join(', ')}`);
          ok = false;
        }
      }
      return ok;
    }
    case 'oneOf': {
      for (const option of shape.options) {
        const scratch = new Problems();
        if (check(value, option, path, scratch)) return true;
      }
      problems.report(where, 'shape-type', `expected ${shape.label}, got ${JSON.stringify(value)}`, `use ${shape.label}`);
      return false;
    }
  }
}

/** Checks the structure of `value`; reports every structural problem and returns whether it is a Homelab. */
export function checkShape(value: unknown, problems: Problems): value is Homelab {
  return check(value, HOMELAB_SHAPE, '', problems);
}
