import { secretNames } from '../../model/secrets';
import { k8sNames } from '../../naming/names';
import { hostRule } from '../lib/route';
import { asArray, field } from '../lib/objects';
import { fluxVar } from '../lib/substitution';
import type { ManifestRule } from './rule';
import { at, unitsOf } from './helpers';
import { authOf } from '../../model/lookup';

/** Every exposed app has an IngressRoute on its hostname, behind forward-auth unless the model marks it public. */
export const manifestRoutes: ManifestRule = {
  id: 'k8s-routes',
  description:
    'Every exposed app has an IngressRoute on <hostname>.${SECRET_DOMAIN}, with the Authentik forward-auth Middleware unless it is public; every app with a chart has a module (an app with an image is at least a web app).',
  check(cluster, model, problems) {
    const domain = fluxVar(model, secretNames.domain);
    for (const a of model.apps.filter((x) => x.cluster === cluster.cluster.name)) {
      if (a.chart && !cluster.apps.some((x) => x.name === a.name)) {
        problems.report(
          at.app(a.name),
          'k8s-routes',
          'the app has a chart but no chart module (its values are typed there), so it gets no manifests',
          `add charts/apps/${a.name}.ts and register it in APP_CHARTS (charts/index.ts)`,
        );
      }
      if (a.exposure === undefined || !cluster.apps.some((x) => x.name === a.name)) continue;
      const host = hostRule(a.exposure.hostname, domain);
      const routes = unitsOf(cluster, a.name)
        .flatMap((u) => u.objects.filter((o) => o.kind === 'IngressRoute'))
        .flatMap((o) => asArray(field(o, 'spec', 'routes')))
        .filter((r) => field(r, 'match') === host);
      if (routes.length === 0) {
        problems.report(
          at.app(a.name),
          'k8s-routes',
          `the app has no route: no IngressRoute matches ${host}`,
          'add an AppRoute to its chart (charts/lib/route.ts)',
        );
        continue;
      }
      const guarded = routes.every((r) => asArray(field(r, 'middlewares')).some((m) => field(m, 'name') === k8sNames.forwardAuthMiddleware));
      const wantsAuth = authOf(a.exposure) === 'authentik';
      if (wantsAuth && !guarded)
        problems.report(
          at.app(a.name),
          'k8s-routes',
          `the route ${host} is not behind the ${k8sNames.forwardAuthMiddleware} Middleware`,
          "add the forward-auth Middleware, or mark the app public (exposure.auth 'none', public true)",
        );
      if (!wantsAuth && routes.some((r) => asArray(field(r, 'middlewares')).some((m) => field(m, 'name') === k8sNames.forwardAuthMiddleware))) {
        problems.report(
          at.app(a.name),
          'k8s-routes',
          `the public app's route ${host} still carries forward-auth`,
          'drop the Middleware or remove public from the model',
        );
      }
    }
  },
};
