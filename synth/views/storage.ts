/** View 5, storage: where data lives in the current and the future stage (storageStage, movesTo), and the backups. */
import { nodeId, type Flowchart, type Scope } from '../mermaid';
import type { Homelab, StorageSpec, StorageStage } from '../../model/types';
import { type ArchitectureView, type DocsContext, dataDiskNodes, groupBy, hostPlanned, nameLines, newChart, plannedClass } from './common';

const STAGES: readonly StorageStage[] = ['current', 'future'];

/** The pool that holds `name`'s content in `stage` (a current pool hands its content to `movesTo` in the future). */
export function poolInStage(model: Homelab, name: string, stage: StorageStage): string {
  if (stage === 'current') return name;
  return model.storage.find((s) => s.name === name)?.movesTo ?? name;
}

const poolId = (stage: StorageStage, name: string): string => nodeId('pool', stage, name);
/** ` over <network>` for an NFS edge whose pool names its network. */
const nfsNetworkSuffix = (network: string | undefined): string => (network ? ` over ${network}` : '');

/** A file or block pool is held by the bulk pool of its host (a ZFS pool, else the local disk). */
function backingPool(pools: readonly StorageSpec[], pool: StorageSpec): StorageSpec | undefined {
  if (pool.kind !== 'nfs' && pool.kind !== 'iscsi') return undefined;
  const sameHost = pools.filter((p) => p.host === pool.host);
  return sameHost.find((p) => p.kind === 'zfs-pool') ?? sameHost.find((p) => p.kind === 'local-ssd');
}

function poolLabel(pool: StorageSpec): readonly string[] {
  return [pool.name, `${pool.kind} on ${pool.host}`, pool.content.join(', ')];
}

function stageBox(ctx: DocsContext, chart: Flowchart, scope: Scope, stage: StorageStage): void {
  const { model, index } = ctx;
  const pools = model.storage.filter((p) => p.stages.includes(stage));
  for (const [host, members] of groupBy(pools, (p) => p.host)) {
    const planned = hostPlanned(ctx, index.hosts.get(host));
    scope.subgraph(
      nodeId('host', stage, host),
      host,
      (h) => {
        for (const p of members) h.node(poolId(stage, p.name), poolLabel(p), { shape: 'cylinder', classes: plannedClass(planned, 'storage') });
      },
      { classes: plannedClass(planned) },
    );
  }
  // Guest disks, one consumer node per host whose guests have disks in this stage.
  for (const [host, guests] of groupBy(
    model.guests.filter((g) => g.disks.length > 0),
    (g) => g.host,
  )) {
    const id = nodeId('disks', stage, host);
    scope.node(id, [`Guest disks on ${host}`, ...nameLines(guests.map((g) => g.name))]);
    const sizes = new Map<string, number>();
    for (const g of guests)
      for (const d of g.disks) {
        const target = poolInStage(model, d.storage, stage);
        sizes.set(target, (sizes.get(target) ?? 0) + d.sizeGiB);
      }
    for (const [target, size] of sizes) {
      const pool = index.storage.get(target);
      const over = pool?.network ? ` over ${pool.network}` : '';
      if (chart.has(poolId(stage, target))) chart.edge(id, poolId(stage, target), { label: `${size} GiB${over}` });
    }
  }
  // Shared media: pods that mount /media and guests with mounts.
  const mediaApps = model.apps.filter((a) => a.media === true).map((a) => a.name);
  const mounts = model.guests.flatMap((g) => (g.mounts ?? []).map((m) => ({ guest: g.name, storage: m.storage, path: m.path })));
  const mediaTargets = new Set([
    ...mounts.map((m) => poolInStage(model, m.storage, stage)),
    ...model.storage.filter((s) => s.content.includes('media') && s.stages.includes(stage)).map((s) => s.name),
  ]);
  if (mediaApps.length > 0) {
    const id = nodeId('pods', stage);
    scope.node(id, ['Pods mounting /media', ...nameLines(mediaApps)]);
    for (const t of mediaTargets)
      if (chart.has(poolId(stage, t))) chart.edge(id, poolId(stage, t), { label: `NFS${nfsNetworkSuffix(index.storage.get(t)?.network)}` });
  }
  // Cluster volumes: PVCs live on the data disks of the cluster's nodes.
  for (const cluster of model.clusters) {
    const claims = model.apps.filter((a) => a.cluster === cluster.name && a.volume !== undefined).map((a) => a.name);
    if (claims.length === 0) continue;
    const id = nodeId('volumes', stage, cluster.name);
    scope.node(id, [`PVCs of ${cluster.name}`, ...nameLines(claims)]);
    const nodeHosts = new Set(dataDiskNodes(ctx, cluster).map((g) => g.host));
    for (const host of nodeHosts)
      if (chart.has(nodeId('disks', stage, host))) chart.edge(id, nodeId('disks', stage, host), { label: 'on node data disks', style: 'dotted' });
  }
  for (const m of mounts) {
    const target = poolInStage(model, m.storage, stage);
    const id = nodeId('disks', stage, index.guests.get(m.guest)?.host ?? m.guest);
    if (chart.has(id) && chart.has(poolId(stage, target))) chart.edge(id, poolId(stage, target), { label: `${m.guest} mounts ${m.path}`, style: 'dotted' });
  }
  for (const p of pools) {
    const backing = backingPool(pools, p);
    if (backing) chart.edge(poolId(stage, backing.name), poolId(stage, p.name), { label: 'holds' });
  }
}

