/**
 * The schema of the homelab model, written once: model/types.ts infers every TypeScript type from it, validation
 * (model/validate.ts) checks a model that comes from outside the type checker (a JSON file, a fixture) against it, and
 * synth writes it out as JSON Schema (docs/homelab.schema.json) for editors. The model holds names, shapes and
 * relations — never a secret: addresses, CIDRs, VLAN IDs, the domain, account/zone IDs and tokens live in the Ansible
 * Vault (see model/secrets.ts). Relations between entities are checked by the rules in model/rules/.
 */
import { z } from './zod';
import { NETWORK_PURPOSES } from '../naming/rules';

/** Text that says something (not empty, not only spaces). */
const text = () => z.string().regex(/\S/);
const int = (min: number, max?: number) => (max === undefined ? z.int().min(min) : z.int().min(min).max(max));
const num = (min: number) => z.number().min(min);
const port = () => int(1, 65535);

/** Whether an entity exists today or is the planned (future) state of the seed architecture. */
export const LIFECYCLES = ['active', 'planned'] as const;
/** Which side of the storage switch is live: today's host storage or the TrueNAS in wano. */
export const STORAGE_STAGES = ['current', 'future'] as const;
/** Named services for the firewall matrix: a closed set with their well-known ports. */
export const SERVICE_NAMES = [
  'ssh',
  'http',
  'https',
  'dns',
  'proxmox-ui',
  'nfs',
  'iscsi',
  'k8s-api',
  'kubelet',
  'flannel-vxlan',
  'metrics',
  'icmp',
  // WireGuard (the bastion's link into the management network).
  'wireguard',
  // The standalone Authentik proxy outpost (forward-auth endpoint of the NGINX proxy).
  'authentik-outpost',
  'any',
] as const;
/** Roles of guests: a closed set so every output can react to it. */
export const GUEST_ROLES = [
  'k8s-control-plane',
  'k8s-worker',
  'identity-outpost',
  'gpu-workbench',
  'media-downloads',
  'tunnel',
  'reverse-proxy',
  'dns',
  // The asgard end of the bastion's WireGuard link: routes tunnel traffic by the flow matrix (no NAT).
  'vpn-gateway',
  // A general-purpose service VM (generated fixtures, future one-off guests).
  'service',
] as const;

const lifecycle = z.enum(LIFECYCLES);
const storageStage = z.enum(STORAGE_STAGES);
const service = z.enum(SERVICE_NAMES);
/** Services a host offers itself (not through a guest). */
const hostService = z.enum(['proxmox-ui', 'truenas-ui', 'nfs-server', 'iscsi-target']);
const authMode = z.enum(['authentik', 'none']);
const scheme = z.enum(['http', 'https']);

export const locationSchema = z.strictObject({
  /** Codename (naming rule `location`). */
  name: text(),
  kind: z.enum(['on-prem', 'cloud']),
  /** The cloud behind a cloud location. @default none (on-prem) */
  cloud: z.enum(['aws', 'oci']).optional(),
  description: text(),
  /** Cloud region (not a secret). @default none (on-prem) */
  region: text().optional(),
  /** @default 'active' */
  lifecycle: lifecycle.optional(),
});

export const gpuSchema = z.strictObject({
  /** `<hostname>-gpu<N>`; also the name of the Proxmox PCI resource mapping. */
  name: text(),
  model: text(),
  /** Whether the GPU's audio function and the like go along (all functions of the device). @default true */
  allFunctions: z.boolean().optional(),
  /**
   * Whether the card reports a PCI subsystem ID (`lspci -nn -s <path> -v`: "Subsystem: … [vvvv:dddd]"); Proxmox checks
   * it against the mapping when the card has one, so the vault then holds it. @default true
   */
  subsystemId: z.boolean().optional(),
});

export const hostCapacitySchema = z.strictObject({ cores: int(1), memoryGiB: num(1) });

/** How far guests may exceed the host's physical capacity. */
export const overcommitSchema = z.strictObject({
  /** vCPUs per physical core. @default 4 */
  cpu: num(1).optional(),
  /** Guest memory per GiB of host memory. @default 1 (no memory overcommit) */
  memory: num(1).optional(),
});

