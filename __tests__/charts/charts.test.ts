import { homelab } from '../../homelab';
import type { Homelab } from '../../model/types';
import { field } from '../../charts/lib/objects';
import { appKustomizations, build, entryObjects, find, unit } from './helpers';

const cluster = build();

describe('app charts', () => {
  it('routes every exposed app on its hostname below ${SECRET_DOMAIN}, behind forward-auth unless public', () => {
    const radarr = find(unit(cluster, 'radarr').objects, 'IngressRoute', 'radarr');
    expect(field(radarr, 'spec', 'routes', 0, 'match')).toBe('Host(`radarr.${SECRET_DOMAIN}`)');
    expect(field(radarr, 'spec', 'routes', 0, 'middlewares')).toEqual([{ name: 'authentik-forward-auth', namespace: 'authentik' }]);
    expect(field(radarr, 'spec', 'tls', 'certResolver')).toBe('cloudflare');
    const jellyfin = find(unit(cluster, 'jellyfin').objects, 'IngressRoute', 'jellyfin');
    expect(field(jellyfin, 'spec', 'routes', 0, 'middlewares')).toBeUndefined();
  });

  it('mounts /media straight from the NFS share of the live media pool, server through a substitution', () => {
    const d = find(unit(cluster, 'sonarr').objects, 'Deployment', 'sonarr');
    const volumes = field(d, 'spec', 'template', 'spec', 'volumes') as unknown[];
    expect(volumes).toContainEqual({ name: 'media', nfs: { server: '${MEDIA_NFS_SERVER}', path: '/mnt/data', readOnly: false } });
    const future: Homelab = { ...homelab, storageStage: 'future' };
    const f = find(unit(build(future), 'sonarr').objects, 'Deployment', 'sonarr');
    expect(field(f, 'spec', 'template', 'spec', 'volumes')).toContainEqual({ name: 'media', nfs: { server: '${MEDIA_NFS_SERVER}', path: '/mnt/tank/media', readOnly: false } });
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
    expect(find(unit(cluster, 'traefik').objects, 'Secret', 'traefik-secrets')).toMatchObject({ stringData: { CF_DNS_API_TOKEN: '${CLOUDFLARE_DNS_API_TOKEN}' } });
  });

  it('backs the cluster up to the babylon bucket with the model prefix and schedule', () => {
    const config = unit(cluster, 'velero-config');
    expect(field(find(config.objects, 'BackupStorageLocation', 'default'), 'spec', 'objectStorage')).toEqual({ bucket: 'homelab-babylon-backups-storage', prefix: 'velero' });
    expect(field(find(config.objects, 'Schedule', 'cluster'), 'spec', 'schedule')).toBe('0 2 * * *');
    expect(config.dependsOn).toEqual(['velero']);
  });

  it('puts ServiceMonitors for every app with metrics in the second stage of prometheus', () => {
    const monitors = unit(cluster, 'prometheus-config').objects.filter((o) => o.kind === 'ServiceMonitor').map((o) => o.metadata.name);
    expect(monitors).toEqual(['traefik']);
  });

  it('wires Flux: model dependsOn plus implied (CRD provider, forward-auth Middleware), health checks, substitutions', () => {
    expect(unit(cluster, 'prometheus').dependsOn).toEqual(['authentik', 'local-path-provisioner', 'traefik']);
    const ks = find(entryObjects(cluster, 'grafana/ks.yaml'), 'Kustomization', 'grafana');
    expect(field(ks, 'spec', 'path')).toBe('./k8s/apps/monitoring/grafana/app');
    expect(field(ks, 'spec', 'healthChecks')).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'grafana', namespace: 'monitoring' }]);
    expect(field(ks, 'spec', 'postBuild', 'substituteFrom')).toEqual([{ kind: 'Secret', name: 'cluster-secrets-grafana' }]);
    expect(appKustomizations(cluster).map((o) => o.metadata.name)).not.toContain('flux');
    expect(entryObjects(cluster, 'flux-system.yaml').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['GitRepository/platform-stack', 'Kustomization/cluster']);
  });

  it('gives each namespace default-deny and only the model-implied allows', () => {
    const ns = entryObjects(cluster, 'namespaces.yaml');
    expect(ns.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny').map((o) => o.metadata.namespace).sort()).toEqual(['authentik', 'media', 'monitoring', 'storage', 'traefik', 'velero']);
    const allow = find(unit(cluster, 'grafana').objects, 'NetworkPolicy', 'allow-grafana');
    expect(JSON.stringify(field(allow, 'spec', 'ingress'))).toContain('"kubernetes.io/metadata.name":"traefik"');
  });
});
