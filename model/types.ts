/**
 * The types of the homelab model. `homelab.ts` is one value of `Homelab`; every output (OpenTofu, Ansible inventory,
 * Kubernetes manifests, docs) is derived from it. The model holds names, shapes and relations — never a secret:
 * addresses, CIDRs, VLAN IDs, the domain, account/zone IDs and tokens live in the Ansible Vault (see model/secrets.ts).
 */

/** Whether an entity exists today or is the planned (future) state of the seed architecture. */
export type Lifecycle = 'active' | 'planned';

/** Which side of the storage switch is live: today's host storage or the TrueNAS in wano. */
export type StorageStage = 'current' | 'future';

export type LocationKind = 'on-prem' | 'cloud';
export type CloudProvider = 'aws' | 'oci';

export interface LocationSpec {
  /** Codename (naming rule `location`). */
  readonly name: string;
  readonly kind: LocationKind;
  /** The cloud behind a cloud location. @default none (on-prem) */
  readonly cloud?: CloudProvider;
  readonly description: string;
  /** Cloud region (not a secret). @default none (on-prem) */
  readonly region?: string;
  /** @default 'active' */
  readonly lifecycle?: Lifecycle;
}

export type HostKind = 'proxmox' | 'truenas';

/** Services a host offers itself (not through a guest). */
export type HostService = 'proxmox-ui' | 'truenas-ui' | 'nfs-server' | 'iscsi-target';

export interface GpuSpec {
  /** `<hostname>-gpu<N>`; also the name of the Proxmox PCI resource mapping. */
  readonly name: string;
  readonly model: string;
  /** Whether the GPU's audio function and the like go along (all functions of the device). @default true */
  readonly allFunctions?: boolean;
  /**
   * Whether the card reports a PCI subsystem ID (`lspci -nn -s <path> -v`: "Subsystem: … [vvvv:dddd]"); Proxmox checks
   * it against the mapping when the card has one, so the vault then holds it. @default true
   */
  readonly subsystemId?: boolean;
}

export interface HostCapacity {
  readonly cores: number;
  readonly memoryGiB: number;
}

/** How far guests may exceed the host's physical capacity. */
export interface Overcommit {
  /** vCPUs per physical core. @default 4 */
  readonly cpu?: number;
  /** Guest memory per GiB of host memory. @default 1 (no memory overcommit) */
  readonly memory?: number;
}

export interface HostSpec {
  /** `<location>-<hostname>` (naming rule `host`). */
  readonly name: string;
  readonly location: string;
  readonly kind: HostKind;
  readonly capacity: HostCapacity;
  /** @default { cpu: 4, memory: 1 } */
  readonly overcommit?: Overcommit;
  /** GPUs this host can pass through to guests. @default none */
  readonly gpus?: readonly GpuSpec[];
  /** @default none */
  readonly services?: readonly HostService[];
  /** Networks the host has an address on, management first (addresses are secrets). */
  readonly networks: readonly string[];
  /** Name of the Proxmox VE cluster the host is a member of (Proxmox hosts only). @default none */
  readonly pveCluster?: string;
  /** @default 'active' */
  readonly lifecycle?: Lifecycle;
  readonly description?: string;
}

/** A Proxmox VE cluster: several hosts behind one API endpoint (the endpoint itself is a secret). */
export interface PveClusterSpec {
  /** `<location>-pve` (naming rule `pve-cluster`). */
  readonly name: string;
  readonly location: string;
  /**
   * The identity OpenTofu uses: a dedicated user with a minimal custom role and a privilege-separated API token,
   * created on the first node by `ansible/proxmox-access.yml` (never root@pam: its token would be root on every node).
   */
  readonly automation: PveAutomationSpec;
  /**
   * How OpenTofu checks the API's TLS certificate. 'verify' (default): the certificate must chain to a CA the machine
   * running tofu trusts (Proxmox's ACME certificate, or the operator's CA installed in the system trust store).
   * 'insecure': skip verification (a stock self-signed certificate) — an explicit, visible choice. @default 'verify'
   */
  readonly tls?: 'verify' | 'insecure';
}