export const hostSchema = z.strictObject({
  /** `<location>-<hostname>` (naming rule `host`). */
  name: text(),
  location: text(),
  kind: z.enum(['proxmox', 'truenas']),
  capacity: hostCapacitySchema,
  /** @default { cpu: 4, memory: 1 } */
  overcommit: overcommitSchema.optional(),
  /** GPUs this host can pass through to guests. @default none */
  gpus: z.array(gpuSchema).optional(),
  /** @default none */
  services: z.array(hostService).optional(),
  /** Networks the host has an address on, management first (addresses are secrets). */
  networks: z.array(text()),
  /** Name of the Proxmox VE cluster the host is a member of (Proxmox hosts only). @default none */
  pveCluster: text().optional(),
  /** @default 'active' */
  lifecycle: lifecycle.optional(),
  description: text().optional(),
});

/** The API identity of the provisioning layer on a Proxmox VE cluster (names only; the token secret is in the vault). */
export const pveAutomationSchema = z.strictObject({
  /** `user@realm`, e.g. tofu@pve (a pve-realm user without a shell login). Never root@pam. */
  user: text(),
  /** Token id: the part after `!` in `user@realm!id`. */
  tokenId: text(),
  /** Custom role holding exactly the privileges the bpg/proxmox resources we create need (ansible role pve_access). */
  role: text(),
});

/** A Proxmox VE cluster: several hosts behind one API endpoint (the endpoint itself is a secret). */
export const pveClusterSchema = z.strictObject({
  /** `<location>-pve` (naming rule `pve-cluster`). */
  name: text(),
  location: text(),
  /**
   * The identity OpenTofu uses: a dedicated user with a minimal custom role and a privilege-separated API token,
   * created on the first node by `ansible/proxmox-access.yml` (never root@pam: its token would be root on every node).
   */
  automation: pveAutomationSchema,
  /**
   * How OpenTofu checks the API's TLS certificate. 'verify' (default): the certificate must chain to a CA the machine
   * running tofu trusts (Proxmox's ACME certificate, or the operator's CA installed in the system trust store).
   * 'insecure': skip verification (a stock self-signed certificate) — an explicit, visible choice. @default 'verify'
   */
  tls: z.enum(['verify', 'insecure']).optional(),
});

/** The one owner every writer of a shared volume writes as (NFS export, LXC id mapping, pod security context). */
export const volumeOwnerSchema = z.strictObject({
  /** Numeric user id (1–65535: not root, which NFS squashes, and inside an LXC's id range). */
  uid: int(0, 4_294_967_294),
  /** Numeric group id (1–65535). */
  gid: int(0, 4_294_967_294),
});

export const storageContent = z.enum(['vm-disks', 'container-rootfs', 'media', 'backups', 'images', 'snippets']);

export const storageSchema = z.strictObject({
  /** `<hostname>-<pool>` (naming rule `storage`), also the Proxmox storage ID. */
  name: text(),
  kind: z.enum(['local-ssd', 'nfs', 'iscsi', 'zfs-pool']),
  /** The host that serves it. */
  host: text(),
  content: z.array(storageContent),
  /** Which side of the storage switch this pool belongs to; pools used in both stages say 'current' and 'future'. */
  stages: z.array(storageStage),
  /** Export or mount path (NFS). @default none */
  path: text().optional(),
  /** Network the storage is reached over. @default the host's management network */
  network: text().optional(),
  /**
   * Local pools: how Proxmox VE stores them — `dir` (a directory: files and images), `lvm-thin` or `zfspool` (block
   * volumes only: no ISO/template/import/snippet files). @default none (required for local-ssd holding images or snippets)
   */
  backend: z.enum(['dir', 'lvm-thin', 'zfspool']).optional(),
  /** Shared pools (NFS media): the uid/gid every writer writes as. @default none (required when something writes to it) */
  owner: volumeOwnerSchema.optional(),
  /** For a current-stage pool: the future-stage pool that takes over its content when `storageStage` is 'future'. @default stays */
  movesTo: text().optional(),
  description: text().optional(),
});

