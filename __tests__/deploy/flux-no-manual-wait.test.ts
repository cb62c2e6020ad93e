/** deploy-flux-no-manual-wait: Flux stalled at Authentik on day one (the outpost waits for a hand-made token). */
import { fluxNoManualWait } from '../../deploy/rules/flux-no-manual-wait';
import { CLUSTER, fixture, type Draft } from '../fixtures/models';
import { platformModel } from '../charts/fixtures';
import { deployProblems } from './helpers';

const TOKEN_STEP = { id: 'outpost-token', action: 'create the outpost in the UI and copy its token into the vault', vaultKey: 'authentik_outpost_token' };

type AppDraft = Draft['apps'][number];
const app = (apps: readonly AppDraft[], name: string) => apps.find((a) => a.name === name)!;

/** Three apps: an identity provider, its outpost (manual token) and an app that signs in through the provider. */
function identityApps(edit: (apps: AppDraft[]) => void = () => undefined): Draft {
  const m = fixture();
  m.apps.push(
    {
      name: 'idp',
      namespace: 'idp',
      tier: 'platform',
      cluster: CLUSTER,
      description: 'identity provider',
      image: { repository: 'example/idp', tag: '1.0.0' },
      port: 9000,
    },
    {
      name: 'idp-outpost',
      namespace: 'idp',
      tier: 'platform',
      cluster: CLUSTER,
      description: 'outpost',
      image: { repository: 'example/outpost', tag: '1.0.0' },
      port: 9000,
      dependsOn: ['idp'],
      manualSteps: [TOKEN_STEP],
      healthChecked: false,
    },
    {
      name: 'dashboards',
      namespace: 'monitoring',
      tier: 'platform',
      cluster: CLUSTER,
      description: 'dashboards',
      image: { repository: 'example/dash', tag: '1.0.0' },
      port: 3000,
      dependsOn: ['idp'],
    },
  );
  edit(m.apps);
  return m;
}

describe("deploy rule 'deploy-flux-no-manual-wait'", () => {
  it('compliant: the manual app is not health-checked and nothing depends on it', () => {
    expect(deployProblems(fluxNoManualWait, identityApps())).toEqual([]);
  });

  it('compliant: the platform fixture (the Authentik outpost is its own unit, nothing waits on it)', () => {
    expect(deployProblems(fluxNoManualWait, platformModel())).toEqual([]);
  });

  it('non-compliant: a health check waits on the outpost that needs a hand-made token (Flux stalls at Authentik)', () => {
    const problems = deployProblems(
      fluxNoManualWait,
      identityApps((apps) => {
        delete app(apps, 'idp-outpost').healthChecked;
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ entity: 'apps/idp-outpost', rule: 'deploy-flux-no-manual-wait' });
    expect(problems[0].message).toContain('"outpost-token"');
    expect(problems[0].fix).toContain('healthChecked: false');
  });

  it('non-compliant: apps depending on the manual app would never deploy (each is named)', () => {
    const problems = deployProblems(
      fluxNoManualWait,
      identityApps((apps) => {
        app(apps, 'dashboards').dependsOn = ['idp', 'idp-outpost'];
      }),
    );
    expect(problems.map((p) => p.entity)).toEqual(['apps/dashboards']);
    expect(problems[0].message).toContain('dependsOn idp-outpost');
    expect(problems[0].fix).toContain("remove 'idp-outpost'");
  });

  it('non-compliant: a manual step names a vault key the catalogue does not have', () => {
    const problems = deployProblems(
      fluxNoManualWait,
      identityApps((apps) => {
        app(apps, 'idp-outpost').manualSteps = [{ ...TOKEN_STEP, vaultKey: 'no_such_key' }];
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('no_such_key')]);
  });
});
