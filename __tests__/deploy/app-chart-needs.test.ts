/**
 * deploy-app-chart-needs: an app whose chart module builds from a field, a port, another app, a backup source or a
 * node flow the model does not give is refused before anything is built — a model without Traefik's volume is refused
 * by this named rule, not by a stack trace halfway through the Kubernetes manifests. Fixture models only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appChartNeeds } from '../../deploy/rules/app-chart-needs';
import { main } from '../../main';
import { FIXTURES, fixture, type Draft } from '../fixtures/models';
import type { Homelab } from '../../model/types';
import { deployProblems } from './helpers';

function problems(model: Draft): string[] {
  return deployProblems(appChartNeeds, model as Homelab).map((p) => `${p.entity} ${p.rule}: ${p.message}`);
}

function app(m: Draft, name: string): Draft['apps'][number] {
  return m.apps.find((a) => a.name === name)!;
}

const OUTPOST = { name: 'authentik-outpost', namespace: 'auth', tier: 'platform', cluster: 'home-kube-cluster', description: 'Proxy outpost.' } as const;

describe("deploy rule 'deploy-app-chart-needs'", () => {
  it.each(Object.keys(FIXTURES))('compliant: fixture %s', (name) => {
    expect(problems(fixture(...FIXTURES[name]))).toEqual([]);
  });

  it('non-compliant: Traefik without the volume for its ACME account', () => {
    expect(
      problems(
        fixture((m) => {
          delete app(m, 'traefik').volume;
          return m;
        }),
      ),
    ).toEqual(['apps/traefik deploy-app-chart-needs: its chart builds from volume, which the app does not set']);
  });

  it('non-compliant: an app routed behind forward-auth on a cluster without Authentik', () => {
    const found = problems(
      fixture(FIXTURES['media-app'][0], (m) => {
        app(m, 'jellyfin').exposure = { hostname: 'jellyfin' };
        return m;
      }),
    );
    expect(found).toEqual(['apps/jellyfin deploy-app-chart-needs: its route is behind forward-auth, but no Authentik runs on home-kube-cluster']);
  });

  it('non-compliant: the proxy outpost on another port, without its image and without the Authentik server it calls', () => {
    expect(
      problems(
        fixture((m) => {
          m.apps.push({ ...OUTPOST, port: 8000 });
          return m;
        }),
      ),
    ).toEqual([
      'apps/authentik-outpost deploy-app-chart-needs: its chart builds from image, which the app does not set',
      'apps/authentik-outpost deploy-app-chart-needs: its pods listen on 9000, but the app says port 8000',
      'apps/authentik-outpost deploy-app-chart-needs: it calls the forward-auth app of home-kube-cluster, and there is none',
    ]);
  });

  it('non-compliant: Velero on a cluster no velero backup source names', () => {
    const found = problems(
      fixture((m) => {
        m.apps.push({
          name: 'velero',
          namespace: 'velero',
          tier: 'platform',
          cluster: 'home-kube-cluster',
          chart: { repository: 'https://charts.example.org', name: 'velero', version: '11.0.0' },
          podSecurity: { level: 'privileged', reason: 'The node agent reads pod volumes on the host.' },
          description: 'Backups.',
        });
        m.backups.sources = [{ name: 'alpha', from: { host: 'home-alpha' }, prefix: 'alpha/', tool: 'restic', schedule: '0 3 * * *' }];
        return m;
      }),
    );
    expect(found).toEqual(['apps/velero deploy-app-chart-needs: it backs up home-kube-cluster, but no velero backup source names that cluster']);
  });

  it('non-compliant: pods that call the API server on the nodes without a flow that allows it', () => {
    const found = problems(
      fixture((m) => {
        m.flows[2].services = m.flows[2].services.filter((s) => s !== 'k8s-api');
        return m;
      }),
    );
    expect(found).toEqual([
      'apps/local-path-provisioner deploy-app-chart-needs: its pods call k8s-api on the cluster nodes, which no flow forge-servers-vlan → forge-servers-vlan allows',
      'apps/traefik deploy-app-chart-needs: its pods call k8s-api on the cluster nodes, which no flow forge-servers-vlan → forge-servers-vlan allows',
    ]);
  });

  it("synth refuses a model without Traefik's volume by this rule: exit 1, entity, rule and fix, no stack trace, nothing written", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-needs-'));
    const file = path.join(dir, 'homelab.json');
    fs.writeFileSync(
      file,
      JSON.stringify(
        fixture((m) => {
          delete app(m, 'traefik').volume;
          return m;
        }),
      ),
    );
    const err: string[] = [];
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const errs = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
      err.push(String(s));
      return true;
    });
    let code: number;
    try {
      code = main(['--root', path.join(dir, 'out'), '--model', file]);
    } finally {
      out.mockRestore();
      errs.mockRestore();
    }
    expect(code).toBe(1);
    expect(err.join('')).toMatch(
      /\n {2}- \[apps\/traefik\] its chart builds from volume, which the app does not set — rule: deploy-app-chart-needs — fix: set volume on the app\n/,
    );
    expect(err.join('')).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
