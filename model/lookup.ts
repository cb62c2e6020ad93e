/** Indexed views of a model, shared by the rules and the generators (built once per synth). */
import type {
  AppSpec,
  AuthMode,
  CloudInstanceSpec,
  GuestSpec,
  Homelab,
  HostSpec,
  Lifecycle,
  NetworkSpec,
  StorageSpec,
  KubernetesClusterSpec,
  LocationSpec,
  ImageSpec,
  GpuSpec,
  StorageContent,
} from './types';

/** Entities by name (the first of each name). */
export function byName<T extends { readonly name: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  return map;
}

export interface ModelLookup {
  readonly locations: ReadonlyMap<string, LocationSpec>;
  readonly hosts: ReadonlyMap<string, HostSpec>;
  readonly storage: ReadonlyMap<string, StorageSpec>;
  readonly networks: ReadonlyMap<string, NetworkSpec>;
  readonly images: ReadonlyMap<string, ImageSpec>;
  readonly guests: ReadonlyMap<string, GuestSpec>;
  readonly clusters: ReadonlyMap<string, KubernetesClusterSpec>;
  readonly apps: ReadonlyMap<string, AppSpec>;
  /** GPU name → the host that has it and the GPU. */
  readonly gpus: ReadonlyMap<string, { readonly host: HostSpec; readonly gpu: GpuSpec }>;
}

export function lookup(model: Homelab): ModelLookup {
  const gpus = new Map<string, { host: HostSpec; gpu: GpuSpec }>();
  for (const host of model.hosts) for (const gpu of host.gpus ?? []) if (!gpus.has(gpu.name)) gpus.set(gpu.name, { host, gpu });
  return {
    locations: byName(model.locations),
    hosts: byName(model.hosts),
    storage: byName(model.storage),
    networks: byName(model.networks),
    images: byName(model.images),
    guests: byName(model.guests),
    clusters: byName(model.clusters),
    apps: byName(model.apps),
    gpus,
  };
}

/** The pool that holds `storageName`'s content in the live storage stage (follows `movesTo` in the future stage). */
export function liveStorage(model: Homelab, storageName: string): string {
  if (model.storageStage === 'current') return storageName;
  const pool = model.storage.find((s) => s.name === storageName);
  return pool?.movesTo ?? storageName;
}

/**
 * The pool holding `pool`'s `content` in the live storage stage: it follows `movesTo` only when the target holds that
 * content (VM disks move to the iSCSI LUN, LXC root filesystems stay on the local SSD, media moves to the NAS share).
 */
export function liveStorageFor(model: Homelab, pool: string, content: StorageContent): string {
  const moved = liveStorage(model, pool);
  return model.storage.find((s) => s.name === moved)?.content.includes(content) ? moved : pool;
}

/**
 * The lifecycle of an entity as every layer sees it: planned when it says so or sits in something planned (a guest on
 * a planned host, a host or cloud instance in a planned location). The one place `lifecycle` defaults to 'active'.
 */
export function effectiveLifecycle(own: Lifecycle | undefined, ...parents: readonly (Lifecycle | undefined)[]): Lifecycle {
  return [own, ...parents].every((l) => (l ?? 'active') === 'active') ? 'active' : 'planned';
}

export function locationLifecycle(model: Homelab, location: string): Lifecycle {
  return effectiveLifecycle(model.locations.find((l) => l.name === location)?.lifecycle);
}

export function hostLifecycle(model: Homelab, host: HostSpec): Lifecycle {
  return effectiveLifecycle(host.lifecycle, locationLifecycle(model, host.location));
}

export function cloudInstanceLifecycle(model: Homelab, instance: CloudInstanceSpec): Lifecycle {
  return locationLifecycle(model, instance.location);
}

export function guestLifecycle(model: Homelab, guest: GuestSpec): Lifecycle {
  const host = model.hosts.find((h) => h.name === guest.host);
  return effectiveLifecycle(guest.lifecycle, host === undefined ? undefined : hostLifecycle(model, host));
}

/** Entities are planned when they say so or sit on a planned host or location. */
/** Whether a host exists today (its own lifecycle and its location's). */
export function isHostActive(model: Homelab, host: HostSpec): boolean {
  return hostLifecycle(model, host) === 'active';
}

/** Auth of a published hostname when the model names none: Authentik forward-auth. */
export const DEFAULT_AUTH: AuthMode = 'authentik';

/** The auth of an exposure, endpoint or site: the one place its default is applied. */
export function authOf(published: { readonly auth?: AuthMode } | undefined): AuthMode {
  return published?.auth ?? DEFAULT_AUTH;
}

export function isGuestActive(model: Homelab, guest: GuestSpec): boolean {
  return guestLifecycle(model, guest) === 'active';
}

/**
 * The NFS pool holding media in the live storage stage, if any: the current-stage media share, followed to its
 * `movesTo` twin in the future stage (its server address is the `media_nfs_server` secret). The one derivation of the
 * live media pool: stacks, inventory, charts, secrets and docs read it from here.
 */
export function liveMediaPool(model: Homelab): StorageSpec | undefined {
  const media = model.storage.find((s) => s.kind === 'nfs' && s.content.includes('media') && s.stages.includes('current'));
  if (!media) return undefined;
  const live = liveStorage(model, media.name);
  return model.storage.find((s) => s.name === live);
}

/** The network a Kubernetes cluster's nodes talk on: the primary network of its first control-plane guest. */
export function clusterNodeNetwork(model: Homelab, cluster: string): string | undefined {
  const spec = model.clusters.find((c) => c.name === cluster);
  return model.guests.find((g) => g.name === spec?.controlPlane[0])?.networks[0];
}
