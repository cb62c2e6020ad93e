import { fluxSubstitutions } from '../../model/secrets';
import { field } from '../lib/objects';
import { substitutionsIn } from '../lib/substitution';
import type { ManifestRule } from './rule';
import { allObjects, at } from './helpers';

/** Only `${NAME}`s that `cluster-secrets` holds; Secrets carry substitutions, never literal values. */
export const substitutions: ManifestRule = {
  id: 'k8s-substitutions',
  description:
    'Every ${NAME} is a Flux substitution of model/secrets.ts; Secret values are substitutions, never literals; the entry files (not substituted) have none.',
  check(cluster, model, problems) {
    const known = new Set(fluxSubstitutions(model).map((k) => k.fluxName));
    const entries = new Set(cluster.entry.map((e) => e.label));
    for (const { unit, object: o } of allObjects(cluster)) {
      const used = substitutionsIn(JSON.stringify(o));
      for (const name of used) {
        if (entries.has(unit))
          problems.report(
            at.object(unit, o),
            'k8s-substitutions',
            `uses \${${name}} in an entry file, which Flux does not substitute`,
            'move the object to an app unit',
          );
        else if (!known.has(name))
          problems.report(
            at.object(unit, o),
            'k8s-substitutions',
            `uses \${${name}}, which cluster-secrets does not hold`,
            `use one of ${[...known].join(', ')} or add the key (consumer flux, fluxName) to model/secrets.ts`,
          );
      }
      if (o.kind === 'Secret') {
        for (const section of ['data', 'stringData'] as const) {
          const values = field(o, section);
          if (values === undefined || values === null || typeof values !== 'object') continue;
          for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
            if (substitutionsIn(String(v)).length === 0)
              problems.report(
                at.object(unit, o),
                'k8s-substitutions',
                `Secret key ${k} holds a literal value`,
                'take the value from cluster-secrets through a ${NAME} substitution',
              );
          }
        }
      }
    }
  },
};
