/** Test helpers of the Proxmox layer rules: variants of the homelab model and the problems one rule reports. */
import { homelab } from '../homelab';
import type { Homelab } from '../model/types';
import { findProblems } from '../model/validate';
import type { Problem } from '../model/errors';

type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
export type Draft = DeepMutable<Homelab>;

/** A deep copy of the homelab, changed by `change`. */
export function modelWith(change: (m: Draft) => void): Homelab {
  const draft = structuredClone(homelab) as Draft;
  change(draft);
  return draft;
}

/** The problems one rule reports for a model. */
export function problemsOf(model: unknown, rule: string): readonly Problem[] {
  return findProblems(model).all.filter((p) => p.rule === rule);
}

export function guest(m: Draft, name: string): Draft['guests'][number] {
  const g = m.guests.find((x) => x.name === name);
  if (!g) throw new Error(`test fixture: no guest ${name}`);
  return g;
}
