/**
 * Every endpoint one layer calls has a producer and an open path: the NGINX proxy forward-auths at the Authentik
 * outpost (:9000), the outpost reaches the in-cluster server (https), every guest and host resolves through AdGuard
 * (:53), users and IoT devices too, the arr apps hand work to the download client (http). "Open" means a flow from the
 * caller's network to the callee's that carries the service, and the callee serving it: the Proxmox firewall and the
 * nftables host firewalls are both generated from exactly that. Conversely no guest opens a port nothing answers on.
 */
import type { DeployRule } from '../rule';
import type { GuestSpec, Homelab, ServiceName } from '../../model/types';
import type { Problems } from '../../model/errors';
import { at } from '../../model/rules/rule';
import { authOf, isGuestActive, isHostActive } from '../../model/lookup';
import { clusterNodes } from '../../model/derive';
import { producerOf, ROLE_PRODUCERS } from '../producers';

const ID = 'deploy-endpoint-producer';

function flowCarries(model: Homelab, from: string, to: readonly string[], service: ServiceName): boolean {
  return model.flows.some((f) => f.from === from && to.includes(f.to) && (f.services.includes(service) || f.services.includes('any')));
}

interface Call {
  /** Who calls (entity path) and from which network. */
  readonly caller: string;
  readonly from: string;
  readonly service: ServiceName;
  /** What it calls. */
  readonly callee: GuestSpec;
  readonly why: string;
}

function checkCall(model: Homelab, call: Call, problems: Problems, seen: Set<string>): void {
  const { callee, service } = call;
  const first = !seen.has(`${callee.name}|${service}`);
  seen.add(`${callee.name}|${service}`);
  if (first && !(callee.serves ?? []).includes(service)) {
    problems.report(
      at.guest(callee.name),
      ID,
      `${call.caller} calls ${service} here (${call.why}) but the guest does not serve it, so both firewalls drop the call`,
      `add '${service}' to serves of ${callee.name}`,
    );
  }
  if (first && !producerOf(callee.role, service)) {
    problems.report(
      at.guest(callee.name),
      ID,
      `${call.caller} calls ${service} here (${call.why}) but nothing this repository deploys on a ${callee.role} guest answers it`,
      `add the play/role that runs it and list it in deploy/producers.ts`,
    );
  }
  if (!flowCarries(model, call.from, callee.networks, service)) {
    problems.report(
      call.caller,
      ID,
      `calls ${service} on ${callee.name} (${call.why}) but no flow from ${call.from} to ${callee.networks.join(' or ')} carries ${service}, so the firewalls drop it`,
      `add '${service}' to a flow from ${call.from} to ${callee.networks[0]} in homelab.ts flows`,
    );
  }
}

function calls(model: Homelab): Call[] {
  const active = model.guests.filter((g) => isGuestActive(model, g));
  const out: Call[] = [];
  const dns = active.filter((g) => g.role === 'dns');
  const proxy = active.find((g) => g.name === model.edge.infrastructureProxy);
  const outposts = active.filter((g) => g.role === 'identity-outpost');
  const guarded = model.infraEndpoints.some((e) => authOf(e) === 'authentik' && model.hosts.some((h) => h.name === e.host && isHostActive(model, h)));

  // The NGINX proxy forward-auths guarded infrastructure hostnames at the outpost; the outpost talks to the server.
  if (proxy && guarded) {
    for (const o of outposts)
      out.push({
        caller: at.guest(proxy.name),
        from: proxy.networks[0],
        service: 'authentik-outpost',
        callee: o,
        why: 'forward-auth of the infrastructure hostnames',
      });
  }
  const authentik = model.apps.find((a) => a.chart?.name === 'authentik');
  const nodes = authentik
    ? clusterNodes(model, authentik.cluster)
        .map((n) => active.find((g) => g.name === n.guest))
        .filter((g): g is GuestSpec => g !== undefined)
    : [];
  for (const o of outposts)
    for (const n of nodes.slice(0, 1))
      out.push({
        caller: at.guest(o.name),
        from: o.networks[0],
        service: 'https',
        callee: n,
        why: 'the outpost talks to the Authentik server through the ingress',
      });

  // Everything resolves through AdGuard: guests and hosts from their primary network, users' and IoT networks too.
  for (const d of dns) {
    for (const g of active)
      if (g.name !== d.name)
        out.push({ caller: at.guest(g.name), from: g.networks[0], service: 'dns', callee: d, why: "name resolution (AdGuard is every guest's resolver)" });
    for (const h of model.hosts.filter(
      (x) => x.kind === 'proxmox' && isHostActive(model, x) && x.location === model.hosts.find((y) => y.name === d.host)?.location,
    )) {
      out.push({ caller: at.host(h.name), from: h.networks[0], service: 'dns', callee: d, why: 'name resolution of the home.arpa names' });
    }
    for (const n of model.networks.filter((x) => x.purpose === 'users' || x.purpose === 'iot'))
      out.push({ caller: at.network(n.name), from: n.name, service: 'dns', callee: d, why: `the ${n.purpose} network's resolver` });
  }

  // The arr apps hand work to the download client.
  const mediaApps = model.apps.filter((a) => a.media === true);
  for (const downloads of active.filter((g) => g.role === 'media-downloads')) {
    for (const a of mediaApps.slice(0, 1)) {
      const node = clusterNodes(model, a.cluster)
        .map((n) => active.find((g) => g.name === n.guest))
        .find((g) => g !== undefined);
      if (node)
        out.push({
          caller: at.app(a.name),
          from: node.networks[0],
          service: 'http',
          callee: downloads,
          why: 'the arr apps hand downloads to the download client',
        });
    }
  }
  return out;
}

export const endpointProducer: DeployRule = {
  id: ID,
  description:
    'Every endpoint a layer calls (outpost :9000, AdGuard :53, the download client, the Authentik server) is served by a play/role/chart and open on the path (flow + serves); no guest opens a port nothing answers on.',
  check(model, _index, problems) {
    const seen = new Set<string>();
    for (const call of calls(model)) checkCall(model, call, problems, seen);
    for (const g of model.guests.filter((x) => isGuestActive(model, x))) {
      for (const service of g.serves ?? []) {
        if (service === 'any' || producerOf(g.role, service)) continue;
        problems.report(
          at.guest(g.name),
          ID,
          `serves ${service}, but nothing this repository deploys on a ${g.role} guest listens there (the firewalls open a port for nothing)`,
          `remove '${service}' from serves, or add the play/role that runs it (deploy/producers.ts lists ${ROLE_PRODUCERS[g.role].map((p) => p.service).join(', ')})`,
        );
      }
    }
  },
};
