/** What every architecture view shares: its description, the model context, the node ids and the classes. */
import type { AuthMode, GuestSpec, Homelab, HostSpec, KubernetesClusterSpec, LocationSpec } from '../../model/types';
import { effectiveLifecycle, lookup, type ModelLookup } from '../../model/lookup';
import { Flowchart, nodeId, type FlowDirection } from '../mermaid';

/** The app that serves the forward-auth mode of the same name. */
export const AUTH_PROVIDER: Exclude<AuthMode, 'none'> = 'authentik';

export type ViewName = 'world' | 'network' | 'front-door' | 'platform' | 'storage' | 'gitops';

/** What a view gets: the model, its indexes, and facts only synth knows (the OpenTofu stacks it built). */
export interface DocsContext {
  readonly model: Homelab;
  readonly index: ModelLookup;
  /** Names of the OpenTofu stacks synth produced, in order. */
  readonly stacks: readonly string[];
}

export function docsContext(model: Homelab, stacks: readonly string[]): DocsContext {
  return { model, index: lookup(model), stacks };
}

export interface ArchitectureView {
  readonly name: ViewName;
  readonly title: string;
  /** The question the view answers. */
  readonly question: string;
  readonly audience: string;
  /** Paragraphs introducing the view (our words, derived from the model where it matters). */
  readonly explain: (ctx: DocsContext) => readonly string[];
  readonly build: (ctx: DocsContext) => Flowchart;
}

/** Ids of model entities, one namespace per kind so that a host and an app of the same name never collide. */
export const ids = {
  location: (name: string): string => nodeId('loc', name),
  host: (name: string): string => nodeId('host', name),
  pveCluster: (name: string): string => nodeId('pve', name),
  guest: (name: string): string => nodeId('guest', name),
  instance: (name: string): string => nodeId('instance', name),
  cluster: (name: string): string => nodeId('cluster', name),
  app: (name: string): string => nodeId('app', name),
  network: (name: string): string => nodeId('net', name),
  storage: (name: string): string => nodeId('pool', name),
  bucket: (name: string): string => nodeId('bucket', name),
};

/** A chart with the classes all views use. */
export function newChart(direction: FlowDirection): Flowchart {
  return new Flowchart({ direction })
    .classDef('planned', 'stroke-dasharray:5 5,color:#555555')
    .classDef('edge', 'fill:#ffe0b2,stroke:#e65100')
    .classDef('proxy', 'fill:#c8e6c9,stroke:#2e7d32')
    .classDef('ingress', 'fill:#e1bee7,stroke:#6a1b9a')
    .classDef('auth', 'fill:#ffcdd2,stroke:#c62828')
    .classDef('storage', 'fill:#bbdefb,stroke:#1565c0')
    .classDef('cloud', 'fill:#fff9c4,stroke:#f9a825')
    .classDef('person', 'fill:#eeeeee,stroke:#424242')
    .classDef('gate', 'fill:#ffecb3,stroke:#ff6f00');
}

export function locationPlanned(location: LocationSpec | undefined): boolean {
  return effectiveLifecycle(location?.lifecycle) === 'planned';
}

export function hostPlanned(ctx: DocsContext, host: HostSpec | undefined): boolean {
  return effectiveLifecycle(host?.lifecycle) === 'planned' || locationPlanned(ctx.index.locations.get(host?.location ?? ''));
}

export function guestPlanned(ctx: DocsContext, guest: GuestSpec): boolean {
  return effectiveLifecycle(guest.lifecycle) === 'planned' || hostPlanned(ctx, ctx.index.hosts.get(guest.host));
}

/** `['planned']` when planned, else none: class lists for entities that may be planned. */
export function plannedClass(planned: boolean, ...others: readonly string[]): readonly string[] {
  return planned ? [...others, 'planned'] : others;
}

/** A label line suffix marking planned entities. */
export function plannedSuffix(planned: boolean): string {
  return planned ? ' (planned)' : '';
}

const CLOUD_NAMES = { aws: 'AWS', oci: 'Oracle Cloud' } as const;

/** Where a location is: `on-premises`, or the cloud and its region. */
export function locationWhere(location: LocationSpec): string {
  return location.kind === 'cloud' && location.cloud ? `${CLOUD_NAMES[location.cloud]} ${location.region ?? ''}`.trim() : 'on-premises';
}

export function locationTitle(location: LocationSpec): string {
  return `${location.name} · ${locationWhere(location)}${plannedSuffix(locationPlanned(location))}`;
}

/** `1 cluster`, `2 clusters`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const HOST_KINDS = { proxmox: 'Proxmox VE', truenas: 'TrueNAS' } as const;

export function hostLabel(host: HostSpec, planned: boolean): readonly string[] {
  const gpus = (host.gpus ?? []).map((g) => `GPU ${g.name}`);
  return [`${host.name}${plannedSuffix(planned)}`, `${HOST_KINDS[host.kind]} · ${host.capacity.cores} cores · ${host.capacity.memoryGiB} GiB`, ...gpus];
}

export function guestLabel(guest: GuestSpec, planned: boolean): readonly string[] {
  return [`${guest.name}${plannedSuffix(planned)}`, `${guest.kind.toUpperCase()} · ${guest.role}${guest.gpu ? ` · ${guest.gpu}` : ''}`];
}

/** Names in lines of at most `perLine` names, so long lists stay readable inside a node. */
export function nameLines(names: readonly string[], perLine = 3): readonly string[] {
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += perLine) lines.push(names.slice(i, i + perLine).join(', '));
  return lines;
}

/** Group items by a key, keeping first-seen order of keys and items. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): ReadonlyMap<string, readonly T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Cluster nodes with a data disk (disks after the boot disk): where local-path volumes live. */
export function dataDiskNodes(ctx: DocsContext, cluster: KubernetesClusterSpec): readonly GuestSpec[] {
  return [...cluster.controlPlane, ...cluster.workers].flatMap((name) => {
    const g = ctx.index.guests.get(name);
    return g !== undefined && g.disks.length > 1 ? [g] : [];
  });
}
