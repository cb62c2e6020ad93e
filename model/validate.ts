/** Validation of a whole model: structure first, then every rule; all problems are reported at once. */
import type { Homelab } from './types';
import { Problems, ModelError } from './errors';
import { checkShape } from './shape';
import { lookup } from './lookup';
import { MODEL_RULES } from './rules';

/** Returns every problem of `value` as a model (empty when valid). */
export function findProblems(value: unknown): Problems {
  const problems = new Problems();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.report('model', 'shape-type', `the model must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, 'export a Homelab object (see model/types.ts and homelab.ts)');
    return problems;
  }
  if (Object.keys(value).length === 0) {
    problems.report('model', 'shape-required', 'the model is empty', 'start from homelab.ts: locations, hosts, guests, networks, apps, edge and backups');
    return problems;
  }
  if (!checkShape(value, problems)) return problems;
  const index = lookup(value);
  for (const rule of MODEL_RULES) rule.check(value, index, problems);
  return problems;
}

/** Validates `value`; returns it typed, or throws one ModelError listing every problem. */
export function validateModel(value: unknown): Homelab {
  const problems = findProblems(value);
  if (problems.count > 0) throw new ModelError(problems.all);
  return value as Homelab;
}
