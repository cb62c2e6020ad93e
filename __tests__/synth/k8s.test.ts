/** The Kubernetes layer on a fixture model: the base cluster (local-path, Traefik) and a public media app. */
import { NON_INTERNET_RANGES } from '../../charts/lib/network';
import { synthK8s } from '../../synth/k8s';
import { ModelError } from '../../model/errors';
import { CLUSTER, fixture, fixtureModel, withMediaApp } from '../fixtures/models';
import type { Homelab } from '../../model/types';

describe('synthK8s', () => {
  const model = fixtureModel(withMediaApp);
  const { files, summary } = synthK8s(model);

  it('lays out Flux entry points and per app its ks.yaml next to app/, stable names', () => {
    expect([...files.keys()].sort()).toEqual([
      'k8s/apps/media/jellyfin/app/jellyfin.yaml',
      'k8s/apps/media/jellyfin/app/kustomization.yaml',
      'k8s/apps/media/jellyfin/ks.yaml',
      'k8s/apps/media/jellyfin/kustomization.yaml',
      'k8s/apps/storage/local-path-provisioner/app/kustomization.yaml',
      'k8s/apps/storage/local-path-provisioner/app/local-path-provisioner.yaml',
      'k8s/apps/storage/local-path-provisioner/ks.yaml',
      'k8s/apps/storage/local-path-provisioner/kustomization.yaml',
      'k8s/apps/traefik/traefik/app/kustomization.yaml',
      'k8s/apps/traefik/traefik/app/traefik.yaml',
      'k8s/apps/traefik/traefik/ks.yaml',
      'k8s/apps/traefik/traefik/kustomization.yaml',
      `k8s/clusters/${CLUSTER}/flux-system.yaml`,
      `k8s/clusters/${CLUSTER}/kustomization.yaml`,
      `k8s/clusters/${CLUSTER}/namespaces.yaml`,
    ]);
    expect(files.get('k8s/apps/media/jellyfin/app/kustomization.yaml')).toContain('resources:\n  - jellyfin.yaml\n');
    expect(files.get('k8s/apps/media/jellyfin/kustomization.yaml')).toContain('resources:\n  - ks.yaml\n');
    expect(files.get('k8s/apps/media/jellyfin/ks.yaml')).toContain('path: ./k8s/apps/media/jellyfin/app\n');
    // The cluster's root Kustomization applies every app's ks.yaml through its app directory.
    expect(files.get(`k8s/clusters/${CLUSTER}/kustomization.yaml`)).toContain(
      'resources:\n  - ../../apps/media/jellyfin\n  - ../../apps/storage/local-path-provisioner\n  - ../../apps/traefik/traefik\n  - flux-system.yaml\n  - namespaces.yaml\n',
    );
    expect(files.get(`k8s/clusters/${CLUSTER}/flux-system.yaml`)).not.toContain('name: jellyfin\n');
    expect(summary.objects.find((o) => o.unit === 'jellyfin')?.count).toBeGreaterThan(3);
    // Every app's ks.yaml in one summary line: one Kustomization per unit.
    expect(summary.objects.find((o) => o.unit === `${CLUSTER}/ks`)?.count).toBe(3);
  });

  it('is deterministic and holds no secret value, only substitutions', () => {
    // A copy of the model: charts are rendered again, not taken from the per-model cache.
    const again = synthK8s(structuredClone(model)).files;
    expect([...again]).toEqual([...files]);
    // No CIDR but 0.0.0.0/0 and the public special-purpose ranges egress leaves out (RFC 1918 …): none is this homelab's.
    const all = [...files.values()]
      .join('\n')
      .split(/\n/)
      .filter((l) => !NON_INTERNET_RANGES.some((r) => l.trim() === `- ${r}`))
      .join('\n');
    expect(all).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(?!0\b)\d+/);
    expect(all).not.toMatch(/:latest\b/);
    expect(all).toContain('${SECRET_DOMAIN}');
  });

  it('fails before writing when the manifests imply a Flux dependency cycle the model does not show', () => {
    // Traefik depends on jellyfin (model); jellyfin's route needs Traefik's CRDs (implied): a cycle.
    const cyclic = fixture(withMediaApp, (m) => {
      const app = (name: string) => m.apps.find((a) => a.name === name)!;
      app('jellyfin').dependsOn = ['local-path-provisioner'];
      app('traefik').dependsOn = [...(app('traefik').dependsOn ?? []), 'jellyfin'];
      return m;
    }) as Homelab;
    expect(() => synthK8s(cyclic)).toThrow(ModelError);
    expect(() => synthK8s(cyclic)).toThrow(/Flux dependency cycle: (jellyfin → traefik → jellyfin|traefik → jellyfin → traefik) — rule: k8s-flux-dependencies/);
  });
});
