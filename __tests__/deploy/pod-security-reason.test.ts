/** deploy-pod-security-reason: monitoring, velero and storage ran privileged with no stated reason. */
import { podSecurityReason } from '../../deploy/rules/pod-security-reason';
import { app, mutated } from '../helpers/model';
import { deployProblems } from './helpers';

describe("deploy rule 'deploy-pod-security-reason'", () => {
  it('compliant: the seed homelab (each privileged namespace says why; baseline needs no reason)', () => {
    expect(
      deployProblems(
        podSecurityReason,
        mutated(() => undefined),
      ),
    ).toEqual([]);
  });

  it('non-compliant: a privileged level without a reason', () => {
    const problems = deployProblems(
      podSecurityReason,
      mutated((m) => {
        app(m, 'velero').podSecurity = { level: 'privileged' };
        app(m, 'prometheus').podSecurity = { level: 'privileged', reason: '  ' };
      }),
    );
    expect(problems.map((p) => `${p.entity} ${p.rule}`)).toEqual(['apps/prometheus deploy-pod-security-reason', 'apps/velero deploy-pod-security-reason']);
    expect(problems[0].message).toContain('namespace monitoring');
  });
});
