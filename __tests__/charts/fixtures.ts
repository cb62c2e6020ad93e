/**
 * Chart-level fixture variants on top of the shared fixture models (__tests__/fixtures/models): the platform apps whose
 * modules the chart tests exercise (Authentik and its outpost, Prometheus and Grafana, Velero) and an arr app that
 * writes to the media share next to a download-client guest. Their values are the tests' own, not the seed's.
 */
import { CLUSTER, fixtureModel, withAuthentik, withMediaApp, type Draft, type Variant } from '../fixtures/models';

export { withAuthentik };
import type { Homelab } from '../../model/types';

const LOCAL = 'local-path';

/** Prometheus (chart, metrics history as a cache) and Grafana (our workload, OpenID sign-in through Authentik). */
export const withMonitoring: Variant = (m) => {
  m.apps.push(
    {
      name: 'prometheus',
      namespace: 'monitoring',
      tier: 'platform',
      cluster: CLUSTER,
      chart: { repository: 'https://charts.example.org', name: 'kube-prometheus-stack', version: '77.6.2' },
      port: 9090,
      exposure: { hostname: 'metrics' },
      volume: { mountPath: '/prometheus', sizeGiB: 5, storageClass: LOCAL, holds: 'cache' },
      dependsOn: ['local-path-provisioner'],
      podSecurity: { level: 'privileged', reason: 'node-exporter reads the host.' },
      description: 'Metrics.',
    },
    {
      name: 'grafana',
      namespace: 'monitoring',
      tier: 'platform',
      cluster: CLUSTER,
      image: { repository: 'docker.io/grafana/grafana', tag: '12.1.1' },
      port: 3000,
      exposure: { hostname: 'dashboards' },
      volume: { mountPath: '/var/lib/grafana', sizeGiB: 1, storageClass: LOCAL, backup: true },
      dependsOn: ['prometheus', 'authentik'],
      description: 'Dashboards.',
    },
  );
  const traefik = m.apps.find((a) => a.name === 'traefik')!;
  traefik.metrics = { port: 9100, path: '/metrics' };
  return m;
};

/** Velero, the cluster's backup source of the base model. */
export const withVelero: Variant = (m) => {
  m.apps.push({
    name: 'velero',
    namespace: 'velero',
    tier: 'platform',
    cluster: CLUSTER,
    chart: { repository: 'https://charts.example.org', name: 'velero', version: '10.1.3' },
    podSecurity: { level: 'privileged', reason: 'The node agent reads pod volumes through hostPath.' },
    description: 'Cluster backups.',
  });
  return m;
};

/** Radarr, writing to the media share behind forward-auth, and the download client guest it calls. */
export const withArr: Variant = (m) => {
  withMediaApp(m);
  m.apps.push({
    name: 'radarr',
    namespace: 'media',
    tier: 'application',
    cluster: CLUSTER,
    image: { repository: 'lscr.io/linuxserver/radarr', tag: '5.27.5' },
    port: 7878,
    exposure: { hostname: 'movies' },
    volume: { mountPath: '/config', sizeGiB: 1, storageClass: LOCAL, backup: true },
    media: true,
    dependsOn: ['traefik', 'authentik'],
    podSecurity: { level: 'baseline' },
    description: 'Movie manager.',
  });
  const kube = m.guests.find((g) => g.role === 'k8s-control-plane')!;
  m.guests.push({
    name: 'fetch-01',
    kind: 'lxc',
    host: 'home-alpha',
    role: 'media-downloads',
    vmid: 231,
    cores: 1,
    memoryMiB: 1024,
    disks: [{ storage: 'alpha-disk', sizeGiB: 8 }],
    networks: [...kube.networks],
    image: 'debian-12-lxc',
    nesting: true,
    mounts: [{ storage: 'alpha-media', path: '/media' }],
    serves: ['http', 'ssh'],
    description: 'Download client.',
  });
  return m;
};

/** Every chart module the tests use, on the base fixture (with Jellyfin from withMediaApp). */
export const PLATFORM: readonly Variant[] = [withAuthentik, withMonitoring, withVelero, withArr];

export function platformModel(...more: readonly Variant[]): Homelab {
  return fixtureModel(...PLATFORM, ...more);
}

/** The platform model with one change applied. */
export function platformWith(change: (m: Draft) => void): Homelab {
  return platformModel((m) => {
    change(m);
    return m;
  });
}
