/**
 * Flux never waits on a person. An app whose workloads become ready only after a manual step (the Authentik outpost
 * needs a token made in the Authentik UI) must not be health-checked, and no app may depend on it: otherwise its
 * Kustomization stays not-Ready and every app behind it never deploys (prometheus, grafana, radarr, sonarr on day one).
 */
import { secretCatalogue } from '../../model/secrets';
import { at } from '../../model/rules/rule';
import type { AppSpec } from '../../model/types';
import type { DeployRule } from '../rule';

const ID = 'deploy-flux-no-manual-wait';

function describeSteps(app: AppSpec): string {
  return (app.manualSteps ?? []).map((s) => `"${s.id}"`).join(', ');
}

export const fluxNoManualWait: DeployRule = {
  id: ID,
  description: 'No Flux health check or dependsOn waits on an app whose readiness needs a manual step; each manual step names a catalogue key it fills.',
  check(model, _index, problems) {
    const manual = new Map(model.apps.filter((a) => (a.manualSteps ?? []).length > 0).map((a) => [a.name, a]));
    const keys = new Set(secretCatalogue(model).map((k) => k.name));
    for (const app of manual.values()) {
      if (app.healthChecked !== false) {
        problems.report(
          at.app(app.name),
          ID,
          `Flux health-checks its workloads, which become ready only after the manual step ${describeSteps(app)}: its Kustomization would never be Ready`,
          'set healthChecked: false on the app (Flux applies it and waits for nothing), or automate the step',
        );
      }
      for (const step of app.manualSteps ?? []) {
        if (step.vaultKey !== undefined && !keys.has(step.vaultKey))
          problems.report(
            at.app(app.name),
            ID,
            `manual step "${step.id}" fills vault key ${step.vaultKey}, which model/secrets.ts does not list`,
            'name a key of the secret catalogue or add it there',
          );
      }
    }
    for (const app of model.apps) {
      for (const dep of app.dependsOn ?? []) {
        const target = manual.get(dep);
        if (target !== undefined)
          problems.report(
            at.app(app.name),
            ID,
            `dependsOn ${dep}, which becomes ready only after the manual step ${describeSteps(target)}: Flux would never deploy ${app.name}`,
            `remove '${dep}' from dependsOn (depend on what it needs instead, e.g. the app ${dep} itself depends on)`,
          );
      }
    }
  },
};
