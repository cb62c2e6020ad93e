/**
 * Derived names. Constructs, stacks and charts take every name from here (or straight from the model, whose names were
 * checked by naming/rules.ts), never from a string literal of their own.
 */

/** `asgard-atlas` → `atlas`: the host name without its location prefix. */
export function hostShortName(hostName: string): string {
  const dash = hostName.indexOf('-');
  return dash < 0 ? hostName : hostName.slice(dash + 1);
}

/** `homelab-<location>-<purpose>-<type>`: the one constructor of cloud and edge resource names. */
export function cloudResourceName(location: string, purpose: string, type: string): string {
  return `homelab-${location}-${purpose}-${type}`;
}

/** The bucket holding OpenTofu state for every stack (lives in the backup location, babylon). */
export function stateBucketName(location: string): string {
  return cloudResourceName(location, 'tfstate', 'storage');
}

/**
 * Kinds of S3 identity babylon hands out: one writer per backup source, one read-only restore identity, one pruner
 * (restic `forget --prune`, held by a person, never by a homelab host) and one backend identity (the S3 state backend
 * of every stack: the state objects and their lock files, nothing else).
 */
export type BucketAccess = 'writer' | 'reader' | 'pruner' | 'backend';

/**
 * The IAM user and policy of a bucket identity: `homelab-<location>-<source>-writer-identity` /
 * `…-writer-policy` for a backup source, `homelab-<location>-restore-reader-identity` for the restore identity.
 */
export function bucketIdentityName(location: string, principal: string, access: BucketAccess, type: 'identity' | 'policy'): string {
  return cloudResourceName(location, `${principal}-${access}`, type);
}

/** The principal name of the read-only restore identity (see bucketIdentityName). */
export const RESTORE_PRINCIPAL = 'restore';

/** The principal of the prune identity, `homelab-babylon-backups-pruner-identity` (restic `forget --prune`, run by a person). */
export const PRUNE_PRINCIPAL = 'backups';

/** The principal of the state-backend identity, `homelab-babylon-tfstate-backend-identity`. */
export const STATE_PRINCIPAL = 'tfstate';

/**
 * The AWS CLI profile (in the person's ~/.aws/config, e.g. SSO with MFA) the babylon stack runs with: it creates IAM
 * users and policies, so no key of the vault may do it (docs/SECURITY.md, "bootstrap identity").
 */
export const BOOTSTRAP_AWS_PROFILE = 'homelab-bootstrap';

/** Cloudflare Access application and policy of an infrastructure endpoint: `homelab-edge-proxmox-ui-access`/`-policy`. */
export function accessName(endpoint: string, type: 'access' | 'policy'): string {
  return cloudResourceName('edge', endpoint, type);
}

/** Network resources of a cloud location's workload: `homelab-coruscant-bastion-vcn`, `…-subnet`, `…-gateway` … */
export function cloudNetworkName(location: string, purpose: string, type: 'vcn' | 'subnet' | 'gateway' | 'routes' | 'firewall'): string {
  return cloudResourceName(location, purpose, type);
}

/** DNS label of a cloud network or subnet (OCI: letters and digits only, starting with a letter, at most 15). */
export function cloudDnsLabel(purpose: string, type: 'vcn' | 'subnet'): string {
  return `${purpose}${type}`.replace(/[^a-z0-9]/g, '').slice(0, 15);
}

/** The state object key of a stack inside the state bucket. */
export function stateKey(stack: string): string {
  return `stacks/${stack}/terraform.tfstate`;
}

/** The project's name, as resource tags and comments carry it. */
export const PROJECT = 'platform-stack';

/** Tags every cloud resource carries. */
export function managedTags(location: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { 'managed-by': PROJECT, location, ...extra };
}

