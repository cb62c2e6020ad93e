import { APP_CHARTS, type RenderedCluster } from '../../charts';
import { checkManifests, MANIFEST_RULES } from '../../charts/rules';
import { manifestRoutes } from '../../charts/rules/routes';
import { routeReferences } from '../../charts/rules/references';
import { storageClasses } from '../../charts/rules/storage';
import { fluxDependencies, fluxRbacScope } from '../../charts/rules/flux';
import { workloadHygiene, imageProblem } from '../../charts/rules/workloads';
import { substitutions } from '../../charts/rules/secrets';
import { defaultDeny } from '../../charts/rules/network';
import type { ManifestRule } from '../../charts/rules/rule';
import { Problems } from '../../model/errors';
import { ModelError } from '../../model/errors';
import { platformModel } from './fixtures';
import { build, edited, withObjects } from './helpers';

const model = platformModel();
const cluster = build(model);

function run(rule: ManifestRule, c: RenderedCluster): string[] {
  const problems = new Problems();
  rule.check(c, model, problems);
  return problems.all.map((p) => `[${p.entity}] ${p.message} — rule: ${p.rule} — fix: ${p.fix}`);
}

describe('manifest rules', () => {
  it.each(MANIFEST_RULES.map((r) => [r.id, r] as const))('%s passes on the platform fixture', (_id, rule) => {
    expect(run(rule, cluster)).toEqual([]);
  });

  it('k8s-routes: an exposed app without a route', () => {
    const c = withObjects(cluster, 'radarr', (os) => os.filter((o) => o.kind !== 'IngressRoute'));
    expect(run(manifestRoutes, c)).toEqual([
      expect.stringMatching(/^\[apps\/radarr\] the app has no route: no IngressRoute matches Host\(`movies\.\$\{SECRET_DOMAIN\}`\) — rule: k8s-routes — fix: /),
    ]);
  });

  it('k8s-routes: a protected app whose route lost forward-auth', () => {
    const c = withObjects(cluster, 'radarr', (os) =>
      os.map((o) =>
        o.kind === 'IngressRoute'
          ? edited(o, (x) => {
              delete (x.spec as { routes: Record<string, unknown>[] }).routes[0].middlewares;
            })
          : o,
      ),
    );
    expect(run(manifestRoutes, c)).toEqual([expect.stringContaining('is not behind the authentik-forward-auth Middleware')]);
  });

  it('k8s-routes: an app with a chart but no chart module', () => {
    const modules = { ...APP_CHARTS };
    delete (modules as Record<string, unknown>).velero;
    expect(run(manifestRoutes, build(model, modules))).toEqual([expect.stringContaining('[apps/velero] the app has a chart but no chart module')]);
  });

  it('k8s-route-references: an IngressRoute pointing at a missing service', () => {
    const c = withObjects(cluster, 'grafana', (os) => os.filter((o) => !(o.kind === 'Service' && o.metadata.name === 'grafana')));
    expect(run(routeReferences, c)).toEqual([expect.stringContaining('routes to Service "grafana", which does not exist in namespace monitoring')]);
  });

  it('k8s-route-references: a wrong port and a missing Middleware', () => {
    const c = withObjects(cluster, 'authentik', (os) =>
      os.filter((o) => o.kind !== 'Middleware').map((o) => (o.kind === 'Service' && o.metadata.name === 'radarr' ? o : o)),
    );
    const wrongPort = withObjects(c, 'radarr', (os) =>
      os.map((o) =>
        o.kind === 'IngressRoute'
          ? edited(o, (x) => {
              (x.spec as { routes: { services: { port: number }[] }[] }).routes[0].services[0].port = 1234;
            })
          : o,
      ),
    );
    const found = run(routeReferences, wrongPort);
    expect(found).toContainEqual(expect.stringContaining('routes to port 1234 of Service "radarr", which serves 7878'));
    expect(found).toContainEqual(expect.stringContaining('uses Middleware authentik/authentik-forward-auth, which is not rendered'));
  });

  it('k8s-storage-classes: a PVC with an unknown storage class', () => {
    const c = withObjects(cluster, 'jellyfin', (os) =>
      os.map((o) =>
        o.kind === 'PersistentVolumeClaim'
          ? edited(o, (x) => {
              (x.spec as Record<string, unknown>).storageClassName = 'ceph-rbd';
            })
          : o,
      ),
    );
    expect(run(storageClasses, c)).toEqual([
      expect.stringMatching(
        /^\[k8s\/jellyfin\/PersistentVolumeClaim\/media\/jellyfin-config\] storage class "ceph-rbd" is unknown: home-kube-cluster offers local-path — rule: k8s-storage-classes/,
      ),
    ]);
  });

  it('k8s-storage-classes: a class the model offers but no app provides', () => {
    const modules = { ...APP_CHARTS };
    delete (modules as Record<string, unknown>)['local-path-provisioner'];
    expect(run(storageClasses, build(model, modules))).toContainEqual(
      expect.stringContaining('storage class "local-path" is offered by the model but no app provides it'),
    );
  });

  it('k8s-flux-dependencies: a dependency cycle', () => {
    const c: RenderedCluster = { ...cluster, units: cluster.units.map((u) => (u.name === 'traefik' ? { ...u, dependsOn: [...u.dependsOn, 'grafana'] } : u)) };
    expect(run(fluxDependencies, c)).toContainEqual(
      expect.stringMatching(/^\[k8s\/traefik\] Flux dependency cycle: traefik → grafana → traefik — rule: k8s-flux-dependencies — fix: /),
    );
  });

  it('k8s-flux-dependencies: an unknown dependency and a CRD used in the unit that installs it', () => {
    const monitor = cluster.units.find((u) => u.name === 'prometheus-config')!.objects[0];
    const c: RenderedCluster = {
      ...cluster,
      units: cluster.units.map((u) => (u.name === 'prometheus' ? { ...u, dependsOn: ['nope'], objects: [...u.objects, monitor] } : u)),
    };
    const found = run(fluxDependencies, c);
    expect(found).toContainEqual(expect.stringContaining('dependsOn "nope", which is not a Flux Kustomization'));
    expect(found).toContainEqual(expect.stringContaining('uses API group monitoring.coreos.com in the same unit whose HelmRelease installs its CRDs'));
  });

  it('k8s-flux-rbac: an object of an app outside its namespace (its Flux service account may not apply it)', () => {
    const c = withObjects(cluster, 'radarr', (os) =>
      os.map((o) =>
        o.kind === 'Service'
          ? edited(o, (x) => {
              (x.metadata as { namespace?: string }).namespace = 'default';
            })
          : o,
      ),
    );
    expect(run(fluxRbacScope, c)).toEqual([
      expect.stringMatching(
        /^\[apps\/radarr\] its units hold objects outside namespace media \(Service\/.+\), which its Flux service account may not apply — rule: k8s-flux-rbac — fix: keep every object/,
      ),
    ]);
  });

  it('k8s-workloads: latest images, missing probes and resources', () => {
    expect(imageProblem('docker.io/grafana/grafana:12.1.1')).toBeUndefined();
    expect(imageProblem('docker.io/grafana/grafana')).toBe('has no tag (would pull latest)');
    expect(imageProblem('localhost:5000/x:latest')).toBe('uses the moving tag "latest"');
    const c = withObjects(cluster, 'radarr', (os) =>
      os.map((o) =>
        o.kind === 'Deployment'
          ? edited(o, (x) => {
              const container = (x.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0];
              container.image = 'lscr.io/linuxserver/radarr:latest';
              delete container.livenessProbe;
              delete container.resources;
            })
          : o,
      ),
    );
    const found = run(workloadHygiene, c);
    expect(found).toContainEqual(expect.stringContaining('image "lscr.io/linuxserver/radarr:latest" uses the moving tag "latest"'));
    expect(found).toContainEqual(expect.stringContaining('lacks a liveness or readiness probe'));
    expect(found).toContainEqual(expect.stringContaining('has no cpu/memory limits'));
  });

  it('k8s-substitutions: unknown substitution and a literal secret', () => {
    const c = withObjects(cluster, 'grafana', (os) =>
      os.map((o) =>
        o.kind === 'Secret'
          ? edited(o, (x) => {
              x.stringData = { GF_SECURITY_ADMIN_PASSWORD: 'hunter2', OTHER: '${NOT_A_SECRET}' };
            })
          : o,
      ),
    );
    const found = run(substitutions, c);
    expect(found).toContainEqual(expect.stringContaining('Secret key GF_SECURITY_ADMIN_PASSWORD holds a literal value'));
    expect(found).toContainEqual(expect.stringContaining('uses ${NOT_A_SECRET}, which cluster-secrets does not hold'));
  });

  it('k8s-network-policies: a namespace without default-deny', () => {
    const c: RenderedCluster = {
      ...cluster,
      entry: cluster.entry.map((e) => ({
        ...e,
        objects: e.objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.namespace === 'media' && o.metadata.name === 'default-deny')),
      })),
    };
    expect(run(defaultDeny, c)).toEqual([expect.stringContaining('namespace media has no default-deny NetworkPolicy')]);
  });

  it('checkManifests collects every problem into one ModelError', () => {
    const c = withObjects(cluster, 'radarr', (os) => os.filter((o) => o.kind !== 'IngressRoute' && o.kind !== 'Service'));
    expect(() => checkManifests(model, [c])).toThrow(ModelError);
    expect(() => checkManifests(model, [c])).toThrow(/has no route/);
  });
});