/** The API identity of the provisioning layer on a Proxmox VE cluster (names only; the token secret is in the vault). */
export interface PveAutomationSpec {
  /** `user@realm`, e.g. tofu@pve (a pve-realm user without a shell login). Never root@pam. */
  readonly user: string;
  /** Token id: the part after `!` in `user@realm!id`. */
  readonly tokenId: string;
  /** Custom role holding exactly the privileges the bpg/proxmox resources we create need (ansible role pve_access). */
  readonly role: string;
}

export type StorageKind = 'local-ssd' | 'nfs' | 'iscsi' | 'zfs-pool';
/**
 * How Proxmox VE stores a local pool: `dir` (a directory: files and images), `lvm-thin` or `zfspool` (block volumes
 * only: no ISO/template/import/snippet files).
 */
export type LocalStorageBackend = 'dir' | 'lvm-thin' | 'zfspool';

/** The one owner every writer of a shared volume writes as (NFS export, LXC id mapping, pod security context). */
export interface VolumeOwner {
  /** Numeric user id (1–65535: not root, which NFS squashes, and inside an LXC's id range). */
  readonly uid: number;
  /** Numeric group id (1–65535). */
  readonly gid: number;
}
export type StorageContent = 'vm-disks' | 'container-rootfs' | 'media' | 'backups' | 'images' | 'snippets';

export interface StorageSpec {
  /** `<hostname>-<pool>` (naming rule `storage`), also the Proxmox storage ID. */
  readonly name: string;
  readonly kind: StorageKind;
  /** The host that serves it. */
  readonly host: string;
  readonly content: readonly StorageContent[];
  /** Which side of the storage switch this pool belongs to; pools used in both stages say 'current' and 'future'. */
  readonly stages: readonly StorageStage[];
  /** Export or mount path (NFS). @default none */
  readonly path?: string;
  /** Network the storage is reached over. @default the host's management network */
  readonly network?: string;
  /** Local pools: how Proxmox stores them (decides whether the pool can hold files). @default none (required for local-ssd holding images or snippets) */
  readonly backend?: LocalStorageBackend;
  /** Shared pools (NFS media): the uid/gid every writer writes as. @default none (required when something writes to it) */
  readonly owner?: VolumeOwner;
  /** For a current-stage pool: the future-stage pool that takes over its content when `storageStage` is 'future'. @default stays */
  readonly movesTo?: string;
  readonly description?: string;
}

/** Purpose of a network, from the seed: management, storage, application, servers, IoT. */
/** `users`: the people's own devices (laptops, phones), which resolve through AdGuard and reach the published names. */
export type NetworkPurpose = 'mgmt' | 'servers' | 'iot' | 'storage' | 'apps' | 'users';

export interface NetworkSpec {
  /** `<theme>-<purpose>-vlan` (naming rule `network`). Its VLAN ID and CIDR are secrets. */
  readonly name: string;
  readonly purpose: NetworkPurpose;
  readonly location: string;
  /** Proxmox bridge the VLAN rides on (VLAN-aware bridge). */
  readonly bridge: string;
  readonly description: string;
}

/** Named services for the firewall matrix: a closed set with their well-known ports. */
export type ServiceName =
  | 'ssh'
  | 'http'
  | 'https'
  | 'dns'
  | 'proxmox-ui'
  | 'nfs'
  | 'iscsi'
  | 'k8s-api'
  | 'kubelet'
  | 'flannel-vxlan'
  | 'metrics'
  | 'icmp'
  /** WireGuard (the bastion's link into the management network). */
  | 'wireguard'
  /** The standalone Authentik proxy outpost (forward-auth endpoint of the NGINX proxy). */
  | 'authentik-outpost'
  | 'any';

/** One row of the who-may-talk-to-whom matrix. Anything not allowed is denied (default deny inbound). */
export interface FlowSpec {
  /** A network name, or 'internet' for traffic from outside (only through the tunnel, which is outbound-only). */
  readonly from: string;
  readonly to: string;
  readonly services: readonly ServiceName[];
  readonly why: string;
}

export type GuestKind = 'vm' | 'lxc';

/** Roles of guests: a closed set so every output can react to it. */
export type GuestRole =
  | 'k8s-control-plane'
  | 'k8s-worker'
  | 'identity-outpost'
  | 'gpu-workbench'
  | 'media-downloads'
  | 'tunnel'
  | 'reverse-proxy'
  | 'dns'
  /** The asgard end of the bastion's WireGuard link: routes tunnel traffic by the flow matrix (no NAT). */
  | 'vpn-gateway'
  /** A general-purpose service VM (generated fixtures, future one-off guests). */
  | 'service';

