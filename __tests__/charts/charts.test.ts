import { METRICS_LABEL, NAME_LABEL } from '../../charts/lib/labels';
import { field } from '../../charts/lib/objects';
import { app } from '../helpers/find';
import { platformWith } from './fixtures';
import { appKustomizations, build, entryObjects, find, unit } from './helpers';

const cluster = build();

describe('app charts', () => {
  it('routes every exposed app on its hostname below ${SECRET_DOMAIN}, behind forward-auth unless public', () => {
    const radarr = find(unit(cluster, 'radarr').objects, 'IngressRoute', 'radarr');
    expect(field(radarr, 'spec', 'routes', 0, 'match')).toBe('Host(`movies.${SECRET_DOMAIN}`)');
    expect(field(radarr, 'spec', 'routes', 0, 'middlewares')).toEqual([{ name: 'authentik-forward-auth', namespace: 'authentik' }]);
    expect(field(radarr, 'spec', 'tls', 'certResolver')).toBe('cloudflare');
    const jellyfin = find(unit(cluster, 'jellyfin').objects, 'IngressRoute', 'jellyfin');
    expect(field(jellyfin, 'spec', 'routes', 0, 'middlewares')).toBeUndefined();
  });

  it('mounts /media straight from the NFS share of the live media pool, server through a substitution', () => {
    const volumes = (c: typeof cluster) => field(find(unit(c, 'radarr').objects, 'Deployment', 'radarr'), 'spec', 'template', 'spec', 'volumes');
    expect(volumes(cluster)).toContainEqual({ name: 'media', nfs: { server: '${MEDIA_NFS_SERVER}', path: '/srv/media', readOnly: false } });
    // The storage switch: the pool moves to a future one, and the pods follow the stage the model is in.
    const future = platformWith((m) => {
      const pool = m.storage.find((s) => s.name === 'alpha-media')!;
      pool.movesTo = 'alpha-media-next';
      m.storage.push({ ...structuredClone(pool), name: 'alpha-media-next', path: '/srv/media-next', stages: ['future'], movesTo: undefined });
      m.storageStage = 'future';
    });
    expect(volumes(build(future))).toContainEqual({ name: 'media', nfs: { server: '${MEDIA_NFS_SERVER}', path: '/srv/media-next', readOnly: false } });
  });

  it('claims config on local-path and runs pinned images as non-root with requests, limits and probes', () => {
    const objects = unit(cluster, 'jellyfin').objects;
    expect(field(find(objects, 'PersistentVolumeClaim', 'jellyfin-config'), 'spec', 'storageClassName')).toBe('local-path');
    const c = field(find(objects, 'Deployment', 'jellyfin'), 'spec', 'template', 'spec', 'containers', 0);
    expect(field(c, 'image')).toBe('docker.io/jellyfin/jellyfin:10.10.7');
    expect(field(c, 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(field(c, 'resources', 'limits', 'memory')).toBeDefined();
    expect(field(c, 'livenessProbe', 'httpGet', 'path')).toBe('/health');
  });

  it('installs platform parts as HelmReleases with pinned chart versions', () => {
    const hr = find(unit(cluster, 'traefik').objects, 'HelmRelease', 'traefik');
    expect(hr.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
    expect(field(hr, 'spec', 'chart', 'spec', 'version')).toBe('41.3.0');
    expect(field(hr, 'spec', 'values', 'service', 'spec', 'type')).toBe('LoadBalancer');
    expect(field(hr, 'spec', 'values', 'env', 0, 'valueFrom', 'secretKeyRef', 'name')).toBe('traefik-secrets');
    expect(find(unit(cluster, 'traefik').objects, 'Secret', 'traefik-secrets')).toMatchObject({
      stringData: { CF_DNS_API_TOKEN: '${CLOUDFLARE_DNS_API_TOKEN}' },
    });
  });

  it('backs the cluster up to the model bucket with the source prefix and schedule', () => {
    const config = unit(cluster, 'velero-config');
    expect(field(find(config.objects, 'BackupStorageLocation', 'default'), 'spec', 'objectStorage')).toEqual({
      bucket: 'homelab-vault-backups-storage',
      prefix: 'velero',
    });
    expect(field(find(config.objects, 'Schedule', 'cluster'), 'spec', 'schedule')).toBe('0 2 * * *');
    expect(config.dependsOn).toEqual(['velero']);
  });

  it('puts ServiceMonitors for every app with metrics in the second stage of prometheus', () => {
    const monitors = unit(cluster, 'prometheus-config')
      .objects.filter((o) => o.kind === 'ServiceMonitor')
      .map((o) => o.metadata.name);
    expect(monitors).toEqual(['traefik']);
    const withRadarrMetrics = build(
      platformWith((m) => {
        app(m, 'radarr').metrics = { port: 9707, path: '/metrics' };
      }),
    );
    expect(
      unit(withRadarrMetrics, 'prometheus-config')
        .objects.filter((o) => o.kind === 'ServiceMonitor')
        .map((o) => o.metadata.name),
    ).toEqual(['traefik', 'radarr']);
    // A web app's metrics port gets its own container and Service port, and the label its ServiceMonitor selects.
    const service = find(unit(withRadarrMetrics, 'radarr').objects, 'Service', 'radarr');
    expect(field(service, 'spec', 'ports')).toEqual([
      { name: 'http', port: 7878, targetPort: 7878 },
      { name: 'metrics', port: 9707, targetPort: 9707 },
    ]);
    expect(field(service, 'metadata', 'labels')).toEqual({ [NAME_LABEL]: 'radarr', [METRICS_LABEL]: 'radarr' });
  });

  it('wires Flux: model dependsOn plus implied (CRD provider, forward-auth Middleware), health checks, substitutions', () => {
    expect(unit(cluster, 'prometheus').dependsOn).toEqual(['authentik', 'local-path-provisioner', 'traefik']);
    const ks = find(entryObjects(cluster, 'grafana/ks.yaml'), 'Kustomization', 'grafana');
    expect(field(ks, 'spec', 'path')).toBe('./k8s/apps/monitoring/grafana/app');
    expect(field(ks, 'spec', 'healthChecks')).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'grafana', namespace: 'monitoring' }]);
    expect(field(ks, 'spec', 'postBuild', 'substituteFrom')).toEqual([{ kind: 'Secret', name: 'cluster-secrets-grafana' }]);
    expect(appKustomizations(cluster).map((o) => o.metadata.name)).not.toContain('flux');
    expect(entryObjects(cluster, 'flux-system.yaml').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'GitRepository/platform-stack',
      'Kustomization/cluster',
    ]);
  });

  it('gives each namespace default-deny and only the model-implied allows', () => {
    const ns = entryObjects(cluster, 'namespaces.yaml');
    expect(
      ns
        .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny')
        .map((o) => o.metadata.namespace)
        .sort(),
    ).toEqual(['authentik', 'media', 'monitoring', 'storage', 'traefik', 'velero']);
    const allow = find(unit(cluster, 'grafana').objects, 'NetworkPolicy', 'allow-grafana');
    expect(JSON.stringify(field(allow, 'spec', 'ingress'))).toContain('"kubernetes.io/metadata.name":"traefik"');
  });
});
