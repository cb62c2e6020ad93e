/**
 * The types of the homelab model, inferred from its one schema (model/schema.ts): `homelab.ts` is one value of
 * `Homelab`; every output (OpenTofu, Ansible inventory, Kubernetes manifests, docs) is derived from it. Field
 * documentation lives with the schema. Only types are imported here, so using them loads no schema library.
 */
import type { z } from 'zod';
import type * as s from './schema';

/** Deeply read-only: the model is data, never changed after it is written. */
type Immutable<T> = T extends readonly (infer U)[] ? readonly Immutable<U>[] : T extends object ? { readonly [K in keyof T]: Immutable<T[K]> } : T;
type Model<S extends z.ZodType> = Immutable<z.infer<S>>;

export type Homelab = Model<typeof s.homelabSchema>;

/** `T` with its optional fields `K` present: what a filter on them (`a.metrics !== undefined`) leaves. */
export type WithFields<T, K extends keyof T> = T & { readonly [P in K]-?: NonNullable<T[P]> };

export type Lifecycle = (typeof s.LIFECYCLES)[number];
export type StorageStage = (typeof s.STORAGE_STAGES)[number];
export type ServiceName = (typeof s.SERVICE_NAMES)[number];
export type GuestRole = (typeof s.GUEST_ROLES)[number];

export type LocationSpec = Model<typeof s.locationSchema>;
export type LocationKind = LocationSpec['kind'];
export type CloudProvider = NonNullable<LocationSpec['cloud']>;

export type HostSpec = Model<typeof s.hostSchema>;
export type HostKind = HostSpec['kind'];
/** Services a host offers itself (not through a guest). */
export type HostService = NonNullable<HostSpec['services']>[number];
export type GpuSpec = Model<typeof s.gpuSchema>;
export type HostCapacity = Model<typeof s.hostCapacitySchema>;
/** How far guests may exceed the host's physical capacity. */
export type Overcommit = Model<typeof s.overcommitSchema>;

/** A Proxmox VE cluster: several hosts behind one API endpoint (the endpoint itself is a secret). */
export type PveClusterSpec = Model<typeof s.pveClusterSchema>;
/** The API identity of the provisioning layer on a Proxmox VE cluster (names only; the token secret is in the vault). */
export type PveAutomationSpec = Model<typeof s.pveAutomationSchema>;

export type StorageSpec = Model<typeof s.storageSchema>;
export type StorageKind = StorageSpec['kind'];
export type StorageContent = z.infer<typeof s.storageContent>;
/** How Proxmox VE stores a local pool (see StorageSpec.backend). */
export type LocalStorageBackend = NonNullable<StorageSpec['backend']>;
/** The one owner every writer of a shared volume writes as (NFS export, LXC id mapping, pod security context). */
export type VolumeOwner = Model<typeof s.volumeOwnerSchema>;

export type NetworkSpec = Model<typeof s.networkSchema>;
export type NetworkPurpose = NetworkSpec['purpose'];
/** One row of the who-may-talk-to-whom matrix. Anything not allowed is denied (default deny inbound). */
export type FlowSpec = Model<typeof s.flowSchema>;

export type ImageSpec = Model<typeof s.imageSchema>;
export type GuestSpec = Model<typeof s.guestSchema>;
export type GuestKind = GuestSpec['kind'];
export type DiskSpec = Model<typeof s.diskSchema>;
/** What a data disk (any disk after the boot disk) holds; the configuration layer formats and mounts it for that consumer. */
export type DiskUse = NonNullable<DiskSpec['use']>;
export type GuestMount = Model<typeof s.guestMountSchema>;

export type CloudInstanceSpec = Model<typeof s.cloudInstanceSchema>;
/** A service of a cloud instance reachable from anywhere, and why that is acceptable. */
export type OpenInboundSpec = Model<typeof s.openInboundSchema>;

export type KubernetesClusterSpec = Model<typeof s.kubernetesClusterSchema>;
export type K8sDistribution = KubernetesClusterSpec['distribution'];

export type AppSpec = Model<typeof s.appSchema>;
export type AppTier = AppSpec['tier'];
export type ExposureSpec = Model<typeof s.exposureSchema>;
export type AuthMode = NonNullable<ExposureSpec['auth']>;
export type PersistentVolumeSpec = Model<typeof s.persistentVolumeSchema>;
/** What a volume holds: `state` (configuration, databases) or `cache` (rebuilt by the app: metrics, transcodes). */
export type VolumeContent = NonNullable<PersistentVolumeSpec['holds']>;
/** Something a person does by hand (no tool can): Flux never waits on it (deploy rule deploy-flux-no-manual-wait). */
export type ManualStepSpec = Model<typeof s.manualStepSchema>;
/** A Pod Security level looser than `restricted`, and why the app's pods need it. */
export type PodSecuritySpec = Model<typeof s.podSecuritySchema>;
/** Pod Security Admission levels, strictest first. */
export type PodSecurityLevel = 'restricted' | PodSecuritySpec['level'];
export type ContainerImageSpec = Model<typeof s.containerImageSchema>;
/** Who an app's hostname is for, which decides the proxy in the hostname split. */
export type Audience = 'infrastructure' | 'application';

/** Infrastructure UIs served by a host (not an app), published through the NGINX proxy. */
export type InfraEndpointSpec = Model<typeof s.infraEndpointSchema>;
/** A website of its own behind Nginx Proxy Manager, and the guest NPM forwards it to. */
export type ProxySiteSpec = Model<typeof s.proxySiteSchema>;
export type EdgeSpec = Model<typeof s.edgeSchema>;

export type BackupSpec = Model<typeof s.backupSchema>;
export type BackupSourceSpec = Model<typeof s.backupSourceSchema>;
export type BackupTool = BackupSourceSpec['tool'];
/** Object Lock retention: GOVERNANCE (the bootstrap identity can still delete early) or COMPLIANCE (nobody can). */
export type ObjectLockSpec = Model<typeof s.objectLockSchema>;
/** Where Flux reads this repository from (the URL is public: the repository holds no secret). */
export type GitOpsSpec = Model<typeof s.gitOpsSchema>;
