/**
 * Validation of a whole model: structure first (the schema, model/schema.ts), then every rule of model/rules/; all
 * problems are reported at once. A rule that builds on reference rules (`after`) does not see the entities those
 * rejected, so one mistake gives one problem, not its follow-on errors with misleading fixes.
 */
import type { Homelab } from './types';
import { Problems, ModelError, entityOf } from './errors';
import { lookup } from './lookup';
import { MODEL_RULES, type ModelRule } from './rules';

/** The collections of entities a rule iterates, by the first part of their entity path (model/rules/rule.ts `at`). */
type Collection =
  | 'locations'
  | 'pveClusters'
  | 'hosts'
  | 'storage'
  | 'networks'
  | 'images'
  | 'guests'
  | 'cloudInstances'
  | 'clusters'
  | 'apps'
  | 'infraEndpoints'
  | 'proxySites';
const COLLECTIONS: readonly Collection[] = [
  'locations',
  'pveClusters',
  'hosts',
  'storage',
  'networks',
  'images',
  'guests',
  'cloudInstances',
  'clusters',
  'apps',
  'infraEndpoints',
  'proxySites',
];

/** The model as a rule that builds on others sees it: without the entities (`guests/x` …) those rules rejected. */
function without(model: Homelab, rejected: ReadonlySet<string>): Homelab {
  if (rejected.size === 0) return model;
  const keep = <T extends { readonly name: string }>(prefix: string, items: readonly T[]) => items.filter((x) => !rejected.has(`${prefix}/${x.name}`));
  const view: Record<string, unknown> = { ...model };
  for (const c of COLLECTIONS) {
    const items = model[c];
    if (items !== undefined) view[c] = keep(c, items as readonly { readonly name: string }[]);
  }
  view.backups = { ...model.backups, sources: keep('backups/sources', model.backups.sources) };
  return view as unknown as Homelab;
}

/** Runs `rules` in order over a structurally valid model. */
export function runRules(model: Homelab, problems: Problems, rules: readonly ModelRule[] = MODEL_RULES): void {
  const index = lookup(model);
  const rejectedBy = new Map<string, Set<string>>();
  for (const rule of rules) {
    const rejected = new Set((rule.after ?? []).flatMap((id) => [...(rejectedBy.get(id) ?? [])]));
    const before = problems.count;
    rule.check(without(model, rejected), index, problems);
    const mine = rejectedBy.get(rule.id) ?? new Set<string>();
    for (const p of problems.all.slice(before)) for (const e of [p.entity, ...(p.also ?? [])]) mine.add(entityOf(e));
    rejectedBy.set(rule.id, mine);
  }
}

/** Returns every problem of `value` as a model (empty when valid). */
export function findProblems(value: unknown): Problems {
  const problems = new Problems();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.report(
      'model',
      'shape-type',
      `the model must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
      'export a Homelab object (see model/schema.ts and homelab.ts)',
    );
    return problems;
  }
  if (Object.keys(value).length === 0) {
    problems.report('model', 'shape-required', 'the model is empty', 'start from homelab.ts: locations, hosts, guests, networks, apps, edge and backups');
    return problems;
  }
  // The schema library loads on the first validation, not with this module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkStructure } = require('./structure') as typeof import('./structure');
  if (!checkStructure(value, problems)) return problems;
  runRules(value, problems);
  return problems;
}

/** Validates `value`; returns it typed, or throws one ModelError listing every problem. */
export function validateModel(value: unknown): Homelab {
  const problems = findProblems(value);
  if (problems.count > 0) throw new ModelError(problems.all);
  return value as Homelab;
}
