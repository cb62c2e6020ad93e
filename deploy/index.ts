/** Runs the deploy rules over a model that already passed the model rules. */
import type { Homelab } from '../model/types';
import { lookup } from '../model/lookup';
import { Problems } from '../model/errors';
import { DEPLOY_RULES } from './rules';
import type { DeployRule } from './rule';

/** Every deploy problem of a valid model (empty when it can be deployed as generated). */
export function findDeployProblems(model: Homelab, rules: readonly DeployRule[] = DEPLOY_RULES): Problems {
  const problems = new Problems();
  const index = lookup(model);
  for (const rule of rules) rule.check(model, index, problems);
  return problems;
}

/** Throws one ModelError listing every deploy problem. */
export function checkDeployable(model: Homelab): void {
  findDeployProblems(model).throwIfAny();
}
