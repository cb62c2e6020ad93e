/** Problems found in a model, collected and reported together (one message per problem). */

export interface Problem {
  /** Path of the entity, e.g. `guests/k8s-master-01`. */
  readonly entity: string;
  /** What is wrong. */
  readonly message: string;
  /** Rule identifier, e.g. `guest-host-exists`. */
  readonly rule: string;
  /** How to fix it. */
  readonly fix: string;
}

export function formatProblem(p: Problem): string {
  return `[${p.entity}] ${p.message} — rule: ${p.rule} — fix: ${p.fix}`;
}

/** Thrown once with every problem when a model is invalid; nothing has been written when it is thrown. */
export class ModelError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(`the homelab model has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ModelError';
  }
}

/** Collects problems; rules call `report`. */
export class Problems {
  private readonly list: Problem[] = [];

  report(entity: string, rule: string, message: string, fix: string): void {
    this.list.push({ entity, rule, message, fix });
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
