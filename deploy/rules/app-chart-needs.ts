/**
 * Every app with a chart module (charts/index.ts APP_CHARTS, or webApp() for an app with an image) gets from the model what its module builds from, so the
 * Kubernetes manifests are built from a model that has it rather than stopping halfway: the fields of its entry (a
 * volume for Traefik's ACME account …), the port the module fixes, the apps it calls (forward-auth), a backup source
 * for Velero, the node services its pods call allowed by a flow on the node network, and an Authentik that forwards
 * auth for every route behind it (and, for OpenID sign-in, is published with a hostname and a port).
 */
import { at } from '../../model/rules/rule';
import { authOf, clusterNodeNetwork } from '../../model/lookup';
import type { AppSpec } from '../../model/types';
import { APP_CHARTS, modulesFor, type AppModule } from '../../charts';
import type { DeployRule } from '../rule';

export const APP_CHART_NEEDS = 'deploy-app-chart-needs';

type Modules = Readonly<Record<string, AppModule>>;

/** The rule over a set of chart modules (the charts' own by default; tests pass others). */
export function appChartNeedsRule(modules: Modules = APP_CHARTS): DeployRule {
  return {
    id: APP_CHART_NEEDS,
    description:
      'Each app with a chart module has what the module builds from: its fields, its fixed port, the apps it calls, a backup source, node flows, an Authentik for its forward-auth.',
    check(model, _index, problems) {
      // Apps with an image and no module of their own are web apps (webApp(): image and port).
      const all = modulesFor(model, modules);
      const charted = model.apps.filter((a) => Object.hasOwn(all, a.name));
      const withRole = (cluster: string, role: 'forward-auth' | 'forward-auth-outpost'): AppSpec | undefined =>
        charted.find((a) => a.cluster === cluster && (all[a.name].roles ?? []).includes(role));
      for (const app of charted) {
        const module = all[app.name];
        const needs = module.needs ?? {};
        const missing = (needs.fields ?? []).filter((f) => app[f] === undefined);
        if (missing.length > 0)
          problems.report(
            at.app(app.name),
            APP_CHART_NEEDS,
            `its chart builds from ${missing.join(' and ')}, which the app does not set`,
            `set ${missing.join(' and ')} on the app`,
          );
        if (needs.port !== undefined && app.port !== needs.port)
          problems.report(
            at.app(app.name),
            APP_CHART_NEEDS,
            `its pods listen on ${needs.port}, but the app says port ${app.port ?? 'none'}`,
            `set port: ${needs.port}`,
          );
        for (const role of needs.peers ?? []) {
          const peer = withRole(app.cluster, role);
          const candidates = Object.keys(modules).filter((n) => (modules[n].roles ?? []).includes(role));
          if (peer?.port === undefined)
            problems.report(
              at.app(app.name),
              APP_CHART_NEEDS,
              `it calls the ${role} app of ${app.cluster}, and ${peer === undefined ? 'there is none' : `${peer.name} has no port`}`,
              peer === undefined ? `add the ${candidates.join(' or ')} app to ${app.cluster}` : `set port on ${peer.name}`,
            );
        }
        if (needs.clusterBackup === true && !model.backups.sources.some((s) => s.tool === 'velero' && 'cluster' in s.from && s.from.cluster === app.cluster)) {
          problems.report(
            at.app(app.name),
            APP_CHART_NEEDS,
            `it backs up ${app.cluster}, but no velero backup source names that cluster`,
            `add { name, from: { cluster: '${app.cluster}' }, tool: 'velero', prefix, schedule } to backups.sources`,
          );
        }
        const services = module.nodeServices ?? [];
        const network = clusterNodeNetwork(model, app.cluster);
        if (services.length > 0 && network !== undefined) {
          const allowed = new Set(model.flows.filter((f) => f.from === network && f.to === network).flatMap((f) => f.services));
          const blocked = services.filter((s) => !allowed.has(s) && !allowed.has('any'));
          if (blocked.length > 0)
            problems.report(
              at.app(app.name),
              APP_CHART_NEEDS,
              `its pods call ${blocked.join(', ')} on the cluster nodes, which no flow ${network} → ${network} allows`,
              `add ${blocked.join(', ')} to that flow`,
            );
        }
        const auth = app.exposure === undefined ? undefined : authOf(app.exposure);
        if (auth === 'authentik') {
          const server = withRole(app.cluster, 'forward-auth');
          if (server === undefined)
            problems.report(
              at.app(app.name),
              APP_CHART_NEEDS,
              `its route is behind forward-auth, but no Authentik runs on ${app.cluster}`,
              "add the authentik app to the cluster, or publish the app on purpose without it (exposure.auth: 'none', public: true)",
            );
          else if (module.oidc !== undefined && (server.exposure === undefined || server.port === undefined))
            problems.report(
              at.app(app.name),
              APP_CHART_NEEDS,
              `it signs in through Authentik's OpenID provider, but ${server.name} has no ${server.exposure === undefined ? 'hostname' : 'port'}`,
              `set exposure and port on ${server.name}`,
            );
        }
      }
    },
  };
}

export const appChartNeeds = appChartNeedsRule();