function build(ctx: DocsContext): Flowchart {
  const { model } = ctx;
  const chart = newChart('LR');
  for (const stage of STAGES) {
    const live = model.storageStage === stage ? ' · live' : '';
    chart.subgraph(nodeId('stage', stage), `${stage === 'current' ? 'Current state' : 'Future state'}${live}`, (s) => stageBox(ctx, chart, s, stage), {
      classes: model.storageStage === stage ? [] : ['planned'],
    });
  }
  for (const p of model.storage) {
    if (p.movesTo && p.stages.includes('current'))
      chart.edge(poolId('current', p.name), poolId('future', p.movesTo), { label: 'content moves to', style: 'thick' });
  }
  const bucket = chart.node(
    nodeId('bucket', model.backups.bucket),
    [model.backups.bucket, `S3 in ${model.backups.location}`, `after ${model.backups.transitionAfterDays} days → ${model.backups.transitionStorageClass}`],
    {
      shape: 'cylinder',
      classes: ['cloud'],
    },
  );
  for (const source of model.backups.sources) {
    const label = `${source.tool} · ${source.schedule} → ${source.prefix}`;
    for (const stage of STAGES) {
      if ('host' in source.from) {
        const host = source.from.host;
        const pool =
          model.storage.find((p) => p.host === host && p.stages.includes(stage) && p.content.includes('backups')) ??
          model.storage.find((p) => p.host === host && p.stages.includes(stage));
        if (pool) chart.edge(poolId(stage, pool.name), bucket, { label });
      } else {
        const volumes = nodeId('volumes', stage, source.from.cluster);
        if (chart.has(volumes)) chart.edge(volumes, bucket, { label });
      }
    }
  }
  return chart;
}

export const storageView: ArchitectureView = {
  name: 'storage',
  title: 'Storage',
  question: 'Where does data live, how is it reached, and how is it backed up?',
  audience: 'whoever cares for data, backups and recovery',
  explain: (ctx) => {
    const m = ctx.model;
    const moves = m.storage.filter((p) => p.movesTo).map((p) => `\`${p.name}\` → \`${p.movesTo}\``);
    return [
      `Two stages side by side. The model's switch \`storageStage\` is \`${m.storageStage}\`, so the ${m.storageStage} stage is live and the other is drawn dashed. ` +
        `Switching it moves content along the thick arrows (${moves.join(', ')}); guests, pods and mounts follow without other edits.`,
      `Backups leave for \`${m.backups.bucket}\` in ${m.backups.location}: ${m.backups.sources.map((s) => `${s.name} with ${s.tool}`).join(', ')}. ` +
        `Old versions expire after ${m.backups.noncurrentVersionExpiryDays} days.`,
    ];
  },
  build,
};
