/** deploy-flux-no-manual-wait: Flux stalled at Authentik on day one (the outpost waits for a hand-made token). */
import { fluxNoManualWait } from '../../deploy/rules/flux-no-manual-wait';
import type { AppSpec } from '../../model/types';
import { mutated, type MutableHomelab } from '../helpers/model';
import { deployProblems } from './helpers';

const CLUSTER = 'asgard-orion-cluster';
const TOKEN_STEP = { id: 'outpost-token', action: 'create the outpost in the UI and copy its token into the vault', vaultKey: 'authentik_outpost_token' };

/** Three apps: an identity provider, its outpost (manual token) and an app that signs in through the provider. */
function fixture(edit: (apps: MutableHomelab['apps'][number][]) => void = () => undefined): MutableHomelab {
  return mutated((m) => {
    const apps: AppSpec[] = [
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
    ];
    m.apps = structuredClone(apps) as typeof m.apps;
    edit(m.apps);
  });
}

describe("deploy rule 'deploy-flux-no-manual-wait'", () => {
  it('compliant: the manual app is not health-checked and nothing depends on it', () => {
    expect(deployProblems(fluxNoManualWait, fixture())).toEqual([]);
  });

  it('compliant: the seed homelab (the outpost is its own unit, nothing waits on it)', () => {
    expect(
      deployProblems(
        fluxNoManualWait,
        mutated(() => undefined),
      ),
    ).toEqual([]);
  });

  it('non-compliant: a health check waits on the outpost that needs a hand-made token (Flux stalls at Authentik)', () => {
    const problems = deployProblems(
      fluxNoManualWait,
      fixture((apps) => {
        delete apps[1].healthChecked;
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
      fixture((apps) => {
        apps[2].dependsOn = ['idp', 'idp-outpost'];
      }),
    );
    expect(problems.map((p) => p.entity)).toEqual(['apps/dashboards']);
    expect(problems[0].message).toContain('dependsOn idp-outpost');
    expect(problems[0].fix).toContain("remove 'idp-outpost'");
  });

  it('non-compliant: a manual step names a vault key the catalogue does not have', () => {
    const problems = deployProblems(
      fluxNoManualWait,
      fixture((apps) => {
        apps[1].manualSteps = [{ ...TOKEN_STEP, vaultKey: 'no_such_key' }];
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('no_such_key')]);
  });
});
