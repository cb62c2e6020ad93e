/**
 * The committed HelmReleases set no value key their pinned chart does not know (the chart archives from
 * ../shared/charts, verified against tools/helm/charts.sha256; no helm needed). Regression: Traefik's values had
 * chart-40-era keys (`logs`, `ports.*.redirections`, `ports.*.tls`, `service.type`) that chart 41.3.0 does not read —
 * its schema rejects them, so the release could not even install.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assembleChart, readPins } from '../../checks/helm/charts';
import { ALLOWED_VALUES } from '../../checks/helm/exceptions';
import { loadManifests, releasesOf, substitutionValues } from '../../checks/helm/run';
import { effectiveDefaults, unknownValueKeys } from '../../checks/helm/values';

const ROOT = path.resolve(__dirname, '..', '..');
const CHARTS = [path.resolve(ROOT, '..', 'shared', 'charts'), '/work/shared/charts'].find((d) => fs.existsSync(d));

describe('HelmRelease values against the pinned charts', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-values-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const releases = releasesOf(
    loadManifests(
      ROOT,
      path.join(ROOT, 'k8s'),
      substitutionValues(path.join(ROOT, 'ansible', 'inventory', 'hosts.yml'), path.join(ROOT, 'ansible', 'vault.example.yml')),
    ),
  );

  it('finds the five releases and their chart archives', () => {
    expect(CHARTS).toBeDefined();
    expect(releases.map((r) => `${r.chart}@${r.version}`).sort()).toEqual([
      'authentik@2025.8.4',
      'kube-prometheus-stack@77.6.2',
      'local-path-provisioner@0.0.33',
      'traefik@41.3.0',
      'velero@10.1.3',
    ]);
  });

  it.each(releases.map((r) => [r.name, r] as const))('%s sets only keys its chart knows (traefik: chart-41 places)', (_name, release) => {
    const ctx = { chartsDir: CHARTS!, pins: readPins(path.join(ROOT, 'tools', 'helm', 'charts.sha256')), verified: new Set<string>() };
    const chart = assembleChart(ctx, release.chart, release.version, path.join(work, release.name));
    expect(unknownValueKeys(release.values, effectiveDefaults(chart, release.values).defaults, release.name, ALLOWED_VALUES)).toEqual([]);
  });

  it('substitutes the bootstrap-created Secrets into the values as Flux does (no ${…} left in a release)', () => {
    for (const r of releases) expect(JSON.stringify(r.values)).not.toMatch(/\$\{/);
  });
});
