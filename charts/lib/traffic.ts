/** The traffic the model implies, derived once per cluster from the apps and their modules. */
import type { AppSpec, Homelab } from '../../model/types';
import type { AppModule } from '../module';
import type { PodPeer, Traffic } from './network';

/** The allowed connections between `apps` (each an app with a module in `modules`). */
export function impliedTraffic(
  model: Homelab,
  apps: readonly AppSpec[],
  modules: Readonly<Record<string, AppModule>>,
  pods: (app: string) => PodPeer | undefined,
): Traffic[] {
  const out: Traffic[] = [];
  const ingressApp = model.edge.applicationIngress;
  const ingress = pods(ingressApp);
  const scraperApp = apps.find((a) => modules[a.name].roles?.includes('metrics-scraper'));
  const scraper = scraperApp ? pods(scraperApp.name) : undefined;
  for (const a of apps) {
    const to = pods(a.name);
    if (to === undefined) continue;
    for (const port of modules[a.name].outsidePorts ?? []) out.push({ from: 'outside', to, port, why: `${a.name} takes traffic from the LAN and the tunnel` });
    if (a.exposure && a.port !== undefined && ingress && a.name !== ingressApp)
      out.push({ from: ingress, to, port: a.port, why: `route ${a.exposure.hostname}` });
    if (a.metrics && scraper && a.name !== scraperApp?.name)
      out.push({ from: scraper, to, port: a.metrics.port, why: `${scraperApp?.name} scrapes ${a.name}` });
    for (const d of a.dependsOn ?? []) {
      const dep = apps.find((x) => x.name === d);
      const target = pods(d);
      const from = pods(a.name);
      if (dep?.port !== undefined && target && from) out.push({ from, to: target, port: dep.port, why: `${a.name} depends on ${d}` });
    }
    out.push(...(modules[a.name].extraTraffic?.(a, { pods, model }) ?? []));
  }
  return out;
}
