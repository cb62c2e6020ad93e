/**
 * Flux postBuild substitutions: a secret reaches a manifest only as `${NAME}`, where NAME is the `fluxName` of a key in
 * model/secrets.ts. Flux replaces it from the `cluster-secrets` Secret when it applies the app.
 */
import { fail } from '../../model/errors';
import type { Homelab } from '../../model/types';
import { fluxSubstitutions } from '../../model/secrets';

/** `${NAME}` for the secret key `secretName` (throws when the catalogue does not hand that key to Flux). */
export function fluxVar(model: Homelab, secretName: string): string {
  const key = fluxSubstitutions(model).find((k) => k.name === secretName);
  if (key === undefined)
    fail(`secrets/${secretName}`, 'k8s-substitutions', 'it is not a Flux substitution', "add consumer 'flux' and a fluxName to it in model/secrets.ts");
  return `\${${key.fluxName}}`;
}

/** Every `${NAME}` in a text (Flux's envsubst syntax; `$${…}` is an escaped literal and not counted). */
export function substitutionsIn(text: string): readonly string[] {
  const found: string[] = [];
  const re = /(\$?)\$\{([^}]*)\}/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m[1] === '') found.push(m[2]);
  return found;
}