export const networkSchema = z.strictObject({
  /** `<theme>-<purpose>-vlan` (naming rule `network`). Its VLAN ID and CIDR are secrets. */
  name: text(),
  /** What the network is for: one of the purposes its name carries (naming/rules.ts NETWORK_PURPOSES). */
  purpose: z.enum(NETWORK_PURPOSES),
  location: text(),
  /** Proxmox bridge the VLAN rides on (VLAN-aware bridge). */
  bridge: text(),
  description: text(),
});

/** One row of the who-may-talk-to-whom matrix. Anything not allowed is denied (default deny inbound). */
export const flowSchema = z.strictObject({
  /** A network name, or 'internet' for traffic from outside (only through the tunnel, which is outbound-only). */
  from: text(),
  to: text(),
  services: z.array(service),
  why: text(),
});

export const diskSchema = z.strictObject({
  /** A storage pool name; in the future storage stage, pools hosted by planned hosts take over (see `storage`). */
  storage: text(),
  sizeGiB: int(1),
  /** The consumer of a data disk (`local-path`: the local-path provisioner's volumes). @default none (the boot disk) */
  use: z.enum(['local-path']).optional(),
});

export const imageSchema = z.strictObject({
  /** e.g. debian-12-genericcloud. */
  name: text(),
  kind: z.enum(['cloud-image', 'lxc-template']),
  /** Public download URL of the image (no secret). */
  url: text(),
  /** Storage that keeps the downloaded image. */
  storage: text(),
  /** Published checksum of the file at `url`; Proxmox verifies the download against it. */
  checksum: z.strictObject({ algorithm: z.enum(['sha256', 'sha512']), value: text() }).optional(),
});

export const guestMountSchema = z.strictObject({
  /** Storage pool with content 'media' (or its future-stage twin) mounted into the guest. */
  storage: text(),
  path: text(),
});

export const guestSchema = z.strictObject({
  /** `<role>-<NN>` (naming rule `guest`). */
  name: text(),
  kind: z.enum(['vm', 'lxc']),
  host: text(),
  role: z.enum(GUEST_ROLES),
  /** Proxmox VMID, unique across the Proxmox cluster; stable (never derived from list order). */
  vmid: int(100, 999_999_999),
  cores: int(1, 512),
  memoryMiB: int(16),
  /** First disk is the boot/root disk. */
  disks: z.array(diskSchema),
  /** Networks the guest has a NIC on, primary first. */
  networks: z.array(text()),
  /** Image (cloud image for VMs, template for LXCs) by name. */
  image: text(),
  /** A GPU of the host passed through to the guest (VMs only). @default none */
  gpu: text().optional(),
  /** LXC only: run privileged. @default false (unprivileged) */
  privileged: z.boolean().optional(),
  /** LXC only: nesting (needed by systemd-based services and containers inside). @default false */
  nesting: z.boolean().optional(),
  /** Shared storage mounted into the guest. @default none */
  mounts: z.array(guestMountSchema).optional(),
  /** Services other networks may reach on this guest (checked against the flow matrix). @default none */
  serves: z.array(service).optional(),
  /** @default 'active' */
  lifecycle: lifecycle.optional(),
  description: text(),
});

/** A service of a cloud instance reachable from anywhere, and why that is acceptable. */
export const openInboundSchema = z.strictObject({ service, reason: text() });

export const cloudInstanceSchema = z.strictObject({
  /** `<role>-<NN>` (naming rule `guest`). */
  name: text(),
  location: text(),
  role: z.enum(['bastion']),
  /** Provider shape, e.g. VM.Standard.A1.Flex. */
  shape: text(),
  ocpus: num(1),
  memoryGiB: num(1),
  bootVolumeGiB: int(50),
  /** Operating system image, looked up by name and version at plan time. */
  image: z.strictObject({ operatingSystem: text(), version: text() }),
  /** Inbound services, each limited to the admin CIDRs (a secret). */
  inbound: z.array(service),
  /**
   * Inbound services open to any source address (0.0.0.0/0), each with the reason it is safe; the rule
   * `deploy-security-open-ingress` allows only services that answer no unauthenticated packet (WireGuard).
   * @default none
   */
  openInbound: z.array(openInboundSchema).optional(),
  description: text(),
});

