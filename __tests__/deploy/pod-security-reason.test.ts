/** deploy-pod-security-reason: monitoring, velero and storage ran privileged with no stated reason. */
import { podSecurityReason } from '../../deploy/rules/pod-security-reason';
import { platformModel, platformWith } from '../charts/fixtures';
import type { Draft } from '../fixtures/models';
import { deployProblems } from './helpers';

const app = (m: Draft, name: string) => m.apps.find((a) => a.name === name)!;

describe("deploy rule 'deploy-pod-security-reason'", () => {
  it('compliant: the platform fixture (each privileged namespace says why; baseline needs no reason)', () => {
    const model = platformModel();
    expect(model.apps.filter((a) => a.podSecurity?.level === 'privileged').map((a) => a.name)).toEqual(['local-path-provisioner', 'prometheus', 'velero']);
    expect(deployProblems(podSecurityReason, model)).toEqual([]);
  });

  it('non-compliant: a privileged level without a reason', () => {
    const problems = deployProblems(
      podSecurityReason,
      platformWith((m) => {
        app(m, 'velero').podSecurity = { level: 'privileged' };
        app(m, 'prometheus').podSecurity = { level: 'privileged', reason: '  ' };
      }),
    );
    expect(problems.map((p) => `${p.entity} ${p.rule}`)).toEqual(['apps/prometheus deploy-pod-security-reason', 'apps/velero deploy-pod-security-reason']);
    expect(problems[0].message).toContain('namespace monitoring');
  });
});
