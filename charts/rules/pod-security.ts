import type { ManifestRule } from './rule';
import { at } from './helpers';

const ORDER = ['restricted', 'baseline', 'privileged'];

/** The model grants every app at least the Pod Security level its chart's pods need (else admission rejects them). */
export const podSecurity: ManifestRule = {
  id: 'k8s-pod-security',
  description: "Each app's namespace level (apps[].podSecurity) is at least what its pods need; a looser grant than needed is reported too.",
  check(cluster, _model, problems) {
    for (const p of cluster.podSecurity) {
      if (ORDER.indexOf(p.granted) < ORDER.indexOf(p.needs))
        problems.report(
          at.app(p.app),
          'k8s-pod-security',
          `its pods need Pod Security level ${p.needs}, the model grants ${p.granted}: admission would reject them`,
          `set podSecurity: { level: '${p.needs}', reason } on the app in homelab.ts`,
        );
      else if (ORDER.indexOf(p.granted) > ORDER.indexOf(p.needs))
        problems.report(
          at.app(p.app),
          'k8s-pod-security',
          `the model grants Pod Security level ${p.granted} but its pods need only ${p.needs}`,
          `lower podSecurity to ${p.needs === 'restricted' ? 'nothing (restricted)' : `'${p.needs}'`}`,
        );
    }
  },
};
