import { NON_INTERNET_RANGES } from '../../charts/lib/network';
import { synthK8s } from '../../synth/k8s';
import { ModelError } from '../../model/errors';
import { app } from '../helpers/model';
import { CLUSTER } from '../fixtures/models';
import { platformModel, platformWith } from '../charts/fixtures';

describe('synthK8s', () => {
  const model = platformModel();
  const { files, summary } = synthK8s(model);

  it('lays out Flux entry points and per app its ks.yaml next to app/ (and config/), stable names', () => {
    expect([...files.keys()].sort()).toEqual(expect.arrayContaining([
      `k8s/clusters/${CLUSTER}/flux-system.yaml`,
      `k8s/clusters/${CLUSTER}/namespaces.yaml`,
      `k8s/clusters/${CLUSTER}/kustomization.yaml`,
      'k8s/apps/media/jellyfin/ks.yaml',
      'k8s/apps/media/jellyfin/kustomization.yaml',
      'k8s/apps/media/jellyfin/app/jellyfin.yaml',
      'k8s/apps/media/jellyfin/app/kustomization.yaml',
      'k8s/apps/monitoring/prometheus/config/prometheus-config.yaml',
      'k8s/apps/velero/velero/config/velero-config.yaml',
    ]));
    expect(files.get('k8s/apps/media/radarr/app/kustomization.yaml')).toContain('resources:\n  - radarr.yaml\n');
    expect(files.get('k8s/apps/media/radarr/kustomization.yaml')).toContain('resources:\n  - ks.yaml\n');
    // The cluster's root Kustomization applies every app's ks.yaml through its app directory.
    expect(files.get(`k8s/clusters/${CLUSTER}/kustomization.yaml`)).toContain('  - ../../apps/media/radarr\n');
    expect(files.get(`k8s/clusters/${CLUSTER}/flux-system.yaml`)).not.toContain('name: radarr\n');
    expect(summary.objects.find((o) => o.unit === 'authentik')?.count).toBeGreaterThan(5);
    // Every app's ks.yaml in one summary line: one Kustomization per unit.
    expect(summary.objects.find((o) => o.unit === `${CLUSTER}/ks`)?.count).toBe(summary.objects.filter((o) => !o.unit.includes('/')).length);
  });

  it('is deterministic and holds no secret value, only substitutions', () => {
    // A copy of the model: charts are rendered again, not taken from the per-model cache.
    const again = synthK8s(structuredClone(model)).files;
    expect([...again]).toEqual([...files]);
    // No CIDR but 0.0.0.0/0 and the public special-purpose ranges egress leaves out (RFC 1918 …).
    const all = [...files.values()].join('\n').split(/\n/).filter((l) => !NON_INTERNET_RANGES.some((r) => l.trim() === `- ${r}`)).join('\n');
    expect(all).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(?!0\b)\d+/);
    expect(all).not.toMatch(/:latest\b/);
    expect(all).toContain('${SECRET_DOMAIN}');
  });

  it('fails before writing when the manifests imply a Flux dependency cycle the model does not show', () => {
    // authentik depends on prometheus (model), prometheus's route uses authentik's Middleware (implied): a cycle.
    const cyclic = platformWith((m) => { app(m, 'authentik').dependsOn = [...(app(m, 'authentik').dependsOn ?? []), 'prometheus']; });
    expect(() => synthK8s(cyclic)).toThrow(ModelError);
    expect(() => synthK8s(cyclic)).toThrow(/Flux dependency cycle: (authentik → prometheus → authentik|prometheus → authentik → prometheus) — rule: k8s-flux-dependencies/);
  });
});
