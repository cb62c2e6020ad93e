/** Helpers for deploy-rule tests: run one rule over a fixture model and read its problems. */
import type { Homelab } from '../../model/types';
import type { Problem } from '../../model/errors';
import type { DeployRule } from '../../deploy/rule';
import { findDeployProblems } from '../../deploy';

/** The problems one deploy rule reports on `model`. */
export function deployProblems(rule: DeployRule, model: Homelab): readonly Problem[] {
  return findDeployProblems(model, [rule]).all;
}
