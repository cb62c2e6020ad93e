/** View 2, the logical network: the VLANs, who sits on which, and the firewall matrix from `flows`. */
import { nodeId, type Flowchart } from '../mermaid';
import type { Homelab, ServiceName } from '../../model/types';
import { type ArchitectureView, type DocsContext, guestPlanned, hostPlanned, ids, newChart, plannedClass, plannedSuffix } from './common';

/** The pseudo-network of flows that come from outside. */
export const INTERNET = 'internet';

/** Allowed services per (from, to) pair, in model order; several rows for one pair are merged. */
export function flowMatrix(
  model: Homelab,
): readonly { readonly from: string; readonly to: string; readonly services: readonly ServiceName[]; readonly why: readonly string[] }[] {
  const pairs = new Map<string, { from: string; to: string; services: ServiceName[]; why: string[] }>();
  for (const f of model.flows) {
    const key = `${f.from}\u0000${f.to}`;
    const row = pairs.get(key) ?? { from: f.from, to: f.to, services: [], why: [] };
    for (const s of f.services) if (!row.services.includes(s)) row.services.push(s);
    row.why.push(f.why);
    pairs.set(key, row);
  }
  return [...pairs.values()];
}

function networkNode(name: string): string {
  return name === INTERNET ? nodeId('internet') : ids.network(name);
}

function build(ctx: DocsContext): Flowchart {
  const { model, index } = ctx;
  const chart = newChart('LR');
  const matrix = flowMatrix(model);
  const usesInternet = matrix.some((r) => r.from === INTERNET || r.to === INTERNET);
  const internet = chart.node(nodeId('internet'), ['Internet', 'no inbound port is open'], { shape: 'circle', classes: ['edge'] });
  chart.node(nodeId('firewall'), ['Firewall', 'default deny between VLANs', 'arrows = allowed services'], { shape: 'hexagon', classes: ['gate'] });

  for (const net of model.networks) {
    const inside = matrix.find((r) => r.from === net.name && r.to === net.name);
    const title = [`${net.name} · ${net.purpose}`, `bridge ${net.bridge}`, inside ? `inside: ${inside.services.join(', ')}` : 'inside: nothing allowed'];
    chart.subgraph(ids.network(net.name), title, (members) => {
      let count = 0;
      for (const h of model.hosts) {
        if (!h.networks.includes(net.name)) continue;
        const planned = hostPlanned(ctx, h);
        members.node(nodeId('member', net.name, 'host', h.name), [`${h.name}${plannedSuffix(planned)}`, `host · ${h.kind}`], {
          classes: plannedClass(planned),
        });
        count++;
      }
      for (const g of model.guests) {
        if (!g.networks.includes(net.name)) continue;
        const planned = guestPlanned(ctx, g);
        members.node(nodeId('member', net.name, 'guest', g.name), [`${g.name}${plannedSuffix(planned)}`, `${g.kind} · ${g.role}`], {
          classes: plannedClass(planned),
        });
        count++;
      }
      if (count === 0) members.node(nodeId('member', net.name, 'none'), ['no modelled members', `(${net.purpose} devices)`]);
    });
  }

  for (const row of matrix) {
    if (row.from === row.to) continue;
    chart.edge(networkNode(row.from), networkNode(row.to), { label: row.services.join(', ') });
  }
  const connector = index.guests.get(model.edge.connector);
  if (!usesInternet && connector !== undefined && connector.networks.length > 0) {
    chart.edge(nodeId('member', connector.networks[0], 'guest', connector.name), internet, { label: 'outbound tunnel only', style: 'dotted' });
  }
  return chart;
}

export const networkView: ArchitectureView = {
  name: 'network',
  title: 'Logical network',
  question: 'Who can talk to whom?',
  audience: 'whoever changes the network, audits security or deploys a service with network needs',
  explain: (ctx) => {
    const m = ctx.model;
    const cross = flowMatrix(m).filter((r) => r.from !== r.to).length;
    return [
      `${m.networks.length} VLANs, each a box listing the hosts and guests with a network interface on it (a machine on two VLANs appears in both). ` +
        `The firewall denies traffic between VLANs by default; the ${cross} arrows are the only cross-VLAN flows allowed, labelled with their services, ` +
        'and each box says what may flow inside it. VLAN IDs and address ranges are secrets and appear nowhere in this repository.',
      'The tunnel connector only dials out: nothing on the internet can open a connection inward.',
    ];
  },
  build,
};
