/** View 1, the map of the world: every location with its hosts, guests, storage, the cluster and the cloud parts. */
import type { Flowchart, Scope } from '../mermaid';
import { nodeId } from '../mermaid';
import { stateBucketName } from '../../naming/names';
import { clusterNodes } from '../../model/derive';
import { liveMediaPool } from '../../model/lookup';
import type { HostSpec } from '../../model/types';
import {
  type ArchitectureView,
  type DocsContext,
  count,
  groupBy,
  guestLabel,
  guestPlanned,
  hostLabel,
  hostPlanned,
  ids,
  locationPlanned,
  locationTitle,
  newChart,
  plannedClass,
} from './common';

function hostBox(ctx: DocsContext, scope: Scope, host: HostSpec): void {
  const planned = hostPlanned(ctx, host);
  const guests = ctx.model.guests.filter((g) => g.host === host.name);
  const pools = ctx.model.storage.filter((s) => s.host === host.name);
  scope.subgraph(
    ids.host(host.name),
    hostLabel(host, planned),
    (inner) => {
      for (const g of guests) inner.node(ids.guest(g.name), guestLabel(g, guestPlanned(ctx, g)), { classes: plannedClass(guestPlanned(ctx, g)) });
      for (const p of pools)
        inner.node(ids.storage(p.name), [p.name, `${p.kind} · ${p.content.join(', ')}`], { shape: 'cylinder', classes: plannedClass(planned, 'storage') });
    },
    { classes: plannedClass(planned) },
  );
}

function build(ctx: DocsContext): Flowchart {
  const { model, index } = ctx;
  const chart = newChart('TD');
  const people = chart.node('people', 'People', { shape: 'stadium', classes: ['person'] });
  const cloudflare = chart.node('cloudflare', ['Cloudflare', 'DNS and tunnel edge'], { classes: ['edge'] });
  const hostsByLocation = groupBy(model.hosts, (h) => h.location);

  for (const location of model.locations) {
    chart.subgraph(
      ids.location(location.name),
      locationTitle(location),
      (loc) => {
        const hosts = hostsByLocation.get(location.name) ?? [];
        for (const pve of model.pveClusters.filter((c) => c.location === location.name)) {
          loc.subgraph(ids.pveCluster(pve.name), `Proxmox VE cluster ${pve.name}`, (members) => {
            for (const h of hosts.filter((x) => x.pveCluster === pve.name)) hostBox(ctx, members, h);
          });
        }
        for (const h of hosts.filter((x) => x.pveCluster === undefined)) hostBox(ctx, loc, h);
        for (const c of model.clusters.filter((x) => x.location === location.name)) {
          loc.node(ids.cluster(c.name), [`Kubernetes ${c.name}`, `${c.distribution} ${c.version}`], { shape: 'hexagon', classes: ['ingress'] });
        }
        for (const i of model.cloudInstances.filter((x) => x.location === location.name)) {
          loc.node(ids.instance(i.name), [i.name, `${i.role} · ${i.shape}`], { classes: ['cloud'] });
        }
        if (model.backups.location === location.name) {
          loc.node(ids.bucket(model.backups.bucket), [model.backups.bucket, 'S3 bucket · backups'], { shape: 'cylinder', classes: ['cloud'] });
          loc.node(nodeId('bucket', 'state'), [stateBucketName(location.name), 'S3 bucket · OpenTofu state'], { shape: 'cylinder', classes: ['cloud'] });
        }
      },
      { classes: plannedClass(locationPlanned(location)) },
    );
  }

  chart.edge(people, cloudflare, { label: 'HTTPS' });
  if (index.guests.has(model.edge.connector))
    chart.edge(ids.guest(model.edge.connector), cloudflare, { label: `outbound tunnel ${model.edge.tunnel}`, style: 'thick' });
  for (const c of model.clusters) {
    for (const n of clusterNodes(model, c.name))
      if (index.guests.has(n.guest)) chart.edge(ids.guest(n.guest), ids.cluster(c.name), { label: n.role, style: 'dotted' });
  }
  for (const g of model.guests) {
    for (const m of g.mounts ?? [])
      if (index.storage.has(m.storage)) chart.edge(ids.guest(g.name), ids.storage(m.storage), { label: `mounts ${m.path}`, style: 'dotted' });
  }
  for (const c of model.clusters) {
    const media = model.apps.some((a) => a.cluster === c.name && a.media === true);
    const share = liveMediaPool(model);
    if (media && share) chart.edge(ids.cluster(c.name), ids.storage(share.name), { label: 'media over NFS', style: 'dotted' });
  }
  for (const source of model.backups.sources) {
    const from = 'host' in source.from ? ids.host(source.from.host) : ids.cluster(source.from.cluster);
    if (chart.has(from)) chart.edge(from, ids.bucket(model.backups.bucket), { label: `backups · ${source.tool}` });
  }
  for (const i of model.cloudInstances) {
    for (const pve of model.pveClusters) chart.edge(ids.instance(i.name), ids.pveCluster(pve.name), { label: `${i.role} access`, style: 'dotted' });
  }
  return chart;
}

export const worldView: ArchitectureView = {
  name: 'world',
  title: 'Map of the world',
  question: 'What exists, and where?',
  audience: 'everyone, first of all people new to the homelab',
  explain: (ctx) => {
    const m = ctx.model;
    const planned = m.locations.filter(locationPlanned).map((l) => `\`${l.name}\``);
    return [
      `The widest view: ${count(m.locations.length, 'location')}, ${count(m.hosts.length, 'host')}, ${count(m.guests.length, 'guest')}, ${count(m.clusters.length, 'Kubernetes cluster')} and ${count(m.cloudInstances.length, 'cloud instance')}. ` +
        'Each location is a box; Proxmox hosts sit inside their Proxmox VE cluster and carry their guests and local storage pools. ' +
        'Dotted arrows show membership (a guest that is a Kubernetes node) and mounts; solid arrows show traffic and backups.',
      planned.length > 0 ? `Dashed boxes are planned and do not exist yet: ${planned.join(', ')} and everything inside.` : 'Every location exists today.',
    ];
  },
  build,
};
