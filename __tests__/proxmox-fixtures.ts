/** Test helpers of the Proxmox layer: variants of the homelab model and a synthesized asgard stack. */
import { Testing } from 'cdktf';
import { homelab } from '../homelab';
import type { Homelab } from '../model/types';
import { findProblems } from '../model/validate';
import type { Problem } from '../model/errors';
import { AsgardStack } from '../stacks/asgard';

type DeepMutable<T> = T extends ReadonlyArray<infer U> ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
export type Draft = DeepMutable<Homelab>;

/** A deep copy of the homelab, changed by `change`. */
export function modelWith(change: (m: Draft) => void): Homelab {
  const draft = structuredClone(homelab) as Draft;
  change(draft);
  return draft as Homelab;
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

export interface SynthJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly output: Record<string, { value: unknown }>;
}

/** The asgard stack of `model` as parsed JSON (the model must be valid). */
export function synthAsgard(model: Homelab = homelab): { json: SynthJson; text: string } {
  const app = Testing.app({ context: { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' } });
  const stack = new AsgardStack(app, 'asgard', { model });
  const text = Testing.synth(stack);
  return { json: JSON.parse(text) as SynthJson, text };
}

/** Resources of one type, keyed by logical id. */
export function resources(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}
