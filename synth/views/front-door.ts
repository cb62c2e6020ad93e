/** View 3, the front door: Cloudflare → tunnel → hostname split → NGINX proxy or Traefik → apps, with forward-auth. */
import { nodeId, type Flowchart } from '../mermaid';
import { k8sNames } from '../../naming/names';
import { isInternetExposed, publicRoutes, type PublicRoute } from '../../model/derive';
import { AUTH_PROVIDER, type ArchitectureView, type DocsContext, ids, newChart } from './common';
import { authOf } from '../../model/lookup';
import type { AppSpec, WithFields } from '../../model/types';

/** How a route is guarded, as the diagram and the route table say it. */
export function routeGuard(route: Pick<PublicRoute, 'auth'>): string {
  return route.auth === 'authentik' ? 'forward-auth' : 'public, own login';
}

function build(ctx: DocsContext): Flowchart {
  const { model, index } = ctx;
  const { edge } = model;
  const chart = newChart('LR');
  const routes = publicRoutes(model);
  const lanOnly = model.apps.filter((a): a is WithFields<AppSpec, 'exposure'> => a.exposure !== undefined && !isInternetExposed(a));
  const outposts = model.guests.filter((g) => g.role === 'identity-outpost');
  const dnsGuests = model.guests.filter((g) => g.role === 'dns');
  const ingressApp = index.apps.get(edge.applicationIngress);
  const cluster = ingressApp?.cluster ?? model.clusters.at(0)?.name ?? 'cluster';

  const people = chart.node('people', 'People on the internet', { shape: 'stadium', classes: ['person'] });
  const cloudflare = chart.node('cloudflare', ['Cloudflare', 'DNS, TLS and proxy'], { classes: ['edge'] });
  const tunnel = chart.node(nodeId('tunnel'), [`Tunnel ${edge.tunnel}`, 'outbound-only connection'], { shape: 'stadium', classes: ['edge'] });
  const connector = ids.guest(edge.connector);
  const split = nodeId('split');
  const proxy = ids.guest(edge.infrastructureProxy);
  const ingress = ids.app(edge.applicationIngress);
  const middleware = nodeId('middleware', k8sNames.forwardAuthMiddleware);
  const infraRoutes = routes.filter((r) => r.audience === 'infrastructure');
  const appRoutes = routes.filter((r) => r.audience === 'application');

  chart.subgraph(nodeId('group', 'edge'), 'Edge guests (LXC / VM on Proxmox)', (s) => {
    s.node(connector, [edge.connector, 'cloudflared connector'], { classes: ['edge'] });
    s.node(split, ['Hostname split', 'by audience'], { shape: 'diamond', classes: ['gate'] });
    s.node(proxy, [edge.infrastructureProxy, 'NGINX proxy · infrastructure'], { classes: ['proxy'] });
    for (const o of outposts) s.node(ids.guest(o.name), [o.name, 'Authentik outpost'], { classes: ['auth'] });
    for (const d of dnsGuests) s.node(ids.guest(d.name), [d.name, 'internal DNS'], { classes: ['proxy'] });
  });
  chart.subgraph(nodeId('group', 'infrastructure'), 'Infrastructure UIs on hosts', (s) => {
    for (const r of infraRoutes) {
      const endpoint = model.infraEndpoints.find((e) => e.name === r.target);
      const site = (model.proxySites ?? []).find((x) => x.name === r.target);
      s.node(nodeId('endpoint', r.target), [r.target, `on ${endpoint?.host ?? site?.upstream.guest ?? 'a host'}`]);
    }
  });
  chart.subgraph(ids.cluster(cluster), `Kubernetes ${cluster}`, (s) => {
    s.node(ingress, [edge.applicationIngress, 'ingress controller'], { classes: ['ingress'] });
    if (routes.some((r) => r.audience === 'application' && r.auth === 'authentik') || lanOnly.some((a) => authOf(a.exposure) === 'authentik')) {
      s.node(middleware, [k8sNames.forwardAuthMiddleware, 'forward-auth middleware'], { classes: ['auth'] });
    }
    const shown = new Set<string>([edge.applicationIngress]);
    for (const a of [...appRoutes.map((r) => r.target), ...lanOnly.map((a) => a.name)]) {
      if (shown.has(a)) continue;
      shown.add(a);
      const app = index.apps.get(a);
      s.node(ids.app(a), [a, app ? `${app.namespace} · ${app.tier}` : 'app']);
    }
  });

  chart.edge(people, cloudflare, { label: 'HTTPS to a public hostname' });
  chart.edge(cloudflare, tunnel);
  chart.edge(tunnel, connector);
  chart.edge(connector, split);
  if (infraRoutes.length > 0) chart.edge(split, proxy, { label: `infrastructure: ${infraRoutes.map((r) => r.hostname).join(', ')}` });
  if (appRoutes.length > 0) chart.edge(split, ingress, { label: `applications: ${appRoutes.map((r) => r.hostname).join(', ')}` });
  for (const r of infraRoutes) chart.edge(proxy, nodeId('endpoint', r.target), { label: `${r.hostname} · ${routeGuard(r)}` });
  if (infraRoutes.some((r) => r.auth === 'authentik'))
    for (const o of outposts) chart.edge(proxy, ids.guest(o.name), { label: 'forward-auth check', style: 'dotted' });
  for (const r of appRoutes) chart.edge(ingress, ids.app(r.target), { label: `${r.hostname} · ${routeGuard(r)}` });
  if (chart.has(middleware)) {
    chart.edge(ingress, middleware, { label: 'forward-auth check', style: 'dotted' });
    const provider = index.apps.get(AUTH_PROVIDER);
    if (provider && chart.has(ids.app(provider.name))) chart.edge(middleware, ids.app(provider.name), { label: 'asks', style: 'dotted' });
  }
  if (lanOnly.length > 0) {
    const lan = chart.node('lan', 'People on the LAN', { shape: 'stadium', classes: ['person'] });
    for (const d of dnsGuests) chart.edge(lan, ids.guest(d.name), { label: 'resolves internal names', style: 'dotted' });
    chart.edge(lan, ingress, { label: 'LAN only', style: 'dotted' });
    for (const a of lanOnly) chart.edge(ingress, ids.app(a.name), { label: `${a.exposure.hostname} · LAN only`, style: 'dotted' });
  }
  return chart;
}

export const frontDoorView: ArchitectureView = {
  name: 'front-door',
  title: 'Front door',
  question: 'How does a request from the internet reach a service, and what guards it?',
  audience: 'whoever manages DNS, access or publishes a new service',
  explain: (ctx) => {
    const routes = publicRoutes(ctx.model);
    const open = routes.filter((r) => r.auth === 'none').map((r) => `\`${r.hostname}\``);
    return [
      `Every public hostname (${routes.length} today) resolves at Cloudflare and travels through the tunnel \`${ctx.model.edge.tunnel}\`, which the connector opened from inside. ` +
        `The connector splits by hostname: infrastructure UIs go to the NGINX proxy \`${ctx.model.edge.infrastructureProxy}\`, applications go to \`${ctx.model.edge.applicationIngress}\` in the cluster. ` +
        'Arrows into a service carry its hostname label (the domain itself is a secret) and how it is guarded.',
      open.length > 0
        ? `Forward-auth through Authentik guards every route except the ones marked public on purpose: ${open.join(', ')} (they have their own login).`
        : 'Forward-auth through Authentik guards every route.',
    ];
  },
  build,
};