export const kubernetesClusterSchema = z.strictObject({
  /** `<location>-<theme>-cluster` (naming rule `k8s-cluster`). */
  name: text(),
  location: text(),
  distribution: z.enum(['k3s']),
  /** Kubernetes version installed by Ansible, e.g. v1.30.6+k3s1. */
  version: text(),
  controlPlane: z.array(text()),
  workers: z.array(text()),
  /** Storage classes the cluster offers (local-path today; nfs in the future stage). */
  storageClasses: z.array(text()),
});

export const exposureSchema = z.strictObject({
  /** DNS label below the secret domain (naming rule `hostname-label`). */
  hostname: text(),
  /** @default 'authentik' (forward-auth) */
  auth: authMode.optional(),
  /** Reachable from the internet through the tunnel (else LAN only). @default true */
  internet: z.boolean().optional(),
  /** Set to mark an app deliberately public (no forward-auth). Required with auth 'none'. @default false */
  public: z.boolean().optional(),
});

export const persistentVolumeSchema = z.strictObject({
  /** Mount path in the container. */
  mountPath: text(),
  sizeGiB: int(1),
  storageClass: text(),
  /** What it holds: `state` (configuration, databases) or `cache` (rebuilt by the app: metrics, transcodes). @default 'state' */
  holds: z.enum(['state', 'cache']).optional(),
  /** Velero's file-system backup copies it (opt-in per volume; never a cache). @default false */
  backup: z.boolean().optional(),
});

/** Something a person does by hand (no tool can): Flux never waits on it (deploy rule deploy-flux-no-manual-wait). */
export const manualStepSchema = z.strictObject({
  /** kebab-case id, e.g. authentik-outpost-token. */
  id: text(),
  /** What the person does, exactly (shown by the bootstrap and in errors). */
  action: text(),
  /** The vault key the step fills (a key of model/secrets.ts). @default none */
  vaultKey: text().optional(),
});

/** A Pod Security level looser than `restricted`, and why the app's pods need it. */
export const podSecuritySchema = z.strictObject({
  level: z.enum(['baseline', 'privileged']),
  /** Required above `baseline` (security rule deploy-pod-security-reason). @default none */
  reason: text().optional(),
});

export const containerImageSchema = z.strictObject({
  repository: text(),
  /** A pinned version; never 'latest'. */
  tag: text(),
});

export const appSchema = z.strictObject({
  /** DNS label (naming rule `k8s-name`). */
  name: text(),
  namespace: text(),
  tier: z.enum(['platform', 'application']),
  cluster: text(),
  description: text(),
  /** Container image for apps we run as workloads. Platform parts installed by Helm carry `chart` instead. @default none */
  image: containerImageSchema.optional(),
  /** Helm chart for third-party platform parts. @default none */
  chart: z.strictObject({ repository: text(), name: text(), version: text() }).optional(),
  /** Port the app's HTTP service listens on. @default none */
  port: port().optional(),
  /** Published hostname. @default not exposed */
  exposure: exposureSchema.optional(),
  /** Config/data volume. @default none */
  volume: persistentVolumeSchema.optional(),
  /** Mounts the shared media storage at /media. @default false */
  media: z.boolean().optional(),
  /** How it mounts the media share: apps that only read it get 'read-only'. @default 'read-write' */
  mediaAccess: z.enum(['read-only', 'read-write']).optional(),
  /** Prometheus scrapes it. @default none */
  metrics: z.strictObject({ port: port(), path: text() }).optional(),
  /** Apps that must be ready first (Flux dependsOn). @default none */
  dependsOn: z.array(text()).optional(),
  /** Steps a person must do before its workloads can become ready (e.g. a token made in another app's UI). @default none */
  manualSteps: z.array(manualStepSchema).optional(),
  /** Flux health-checks its workloads (its Kustomization is Ready only when they are). @default true */
  healthChecked: z.boolean().optional(),
  /** Pod Security level of its namespace when looser than `restricted`. @default restricted */
  podSecurity: podSecuritySchema.optional(),
});

/** Infrastructure UIs served by a host (not an app), published through the NGINX proxy. */
export const infraEndpointSchema = z.strictObject({
  /** DNS-label-like name, e.g. proxmox-ui. */
  name: text(),
  hostname: text(),
  host: text(),
  service: hostService,
  port: port(),
  scheme,
  /** @default 'authentik' */
  auth: authMode.optional(),
  /**
   * A second, independent gate at Cloudflare's edge: a Cloudflare Access application for the hostname, allowing only
   * the identities of the vault (`cloudflare_access_emails`). @default true
   */
  cloudflareAccess: z.boolean().optional(),
});