/** What a data disk (any disk after the boot disk) holds; the configuration layer formats and mounts it for that consumer. */
export type DiskUse = 'local-path';

export interface DiskSpec {
  /** A storage pool name; in the future storage stage, pools hosted by planned hosts take over (see `storage`). */
  readonly storage: string;
  readonly sizeGiB: number;
  /** The consumer of a data disk (`local-path`: the local-path provisioner's volumes). @default none (the boot disk) */
  readonly use?: DiskUse;
}

export interface ImageSpec {
  /** e.g. debian-12-genericcloud. */
  readonly name: string;
  readonly kind: 'cloud-image' | 'lxc-template';
  /** Public download URL of the image (no secret). */
  readonly url: string;
  /** Storage that keeps the downloaded image. */
  readonly storage: string;
  /** Published checksum of the file at `url`; Proxmox verifies the download against it. */
  readonly checksum?: { readonly algorithm: 'sha256' | 'sha512'; readonly value: string };
}

export interface GuestMount {
  /** Storage pool with content 'media' (or its future-stage twin) mounted into the guest. */
  readonly storage: string;
  readonly path: string;
}

export interface GuestSpec {
  /** `<role>-<NN>` (naming rule `guest`). */
  readonly name: string;
  readonly kind: GuestKind;
  readonly host: string;
  readonly role: GuestRole;
  /** Proxmox VMID, unique across the Proxmox cluster; stable (never derived from list order). */
  readonly vmid: number;
  readonly cores: number;
  readonly memoryMiB: number;
  /** First disk is the boot/root disk. */
  readonly disks: readonly DiskSpec[];
  /** Networks the guest has a NIC on, primary first. */
  readonly networks: readonly string[];
  /** Image (cloud image for VMs, template for LXCs) by name. */
  readonly image: string;
  /** A GPU of the host passed through to the guest (VMs only). @default none */
  readonly gpu?: string;
  /** LXC only: run privileged. @default false (unprivileged) */
  readonly privileged?: boolean;
  /** LXC only: nesting (needed by systemd-based services and containers inside). @default false */
  readonly nesting?: boolean;
  /** Shared storage mounted into the guest. @default none */
  readonly mounts?: readonly GuestMount[];
  /** Services other networks may reach on this guest (checked against the flow matrix). @default none */
  readonly serves?: readonly ServiceName[];
  /** @default 'active' */
  readonly lifecycle?: Lifecycle;
  readonly description: string;
}

export interface CloudInstanceSpec {
  /** `<role>-<NN>` (naming rule `guest`). */
  readonly name: string;
  readonly location: string;
  readonly role: 'bastion';
  /** Provider shape, e.g. VM.Standard.A1.Flex. */
  readonly shape: string;
  readonly ocpus: number;
  readonly memoryGiB: number;
  readonly bootVolumeGiB: number;
  /** Operating system image, looked up by name and version at plan time. */
  readonly image: { readonly operatingSystem: string; readonly version: string };
  /** Inbound services, each limited to the admin CIDRs (a secret). */
  readonly inbound: readonly ServiceName[];
  /**
   * Inbound services open to any source address (0.0.0.0/0), each with the reason it is safe; the rule
   * `deploy-security-open-ingress` allows only services that answer no unauthenticated packet (WireGuard).
   * @default none
   */
  readonly openInbound?: readonly OpenInboundSpec[];
  readonly description: string;
}

/** A service of a cloud instance reachable from anywhere, and why that is acceptable. */
export interface OpenInboundSpec {
  readonly service: ServiceName;
  readonly reason: string;
}

export type K8sDistribution = 'k3s';

export interface KubernetesClusterSpec {
  /** `<location>-<theme>-cluster` (naming rule `k8s-cluster`). */
  readonly name: string;
  readonly location: string;
  readonly distribution: K8sDistribution;
  /** Kubernetes version installed by Ansible, e.g. v1.30.6+k3s1. */
  readonly version: string;
  readonly controlPlane: readonly string[];
  readonly workers: readonly string[];
  /** Storage classes the cluster offers (local-path today; nfs in the future stage). */
  readonly storageClasses: readonly string[];
}

