/**
 * The resolved model: a validated Homelab with every default applied once (lifecycle propagated from locations to
 * hosts, guests and cloud instances; auth, exposure, host and cluster defaults), the live media pool, the stack
 * layout, and an index by name. `resolveModel` is the entry point of every synth: layers take the resolved model (or
 * a slice of it) and never re-derive a default.
 *
 * A ResolvedModel is still a Homelab (every field is the same or narrower), so code written against the raw types
 * keeps working while it moves to the resolved fields.
 */
import type {
  AppSpec,
  AuthMode,
  CloudInstanceSpec,
  ExposureSpec,
  GpuSpec,
  GuestMount,
  GuestSpec,
  Homelab,
  HostService,
  HostSpec,
  InfraEndpointSpec,
  Lifecycle,
  LocationSpec,
  OpenInboundSpec,
  ProxySiteSpec,
  PveClusterSpec,
  ServiceName,
  StorageSpec,
} from './types';
import { validateModel } from './validate';
import { authOf, byName, type ModelLookup, cloudInstanceLifecycle, effectiveLifecycle, guestLifecycle, hostLifecycle, liveMediaPool } from './lookup';
import { stackLayout, stackLayoutProblems, type StackSpec } from './stacks';

/** Overcommit ratios when a host declares none: 4 vCPUs per core, no memory overcommit. */
export const DEFAULT_OVERCOMMIT = { cpu: 4, memory: 1 } as const;

export interface ResolvedLocation extends LocationSpec {
  readonly lifecycle: Lifecycle;
}

export interface ResolvedPveCluster extends PveClusterSpec {
  readonly tls: 'verify' | 'insecure';
}

export interface ResolvedHost extends HostSpec {
  /** Planned when the host or its location is. */
  readonly lifecycle: Lifecycle;
  readonly overcommit: { readonly cpu: number; readonly memory: number };
  readonly gpus: readonly GpuSpec[];
  readonly services: readonly HostService[];
}

export interface ResolvedGuest extends GuestSpec {
  /** Planned when the guest, its host or the host's location is. */
  readonly lifecycle: Lifecycle;
  /** The location of its host. */
  readonly location: string;
  readonly serves: readonly ServiceName[];
  readonly mounts: readonly GuestMount[];
}

export interface ResolvedCloudInstance extends CloudInstanceSpec {
  /** Planned when its location is. */
  readonly lifecycle: Lifecycle;
  readonly openInbound: readonly OpenInboundSpec[];
}

export interface ResolvedExposure extends ExposureSpec {
  readonly auth: AuthMode;
  readonly internet: boolean;
  readonly public: boolean;
}

export interface ResolvedApp extends AppSpec {
  readonly exposure?: ResolvedExposure;
}

export interface ResolvedInfraEndpoint extends InfraEndpointSpec {
  readonly auth: AuthMode;
  readonly cloudflareAccess: boolean;
  /** The lifecycle of the host serving it. */
  readonly lifecycle: Lifecycle;
}

export interface ResolvedProxySite extends ProxySiteSpec {
  readonly auth: AuthMode;
  readonly websockets: boolean;
  /** Active when its upstream guest is (a planned guest has no address yet). */
  readonly lifecycle: Lifecycle;
}

/** Entities by name (the resolved ones), built once per synth: the validation index, narrowed to resolved entities. */
export interface ResolvedIndex extends ModelLookup {
  readonly locations: ReadonlyMap<string, ResolvedLocation>;
  readonly pveClusters: ReadonlyMap<string, ResolvedPveCluster>;
  readonly hosts: ReadonlyMap<string, ResolvedHost>;
  readonly guests: ReadonlyMap<string, ResolvedGuest>;
  readonly cloudInstances: ReadonlyMap<string, ResolvedCloudInstance>;
  readonly apps: ReadonlyMap<string, ResolvedApp>;
  /** GPU name → the host that has it and the GPU. */
  readonly gpus: ReadonlyMap<string, { readonly host: ResolvedHost; readonly gpu: GpuSpec }>;
}