/**
 * A website of its own behind Nginx Proxy Manager ("other custom websites" of the seed): a public hostname below the
 * domain, published through the tunnel like the infrastructure UIs, and the guest NPM forwards it to.
 */
export const proxySiteSchema = z.strictObject({
  /** DNS-label-like name, e.g. wiki. */
  name: text(),
  /** Label below the domain. */
  hostname: text(),
  /** Where NPM forwards: a guest of the model, reached by its internal name (no address in the model). */
  upstream: z.strictObject({ guest: text(), port: port(), scheme }),
  /** @default 'authentik' */
  auth: authMode.optional(),
  /** @default false */
  websockets: z.boolean().optional(),
});

export const edgeSchema = z.strictObject({
  dns: z.enum(['cloudflare']),
  /** Cloudflare tunnel name (naming rule `cloud-resource`). */
  tunnel: text(),
  /** The LXC running cloudflared. */
  connector: text(),
  /** The guest running the NGINX proxy for infrastructure hostnames. */
  infrastructureProxy: text(),
  /** The app that takes application hostnames (Traefik). */
  applicationIngress: text(),
});

export const backupSourceSchema = z.strictObject({
  /** Short DNS-label name, e.g. truenas, cluster. */
  name: text(),
  /** A host, or a Kubernetes cluster. */
  from: z.union([z.strictObject({ host: text() }), z.strictObject({ cluster: text() })]),
  /** Key prefix in the bucket, ending with '/'. */
  prefix: text(),
  tool: z.enum(['restic', 'velero']),
  schedule: text(),
  /**
   * Velero: which pod volumes its file-system backup copies — only those the model opts in (`volume.backup`), or every
   * volume of every pod (media shares and caches included). @default 'opt-in'
   */
  volumes: z.enum(['opt-in', 'all']).optional(),
});

/**
 * Object Lock retention: GOVERNANCE (a person with s3:BypassGovernanceRetention — the bootstrap identity — can still
 * delete early) or COMPLIANCE (nobody can, not even the account root).
 */
export const objectLockSchema = z.strictObject({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: int(1) });

export const backupSchema = z.strictObject({
  /** `homelab-<location>-backups-storage`. */
  bucket: text(),
  location: text(),
  sources: z.array(backupSourceSchema),
  noncurrentVersionExpiryDays: int(1),
  /**
   * S3 Object Lock default retention of every new object version: no key of the homelab can delete a version before
   * it ends. Required by `deploy-security-backup-object-lock` (≥ 30 days; noncurrent versions kept at least as long).
   * @default none (rejected at synth)
   */
  objectLock: objectLockSchema.optional(),
  /** Days before objects move to the infrequent-access class (S3 refuses fewer than 30). */
  transitionAfterDays: int(30),
  transitionStorageClass: z.enum(['STANDARD_IA', 'GLACIER_IR', 'DEEP_ARCHIVE']),
});

/** Where Flux reads this repository from (the URL is public: the repository holds no secret). */
export const gitOpsSchema = z.strictObject({ repositoryUrl: text(), branch: text() });

export const homelabSchema = z.strictObject({
  name: text(),
  gitops: gitOpsSchema,
  /** Which storage stage is live (the one switch from today's host storage to TrueNAS). */
  storageStage,
  locations: z.array(locationSchema),
  pveClusters: z.array(pveClusterSchema),
  hosts: z.array(hostSchema),
  storage: z.array(storageSchema),
  networks: z.array(networkSchema),
  flows: z.array(flowSchema),
  images: z.array(imageSchema),
  guests: z.array(guestSchema),
  cloudInstances: z.array(cloudInstanceSchema),
  clusters: z.array(kubernetesClusterSchema),
  apps: z.array(appSchema),
  infraEndpoints: z.array(infraEndpointSchema),
  /** Websites of their own behind Nginx Proxy Manager. @default [] */
  proxySites: z.array(proxySiteSchema).optional(),
  edge: edgeSchema,
  backups: backupSchema,
});