/** Who an app's hostname is for, which decides the proxy in the hostname split. */
export type Audience = 'infrastructure' | 'application';
export type AuthMode = 'authentik' | 'none';

export interface ExposureSpec {
  /** DNS label below the secret domain (naming rule `hostname-label`). */
  readonly hostname: string;
  /** @default 'authentik' (forward-auth) */
  readonly auth?: AuthMode;
  /** Reachable from the internet through the tunnel (else LAN only). @default true */
  readonly internet?: boolean;
  /** Set to mark an app deliberately public (no forward-auth). Required with auth 'none'. @default false */
  readonly public?: boolean;
}

export type AppTier = 'platform' | 'application';

/** What a volume holds: `state` (configuration, databases) or `cache` (rebuilt by the app: metrics, transcodes). */
export type VolumeContent = 'state' | 'cache';

export interface PersistentVolumeSpec {
  /** Mount path in the container. */
  readonly mountPath: string;
  readonly sizeGiB: number;
  readonly storageClass: string;
  /** @default 'state' */
  readonly holds?: VolumeContent;
  /** Velero's file-system backup copies it (opt-in per volume; never a cache). @default false */
  readonly backup?: boolean;
}

/** Something a person does by hand (no tool can): Flux never waits on it (deploy rule deploy-flux-no-manual-wait). */
export interface ManualStepSpec {
  /** kebab-case id, e.g. authentik-outpost-token. */
  readonly id: string;
  /** What the person does, exactly (shown by the bootstrap and in errors). */
  readonly action: string;
  /** The vault key the step fills (a key of model/secrets.ts). @default none */
  readonly vaultKey?: string;
}

/** Pod Security Admission levels, strictest first. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** A Pod Security level looser than `restricted`, and why the app's pods need it. */
export interface PodSecuritySpec {
  readonly level: 'baseline' | 'privileged';
  /** Required above `baseline` (security rule deploy-pod-security-reason). @default none */
  readonly reason?: string;
}

export interface ContainerImageSpec {
  readonly repository: string;
  /** A pinned version; never 'latest'. */
  readonly tag: string;
}

export interface AppSpec {
  /** DNS label (naming rule `k8s-name`). */
  readonly name: string;
  readonly namespace: string;
  readonly tier: AppTier;
  readonly cluster: string;
  readonly description: string;
  /** Container image for apps we run as workloads. Platform parts installed by Helm carry `chart` instead. @default none */
  readonly image?: ContainerImageSpec;
  /** Helm chart for third-party platform parts. @default none */
  readonly chart?: { readonly repository: string; readonly name: string; readonly version: string };
  /** Port the app's HTTP service listens on. @default none */
  readonly port?: number;
  /** Published hostname. @default not exposed */
  readonly exposure?: ExposureSpec;
  /** Config/data volume. @default none */
  readonly volume?: PersistentVolumeSpec;
  /** Mounts the shared media storage at /media. @default false */
  readonly media?: boolean;
  /** How it mounts the media share: apps that only read it get 'read-only'. @default 'read-write' */
  readonly mediaAccess?: 'read-only' | 'read-write';
  /** Prometheus scrapes it. @default none */
  readonly metrics?: { readonly port: number; readonly path: string };
  /** Apps that must be ready first (Flux dependsOn). @default none */
  readonly dependsOn?: readonly string[];
  /** Steps a person must do before its workloads can become ready (e.g. a token made in another app's UI). @default none */
  readonly manualSteps?: readonly ManualStepSpec[];
  /** Flux health-checks its workloads (its Kustomization is Ready only when they are). @default true */
  readonly healthChecked?: boolean;
  /** Pod Security level of its namespace when looser than `restricted`. @default restricted */
  readonly podSecurity?: PodSecuritySpec;
}

/** Infrastructure UIs served by a host (not an app), published through the NGINX proxy. */
export interface InfraEndpointSpec {
  /** DNS-label-like name, e.g. proxmox-ui. */
  readonly name: string;
  readonly hostname: string;
  readonly host: string;
  readonly service: HostService;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  /** @default 'authentik' */
  readonly auth?: AuthMode;
  /**
   * A second, independent gate at Cloudflare's edge: a Cloudflare Access application for the hostname, allowing only
   * the identities of the vault (`cloudflare_access_emails`). @default true
   */
  readonly cloudflareAccess?: boolean;
}

