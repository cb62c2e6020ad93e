import { homelab } from '../../homelab';
import { NON_INTERNET_RANGES } from '../../charts/lib/network';
import { synthK8s } from '../../synth/k8s';
import { ModelError } from '../../model/errors';
import type { Homelab } from '../../model/types';

describe('synthK8s', () => {
  const { files, summary } = synthK8s(homelab);

  it('lays out Flux entry points and one directory per app with a kustomization.yaml, stable names', () => {
    expect([...files.keys()].sort()).toEqual(expect.arrayContaining([
      'k8s/clusters/asgard-orion-cluster/flux-system.yaml',
      'k8s/clusters/asgard-orion-cluster/namespaces.yaml',
      'k8s/clusters/asgard-orion-cluster/kustomization.yaml',
      'k8s/apps/media/jellyfin/jellyfin.yaml',
      'k8s/apps/media/jellyfin/kustomization.yaml',
      'k8s/apps/monitoring/prometheus/config/prometheus-config.yaml',
      'k8s/apps/velero/velero/config/velero-config.yaml',
    ]));
    expect(files.get('k8s/apps/media/radarr/kustomization.yaml')).toContain('resources:\n  - radarr.yaml\n');
    expect(summary.objects.find((o) => o.unit === 'authentik')?.count).toBeGreaterThan(5);
  });

  it('is deterministic and holds no secret value, only substitutions', () => {
    // A copy of the model: charts are rendered again, not taken from the per-model cache.
    const again = synthK8s(structuredClone(homelab)).files;
    expect([...again]).toEqual([...files]);
    // No CIDR but 0.0.0.0/0 and the public special-purpose ranges egress leaves out (RFC 1918 …): none is this homelab's.
    const all = [...files.values()].join('\n').split(/\n/).filter((l) => !NON_INTERNET_RANGES.some((r) => l.trim() === `- ${r}`)).join('\n');
    expect(all).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(?!0\b)\d+/);
    expect(all).not.toMatch(/:latest\b/);
    expect(all).toContain('${SECRET_DOMAIN}');
  });

  it('fails before writing when the manifests imply a Flux dependency cycle the model does not show', () => {
    // authentik depends on prometheus (model), prometheus's route uses authentik's Middleware (implied): a cycle.
    const model: Homelab = { ...homelab, apps: homelab.apps.map((a) => (a.name === 'authentik' ? { ...a, dependsOn: [...(a.dependsOn ?? []), 'prometheus'] } : a)) };
    expect(() => synthK8s(model)).toThrow(ModelError);
    expect(() => synthK8s(model)).toThrow(/Flux dependency cycle: (authentik → prometheus → authentik|prometheus → authentik → prometheus) — rule: k8s-flux-dependencies/);
  });
});
