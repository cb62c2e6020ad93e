/**
 * The one error of a model that cannot be built: every problem names the entity, the rule it breaks (an id of the rule
 * registry, model/rules/registry.ts) and the fix. Rules collect problems (`Problems`) and report them all at once;
 * code outside the rules (stacks, constructs, charts) that meets a case a rule refuses stops with `fail`, which throws
 * the same error.
 */

export interface Problem {
  /** Path of the entity, e.g. `guests/k8s-master-01`. */
  readonly entity: string;
  /** What is wrong. */
  readonly message: string;
  /** Rule identifier, e.g. `host-exists`. */
  readonly rule: string;
  /** How to fix it. */
  readonly fix: string;
  /** Other entities the problem is equally about (both owners of one VMID …), in model order. @default none */
  readonly also?: readonly string[];
}

export function formatProblem(p: Problem): string {
  return `[${[p.entity, ...(p.also ?? [])].join(', ')}] ${p.message} — rule: ${p.rule} — fix: ${p.fix}`;
}

/** Thrown once with every problem when a model is invalid; nothing has been written when it is thrown. */
export class ModelError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(`the homelab model has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ModelError';
  }
}

/** Stops a build at a case the rule `rule` refuses (one ModelError with one problem). */
export function fail(entity: string, rule: string, message: string, fix: string): never {
  throw new ModelError([{ entity, rule, message, fix }]);
}

/**
 * The entry of `key` in a map that validation guarantees to hold it (a guest's network, a group of a plan): a missing
 * one is a bug of the code that relies on the guarantee, not of the model, so it is an Error, not a ModelError.
 */
export function known<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`internal: no ${what} "${String(key)}" (validation guarantees one)`);
  return value;
}

/**
 * The entity a problem is about, without the field inside it: `guests/k8s-worker-02/disks[0]` → `guests/k8s-worker-02`,
 * `backups/sources/truenas/prefix` → `backups/sources/truenas`.
 */
export function entityOf(path: string): string {
  const parts = path.split('/');
  const depth = parts[0] === 'backups' && parts[1] === 'sources' ? 3 : 2;
  return parts.slice(0, depth).join('/');
}

/** Collects problems; rules call `report`. The same problem reported twice (two disks on one bad pool) is kept once. */
export class Problems {
  private readonly list: Problem[] = [];
  private readonly seen = new Set<string>();

  report(entity: string, rule: string, message: string, fix: string, also?: readonly string[]): void {
    const problem: Problem = also !== undefined && also.length > 0 ? { entity, rule, message, fix, also } : { entity, rule, message, fix };
    const key = formatProblem(problem);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(problem);
  }

  /** Adds the problems of a ModelError thrown by code outside the rules. */
  add(error: ModelError): void {
    for (const p of error.problems) this.report(p.entity, p.rule, p.message, p.fix, p.also);
  }

  get all(): readonly Problem[] {
    return this.list;
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ModelError(this.list);
  }
}
