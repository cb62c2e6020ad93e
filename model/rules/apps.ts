import type { ModelRule } from './rule';
import { at, oneOf } from './rule';
import type { AppSpec, WithFields } from '../types';
import { isGuestActive } from '../lookup';
import { authentikServer } from '../derive';

/** Apps run on a declared cluster and depend on declared apps of that cluster, without cycles. */
export const appDependencies: ModelRule = {
  id: 'app-dependencies',
  description: 'Apps run on a declared cluster; dependsOn names apps of the same cluster and forms no cycle (Flux dependsOn).',
  check(model, index, problems) {
    for (const a of model.apps) {
      if (!index.clusters.has(a.cluster))
        problems.report(at.app(a.name), 'app-dependencies', `cluster "${a.cluster}" does not exist`, oneOf(index.clusters.keys(), 'cluster'));
      for (const d of a.dependsOn ?? []) {
        const dep = index.apps.get(d);
        if (!dep)
          problems.report(
            at.app(a.name),
            'app-dependencies',
            `dependsOn "${d}" is not a declared app`,
            oneOf(
              model.apps.filter((x) => x.name !== a.name).map((x) => x.name),
              'app',
            ),
          );
        else if (dep.cluster !== a.cluster)
          problems.report(
            at.app(a.name),
            'app-dependencies',
            `dependsOn "${d}" runs on ${dep.cluster}, not ${a.cluster}`,
            'depend only on apps of the same cluster',
          );
        if (d === a.name) problems.report(at.app(a.name), 'app-dependencies', 'the app depends on itself', `remove "${d}" from dependsOn`);
      }
    }
    // Cycle detection (depth-first, reports each cycle once, by its smallest member).
    const state = new Map<string, 'visiting' | 'done'>();
    const reported = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      const s = state.get(name);
      if (s === 'done') return;
      if (s === 'visiting') {
        const cycle = trail.slice(trail.indexOf(name));
        const key = [...cycle].sort().join(',');
        if (cycle.length > 1 && !reported.has(key)) {
          reported.add(key);
          problems.report(at.app(name), 'app-dependencies', `Flux dependency cycle: ${[...cycle, name].join(' → ')}`, 'remove one of these dependsOn entries');
        }
        return;
      }
      state.set(name, 'visiting');
      for (const d of index.apps.get(name)?.dependsOn ?? []) if (index.apps.has(d)) visit(d, [...trail, name]);
      state.set(name, 'done');
    };
    for (const a of model.apps) visit(a.name, []);
  },
};

function exposedApps(apps: readonly AppSpec[]): WithFields<AppSpec, 'exposure'>[] {
  return apps.filter((a): a is WithFields<AppSpec, 'exposure'> => a.exposure !== undefined);
}

/** An exposed app has a port to route to, and an app without auth is marked public on purpose. */
export const appRoutes: ModelRule = {
  id: 'app-routes',
  description: 'Exposed apps have a port; apps with auth none must be marked public; a port without a route is exposed or internal on purpose.',
  check(model, _index, problems) {
    for (const a of exposedApps(model.apps)) {
      const e = a.exposure;
      if (a.port === undefined)
        problems.report(at.app(a.name), 'app-routes', `hostname "${e.hostname}" has no port to route to`, "set port to the port of the app's HTTP service");
      if ((e.auth ?? 'authentik') === 'none' && e.public !== true)
        problems.report(
          at.app(a.name),
          'app-routes',
          'the app is exposed without forward-auth but not marked public',
          "set exposure.public: true if it is public on purpose, or remove auth: 'none' to put it behind Authentik",
        );
      if (e.public === true && (e.auth ?? 'authentik') !== 'none')
        problems.report(at.app(a.name), 'app-routes', 'the app is marked public but still behind forward-auth', "set exposure.auth: 'none' or remove public");
    }
    for (const a of model.apps) {
      if (a.tier === 'application' && a.exposure === undefined)
        problems.report(
          at.app(a.name),
          'app-routes',
          'the application has no route (no exposure)',
          'add exposure with a hostname, or make it a platform app if it is internal',
        );
    }
    for (const e of model.infraEndpoints) {
      if ((e.auth ?? 'authentik') === 'none')
        problems.report(at.endpoint(e.name), 'app-routes', 'an infrastructure UI must not be published without forward-auth', "remove auth: 'none'");
    }
  },
};