export interface ResolvedModel extends Homelab {
  readonly locations: readonly ResolvedLocation[];
  readonly pveClusters: readonly ResolvedPveCluster[];
  readonly hosts: readonly ResolvedHost[];
  readonly guests: readonly ResolvedGuest[];
  readonly cloudInstances: readonly ResolvedCloudInstance[];
  readonly apps: readonly ResolvedApp[];
  readonly infraEndpoints: readonly ResolvedInfraEndpoint[];
  readonly proxySites: readonly ResolvedProxySite[];
  /** The NFS pool holding media in the live storage stage, if any. */
  readonly liveMedia?: StorageSpec;
  /** The OpenTofu stacks, one per location with something to provision, then the edge. */
  readonly stacks: readonly StackSpec[];
  readonly index: ResolvedIndex;
}

function resolveExposure(e: ExposureSpec): ResolvedExposure {
  return { ...e, auth: authOf(e), internet: e.internet ?? true, public: e.public ?? false };
}

/** Applies every default of a model that passed validation (see resolveModel). */
export function resolve(model: Homelab): ResolvedModel {
  const locations = model.locations.map((l): ResolvedLocation => ({ ...l, lifecycle: effectiveLifecycle(l.lifecycle) }));
  const hosts = model.hosts.map((h): ResolvedHost => ({
    ...h,
    lifecycle: hostLifecycle(model, h),
    overcommit: { cpu: h.overcommit?.cpu ?? DEFAULT_OVERCOMMIT.cpu, memory: h.overcommit?.memory ?? DEFAULT_OVERCOMMIT.memory },
    gpus: h.gpus ?? [],
    services: h.services ?? [],
  }));
  const hostByName = byName(hosts);
  const guests = model.guests.map((g): ResolvedGuest => ({
    ...g,
    lifecycle: guestLifecycle(model, g),
    location: hostByName.get(g.host)?.location ?? '',
    serves: g.serves ?? [],
    mounts: g.mounts ?? [],
  }));
  const guestByName = byName(guests);
  const cloudInstances = model.cloudInstances.map((c): ResolvedCloudInstance => ({
    ...c,
    lifecycle: cloudInstanceLifecycle(model, c),
    openInbound: c.openInbound ?? [],
  }));
  const apps = model.apps.map((a): ResolvedApp => {
    const { exposure, ...rest } = a;
    return exposure === undefined ? rest : { ...rest, exposure: resolveExposure(exposure) };
  });
  const infraEndpoints = model.infraEndpoints.map((e): ResolvedInfraEndpoint => ({
    ...e,
    auth: authOf(e),
    cloudflareAccess: e.cloudflareAccess ?? true,
    lifecycle: hostByName.get(e.host)?.lifecycle ?? 'active',
  }));
  const proxySites = (model.proxySites ?? []).map((s): ResolvedProxySite => ({
    ...s,
    auth: authOf(s),
    websockets: s.websockets ?? false,
    lifecycle: guestByName.get(s.upstream.guest)?.lifecycle ?? 'planned',
  }));
  const pveClusters = model.pveClusters.map((c): ResolvedPveCluster => ({ ...c, tls: c.tls ?? 'verify' }));
  const gpus = new Map<string, { host: ResolvedHost; gpu: GpuSpec }>();
  for (const host of hosts) for (const gpu of host.gpus) if (!gpus.has(gpu.name)) gpus.set(gpu.name, { host, gpu });
  return {
    ...model,
    locations,
    pveClusters,
    hosts,
    guests,
    cloudInstances,
    apps,
    infraEndpoints,
    proxySites,
    liveMedia: liveMediaPool(model),
    stacks: stackLayout(model),
    index: {
      locations: byName(locations),
      pveClusters: byName(pveClusters),
      hosts: hostByName,
      storage: byName(model.storage),
      networks: byName(model.networks),
      images: byName(model.images),
      guests: guestByName,
      cloudInstances: byName(cloudInstances),
      clusters: byName(model.clusters),
      apps: byName(apps),
      gpus,
    },
  };
}

/**
 * Validates `value` once (every model rule, then the stack layout) and returns it resolved; throws one ModelError
 * listing every problem, so nothing downstream sees an invalid model.
 */
export function resolveModel(value: unknown): ResolvedModel {
  const model = validateModel(value);
  stackLayoutProblems(model).throwIfAny();
  return resolve(model);
}

/** Whether an entity with a resolved lifecycle exists today. */
export function isActive(entity: { readonly lifecycle: Lifecycle }): boolean {
  return entity.lifecycle === 'active';
}

/** The active guests of the model, in model order. */
export function activeGuests(model: ResolvedModel): readonly ResolvedGuest[] {
  return model.guests.filter(isActive);
}
