/** Test helpers for the cloud and edge stacks: synthesize one stack of a (possibly changed) model in memory. */
import { App, Testing, type TerraformStack } from 'cdktf';
import { homelab } from '../../homelab';
import type { Homelab } from '../../model/types';
import type { HomelabStackProps } from '../../stacks/base-stack';

type Mutable<T> = T extends ReadonlyArray<infer U> ? Array<Mutable<U>> : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
export type MutableHomelab = Mutable<Homelab>;

/** A deep copy of the seed homelab with one change applied. */
export function changedModel(change: (m: MutableHomelab) => void): Homelab {
  const m = structuredClone(homelab) as MutableHomelab;
  change(m);
  return m as Homelab;
}

/** The synthesized cdk.tf.json of one stack, as text (for the cdktf matchers) and parsed. */
export function synthStack(
  Stack: new (scope: App, name: string, props: HomelabStackProps) => TerraformStack,
  name: string,
  model: Homelab = homelab,
): { readonly text: string; readonly json: TfJson } {
  const app = Testing.app({ context: { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' } });
  const text = Testing.synth(new Stack(app, name, { model }));
  return { text, json: JSON.parse(text) as TfJson };
}

export interface TfJson {
  readonly terraform: Record<string, unknown>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value: unknown; readonly sensitive?: boolean; readonly description?: string }>;
  readonly variable?: Record<string, { readonly sensitive?: boolean }>;
}

/** The bodies of every resource of one type. */
export function resourcesOf(json: TfJson, type: string): Array<Record<string, unknown>> {
  return Object.values(json.resource[type] ?? {});
}