/** Apps use a storage class their cluster offers; images are pinned. */
export const appWorkloads: ModelRule = {
  id: 'app-workloads',
  description: 'Volumes use a storage class the cluster offers; images and charts are pinned (never latest); media apps have a media pool.',
  check(model, index, problems) {
    // The media apps mount the live stage's NFS export (charts/lib/media.ts): an NFS pool with a path.
    const hasMedia = model.storage.some(
      (s) => s.content.includes('media') && s.kind === 'nfs' && s.path !== undefined && s.stages.includes(model.storageStage),
    );
    for (const a of model.apps) {
      const cluster = index.clusters.get(a.cluster);
      if (a.volume && cluster && !cluster.storageClasses.includes(a.volume.storageClass)) {
        problems.report(
          at.app(a.name),
          'app-workloads',
          `storage class "${a.volume.storageClass}" is not offered by ${cluster.name}`,
          oneOf(cluster.storageClasses, 'storage class'),
        );
      }
      if (a.volume && !a.volume.mountPath.startsWith('/'))
        problems.report(at.app(a.name), 'app-workloads', `mount path "${a.volume.mountPath}" is not absolute`, 'use an absolute path such as /config');
      if (a.image && (a.image.tag === 'latest' || a.image.tag === '' || /^(main|master|stable|edge|nightly)$/.test(a.image.tag))) {
        problems.report(at.app(a.name), 'app-workloads', `image tag "${a.image.tag}" is not a pinned version`, 'pin a version tag such as 1.2.3');
      }
      if (a.chart && !/^v?\d+\.\d+\.\d+/.test(a.chart.version))
        problems.report(at.app(a.name), 'app-workloads', `chart version "${a.chart.version}" is not pinned`, 'pin an exact chart version');
      if (a.image && a.chart)
        problems.report(
          at.app(a.name),
          'app-workloads',
          'the app has both an image and a chart',
          'keep one: image for our workloads, chart for third-party platform parts',
        );
      if (a.exposure && !a.image && !a.chart && a.name !== 'flux')
        problems.report(at.app(a.name), 'app-workloads', 'the app is exposed but has neither image nor chart', 'add an image or a chart');
      if (a.media === true && !hasMedia)
        problems.report(
          at.app(a.name),
          'app-workloads',
          `no NFS media pool with a path exists in the ${model.storageStage} storage stage`,
          'declare one (kind nfs, content media, a path) for that stage',
        );
    }
  },
};

/**
 * A standalone Authentik outpost connects to the Authentik server at its public hostname and must run the server's
 * version (authentik-outpost.yml reads both from the app whose chart is authentik): without that app it would be
 * installed with an empty version and no server to talk to.
 */
export const identityOutpostServer: ModelRule = {
  id: 'identity-outpost-server',
  description: 'An active identity-outpost guest has an Authentik server: an app with the authentik chart and a hostname (exposure).',
  after: ['host-exists'],
  check(model, _index, problems) {
    const server = authentikServer(model);
    for (const g of model.guests) {
      if (g.role !== 'identity-outpost' || !isGuestActive(model, g)) continue;
      if (server === undefined)
        problems.report(
          at.guest(g.name),
          'identity-outpost-server',
          'the standalone outpost has no Authentik server to connect to (no app uses the authentik chart)',
          'declare the Authentik app (chart authentik) on the cluster, or mark this guest planned',
        );
      else if (server.exposure === undefined)
        problems.report(
          at.guest(g.name),
          'identity-outpost-server',
          `the standalone outpost reaches the server at its public hostname, but app ${server.name} has no exposure`,
          `give app ${server.name} an exposure (hostname), or mark this guest planned`,
        );
    }
  },
};
