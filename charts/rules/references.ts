import { asArray, field, middlewareRef } from '../lib/objects';
import type { ManifestRule } from './rule';
import { allObjects, at } from './helpers';

/** IngressRoutes point at Services (and ports) and Middlewares that exist among the rendered objects. */
export const routeReferences: ManifestRule = {
  id: 'k8s-route-references',
  description: 'Each IngressRoute service is a rendered Service of its namespace with that port; each Middleware it names exists.',
  check(cluster, _model, problems) {
    const objects = allObjects(cluster);
    const services = new Map<string, number[]>();
    const middlewares = new Set<string>();
    for (const { object: o } of objects) {
      const key = `${o.metadata.namespace}/${o.metadata.name}`;
      if (o.kind === 'Service')
        services.set(
          key,
          asArray(field(o, 'spec', 'ports')).map((p) => Number(field(p, 'port'))),
        );
      if (o.kind === 'Middleware') middlewares.add(key);
    }
    for (const { unit, object: o } of objects.filter((x) => x.object.kind === 'IngressRoute')) {
      for (const route of asArray(field(o, 'spec', 'routes'))) {
        for (const s of asArray(field(route, 'services'))) {
          const name = String(field(s, 'name'));
          const port = Number(field(s, 'port'));
          const ports = services.get(`${o.metadata.namespace}/${name}`);
          if (ports === undefined)
            problems.report(
              at.object(unit, o),
              'k8s-route-references',
              `routes to Service "${name}", which does not exist in namespace ${o.metadata.namespace}`,
              `create the Service "${name}" in the app's chart or route to an existing one`,
            );
          else if (!ports.includes(port))
            problems.report(
              at.object(unit, o),
              'k8s-route-references',
              `routes to port ${port} of Service "${name}", which serves ${ports.join(', ')}`,
              "use one of the Service's ports",
            );
        }
        for (const m of asArray(field(route, 'middlewares'))) {
          const ref = middlewareRef(m, o.metadata.namespace);
          if (!middlewares.has(ref))
            problems.report(
              at.object(unit, o),
              'k8s-route-references',
              `uses Middleware ${ref}, which is not rendered`,
              'deploy the app that provides it (authentik) or fix the reference',
            );
        }
      }
    }
  },
};