/**
 * A website of its own behind Nginx Proxy Manager ("other custom websites" of the seed): a public hostname below the
 * domain, published through the tunnel like the infrastructure UIs, and the guest NPM forwards it to.
 */
export interface ProxySiteSpec {
  /** DNS-label-like name, e.g. wiki. */
  readonly name: string;
  /** Label below the domain. */
  readonly hostname: string;
  /** Where NPM forwards: a guest of the model, reached by its internal name (no address in the model). */
  readonly upstream: { readonly guest: string; readonly port: number; readonly scheme: 'http' | 'https' };
  /** @default 'authentik' */
  readonly auth?: AuthMode;
  /** @default false */
  readonly websockets?: boolean;
}

export interface EdgeSpec {
  readonly dns: 'cloudflare';
  /** Cloudflare tunnel name (naming rule `cloud-resource`). */
  readonly tunnel: string;
  /** The LXC running cloudflared. */
  readonly connector: string;
  /** The guest running the NGINX proxy for infrastructure hostnames. */
  readonly infrastructureProxy: string;
  /** The app that takes application hostnames (Traefik). */
  readonly applicationIngress: string;
}

export type BackupTool = 'restic' | 'velero';

export interface BackupSourceSpec {
  /** Short DNS-label name, e.g. truenas, cluster. */
  readonly name: string;
  /** A host, or a Kubernetes cluster. */
  readonly from: { readonly host: string } | { readonly cluster: string };
  /** Key prefix in the bucket, ending with '/'. */
  readonly prefix: string;
  readonly tool: BackupTool;
  readonly schedule: string;
  /**
   * Velero: which pod volumes its file-system backup copies — only those the model opts in (`volume.backup`), or every
   * volume of every pod (media shares and caches included). @default 'opt-in'
   */
  readonly volumes?: 'opt-in' | 'all';
}

export interface BackupSpec {
  /** `homelab-<location>-backups-storage`. */
  readonly bucket: string;
  readonly location: string;
  readonly sources: readonly BackupSourceSpec[];
  readonly noncurrentVersionExpiryDays: number;
  /**
   * S3 Object Lock default retention of every new object version: no key of the homelab can delete a version before
   * it ends. Required by `deploy-security-backup-object-lock` (≥ 30 days; noncurrent versions kept at least as long).
   * @default none (rejected at synth)
   */
  readonly objectLock?: ObjectLockSpec;
  readonly transitionAfterDays: number;
  readonly transitionStorageClass: 'STANDARD_IA' | 'GLACIER_IR' | 'DEEP_ARCHIVE';
}

/**
 * Object Lock retention: GOVERNANCE (a person with s3:BypassGovernanceRetention — the bootstrap identity — can still
 * delete early) or COMPLIANCE (nobody can, not even the account root).
 */
export interface ObjectLockSpec {
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  readonly days: number;
}

/** Where Flux reads this repository from (the URL is public: the repository holds no secret). */
export interface GitOpsSpec {
  readonly repositoryUrl: string;
  readonly branch: string;
}

export interface Homelab {
  readonly name: string;
  readonly gitops: GitOpsSpec;
  /** Which storage stage is live (the one switch from today's host storage to TrueNAS). */
  readonly storageStage: StorageStage;
  readonly locations: readonly LocationSpec[];
  readonly pveClusters: readonly PveClusterSpec[];
  readonly hosts: readonly HostSpec[];
  readonly storage: readonly StorageSpec[];
  readonly networks: readonly NetworkSpec[];
  readonly flows: readonly FlowSpec[];
  readonly images: readonly ImageSpec[];
  readonly guests: readonly GuestSpec[];
  readonly cloudInstances: readonly CloudInstanceSpec[];
  readonly clusters: readonly KubernetesClusterSpec[];
  readonly apps: readonly AppSpec[];
  readonly infraEndpoints: readonly InfraEndpointSpec[];
  /** Websites of their own behind Nginx Proxy Manager. @default [] */
  readonly proxySites?: readonly ProxySiteSpec[];
  readonly edge: EdgeSpec;
  readonly backups: BackupSpec;
}