/** Kubernetes resource names derived from an app. */
export const k8sNames = {
  fluxKustomization: (app: string): string => app,
  service: (app: string): string => app,
  configPvc: (app: string): string => `${app}-config`,
  dataPvc: (app: string): string => `${app}-data`,
  ingressRoute: (app: string): string => app,
  forwardAuthMiddleware: 'authentik-forward-auth',
  gitRepository: PROJECT,
  /** Secret holding the deploy key Flux reads this repository with (created by the Ansible bootstrap). */
  fluxGitSecret: 'flux-git-deploy-key',
  /** Secret holding the OpenPGP public keys Flux verifies the HEAD commit with (created by the Ansible bootstrap). */
  fluxGitVerificationSecret: 'flux-git-verification-keys',
  /** Secret in flux-system with only the substitutions one app uses (created by the Ansible bootstrap). */
  substitutionSecret: (app: string): string => `cluster-secrets-${app}`,
  /** Service account (in flux-system) that the Flux Kustomizations of one app impersonate. */
  fluxServiceAccount: (app: string): string => `flux-${app}`,
  /** Role (in the app's namespace) of that service account. */
  fluxRole: (app: string): string => `flux-${app}`,
  /** Flux Kustomization of the second stage of an app (objects that need the CRDs its own HelmRelease installs). */
  configKustomization: (app: string): string => `${app}-config`,
  /** The root Flux Kustomization: applies k8s/clusters/<cluster>/ (itself, the namespaces and every app Kustomization). */
  clusterKustomization: 'cluster',
  helmRepository: (app: string): string => app,
  helmRelease: (app: string): string => app,
  /** Service in front of a Helm-installed app's metrics port (scraped through a ServiceMonitor). */
  metricsService: (app: string): string => `${app}-metrics`,
  serviceMonitor: (app: string): string => app,
  /** Secret of an app whose values Flux substitutes from its `cluster-secrets-<app>`. */
  appSecret: (app: string): string => `${app}-secrets`,
  /** Component of an app (authentik-postgres, authentik-outpost …). */
  component: (app: string, component: string): string => `${app}-${component}`,
  defaultDenyPolicy: 'default-deny',
  dnsEgressPolicy: 'allow-dns-egress',
  namespaceInternalPolicy: 'allow-same-namespace',
  externalEgressPolicy: 'allow-external-egress',
  nodeEgressPolicy: (app: string): string => `allow-${app}-nodes`,
  downloadClientEgressPolicy: (app: string): string => `allow-${app}-download-client`,
  appPolicy: (app: string): string => `allow-${app}`,
  backupStorageLocation: 'default',
  backupSchedule: (source: string): string => source,
} as const;

/** Proxmox tags are lowercase, dash-separated words. */
export function proxmoxTag(kind: 'location' | 'role' | 'layer' | 'managed', value: string): string {
  return `${kind}-${value}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** Identifier-safe form of an entity name (OpenTofu variable names, construct ids): `k8s-master-01` → `k8s_master_01`. */
export function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Internal DNS zone served by AdGuard Home (RFC 8375 `home.arpa`): guests and ingress points get names there, so that
 * generated configuration refers to names and the addresses stay in the vault.
 */
export const INTERNAL_ZONE = 'home.arpa';

export function internalHostname(name: string): string {
  return `${name}.${INTERNAL_ZONE}`;
}

/**
 * Proxmox firewall object names (IP sets, security groups): `[A-Za-z][A-Za-z0-9_-]*`, at most 18 characters
 * (model rule `proxmox-firewall-names` checks the derived names fit).
 */
export const proxmoxFirewallNames = {
  /** Proxmox's built-in IP set: its members reach the host UIs (8006) and SSH even with input policy DROP. */
  managementIpset: 'management',
  /** `styx-servers-vlan` → `styx-servers`: the cluster IP set holding a network's CIDR. */
  networkIpset: (network: string): string => network.replace(/-vlan$/, ''),
  /** The security group of a guest role: the inbound services its guests offer, from the networks allowed to use them. */
  securityGroup: (role: string): string => role,
  maxLength: 18,
} as const;

/** File name of a downloaded image on a Proxmox storage: the URL's base name; cloud images carry the `.qcow2` suffix the `import` content type needs. */
export function proxmoxImageFileName(url: string, kind: 'cloud-image' | 'lxc-template'): string {
  const base = url.slice(url.lastIndexOf('/') + 1);
  return kind === 'cloud-image' ? base.replace(/\.(img|qcow2)$/, '') + '.qcow2' : base;
}

/** The directory of a local directory storage the host-side play registers (one per pool, on the node's own disk). */
export function localStorageDir(storage: string): string {
  return `/var/lib/platform-stack/storage/${storage}`;
}

/**
 * Where a host mounts a shared NFS share served by another host (one fstab entry, nfs_client). Outside /mnt/pve: that
 * tree belongs to Proxmox's storage plugins, which would mount the same export a second time if it were storage there.
 */
export function nfsMountPoint(storage: string): string {
  return `/mnt/platform-stack/${storage}`;
}

/** Name of the Authentik outpost object the identity-outpost guests run (the NGINX proxy's forward-auth hostnames). */
export const AUTHENTIK_INFRASTRUCTURE_OUTPOST = 'infrastructure';

/** Ansible group name of a model entity or role: identifier-safe (Ansible warns on dashes in group names). */
export function ansibleGroup(name: string): string {
  return identifier(name);
}

/** Where the configuration layer mounts a data disk for its consumer (`DiskSpec.use`); the consumer writes there. */
export const DATA_DISK_MOUNTS = {
  /** The local-path provisioner's volumes (charts/apps/local-path-provisioner.ts points the provisioner here). */
  'local-path': '/var/lib/local-path-provisioner',
} as const;

/** Filesystem label of a data disk (ext4 labels hold at most 16 characters). */
export function dataDiskLabel(use: keyof typeof DATA_DISK_MOUNTS): string {
  return use.slice(0, 16);
}

/**
 * Stable device path of a Proxmox VM disk inside the guest: QEMU's SCSI disks carry the drive id (`drive-scsi<N>`)
 * as their serial, so udev names them `/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi<N>` whatever the boot order.
 */
export function proxmoxScsiDiskById(index: number): string {
  return `/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi${index}`;
}
