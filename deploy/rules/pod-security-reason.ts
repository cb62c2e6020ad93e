/**
 * Security rule: no Pod Security level above `baseline` without a reason. A `privileged` namespace admits host
 * namespaces, hostPath and privileged containers for every pod in it; the model says why an app needs that.
 */
import { at } from '../../model/rules/rule';
import type { DeployRule } from '../rule';

const ID = 'deploy-pod-security-reason';

export const podSecurityReason: DeployRule = {
  id: ID,
  description: 'An app whose namespace runs above Pod Security `baseline` (privileged) states the reason in the model.',
  check(model, _index, problems) {
    for (const app of model.apps) {
      const ps = app.podSecurity;
      if (ps?.level === 'privileged' && (ps.reason ?? '').trim() === '') {
        problems.report(
          at.app(app.name),
          ID,
          `runs its namespace ${app.namespace} at Pod Security level privileged without a reason`,
          "state why in podSecurity.reason (e.g. the hostPath or host namespace its pods need), or lower the level to 'baseline'",
        );
      }
    }
  },
};
