/** Test helpers for the stacks: render one stack of a model (resolved, planned, rendered by its kind) in memory. */
import { Testing } from 'cdktf';
import type { Homelab } from '../../model/types';
import { resolveModel, type ResolvedModel } from '../../model/resolved';
import { planStack } from '../../plan/stacks';
import { buildStacks, renderStack } from '../../stacks';
import type { HomelabStack } from '../../stacks/base-stack';

export interface TfJson {
  readonly terraform: Record<string, unknown> & { readonly backend?: unknown; readonly required_providers?: unknown };
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value: unknown; readonly sensitive?: boolean; readonly description?: string }>;
  readonly variable?: Record<string, { readonly sensitive?: boolean; readonly description?: string }>;
}

/** The synthesized cdk.tf.json of the stack `name` of `model`: text (for the cdktf matchers), parsed, and the stack. */
export function synthStack(model: Homelab, name: string): { readonly text: string; readonly json: TfJson; readonly stack: HomelabStack } {
  const resolved = resolveModel(model);
  const spec = resolved.stacks.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`test setup: the model has no stack ${name} (stacks: ${resolved.stacks.map((s) => s.name).join(', ')})`);
  const app = Testing.app({ context: { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' } });
  const stack = renderStack(app, planStack(resolved, spec));
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TfJson, stack };
}

/** The bodies of every resource of one type. */
export function resourcesOf(json: TfJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource[type] ?? {});
}

/** Resources of one type, keyed by logical id. */
export function resourcesById(json: TfJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

/** Names of the Proxmox guests (VMs and containers) a stack's JSON creates. */
export function proxmoxGuestNames(json: TfJson): string[] {
  const vms = resourcesOf(json, 'proxmox_virtual_environment_vm').map((v) => String(v.name));
  const cts = resourcesOf(json, 'proxmox_virtual_environment_container').map((c) => (c.initialization as { hostname: string }).hostname);
  return [...vms, ...cts];
}

/** Display names of the OCI instances a stack's JSON creates. */
export function ociInstanceNames(json: TfJson): string[] {
  return resourcesOf(json, 'oci_core_instance').map((i) => String(i.display_name));
}

/** Every stack of a resolved model synthesized: stack name → parsed JSON, in layout order. */
export function synthAll(model: ResolvedModel): Map<string, TfJson> {
  const app = Testing.app({ context: { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' } });
  return new Map(buildStacks(app, model).map((s) => [s.stackName, JSON.parse(Testing.synth(s)) as TfJson]));
}

/** Where each guest and cloud instance is created: name → the stacks creating it. */
export function provisioned(stacks: ReadonlyMap<string, TfJson>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [stack, json] of stacks)
    for (const name of [...proxmoxGuestNames(json), ...ociInstanceNames(json)]) out.set(name, [...(out.get(name) ?? []), stack]);
  return out;
}

/**
 * No silent drop: each active guest and cloud instance is created by exactly one stack — its location's — and nothing
 * planned is created anywhere.
 */
export function expectNoSilentDrop(model: ResolvedModel, stacks: ReadonlyMap<string, TfJson>): void {
  const expected = new Map<string, string[]>();
  for (const g of model.guests) if (g.lifecycle === 'active') expected.set(g.name, [g.location]);
  for (const c of model.cloudInstances) if (c.lifecycle === 'active') expected.set(c.name, [c.location]);
  expect(Object.fromEntries(provisioned(stacks))).toEqual(Object.fromEntries(expected));
}
