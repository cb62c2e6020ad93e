/**
 * One plan per stack of the model's stack layout (model/stacks.ts): what every stack shares — its S3 backend in the
 * backup location, its sensitive variables from the secret catalogue — and the plan of its kind. stacks/index.ts
 * renders each with the stack class of its kind; no stack queries the model.
 */
import type { ResolvedModel } from '../model/resolved';
import { tofuVariablesFor, secretNames, type SecretKey } from '../model/secrets';
import type { StackKind, StackSpec } from '../model/stacks';
import { stateBucketName, stateKey } from '../naming/names';
import { awsLocationPlan, type AwsLocationPlan } from './aws';
import { edgePlan, type EdgePlan } from './edge';
import { ociLocationPlan, type OciLocationPlan } from './oci';
import { proxmoxLocationPlan, type ProxmoxLocationPlan } from './proxmox-location';

/** What every stack has: a name, its backend and its sensitive variables. */
export interface StackBasePlan {
  readonly name: string;
  readonly kind: StackKind;
  readonly backend: { readonly bucket: string; readonly key: string; readonly region: string };
  /** The catalogue keys this stack takes as sensitive variables. */
  readonly variables: readonly SecretKey[];
  /** Vault key of the stack's state encryption passphrase. */
  readonly passphraseKey: string;
}

export type StackPlan =
  | (StackBasePlan & { readonly kind: 'proxmox'; readonly plan: ProxmoxLocationPlan })
  | (StackBasePlan & { readonly kind: 'aws'; readonly plan: AwsLocationPlan })
  | (StackBasePlan & { readonly kind: 'oci'; readonly plan: OciLocationPlan })
  | (StackBasePlan & { readonly kind: 'cloudflare'; readonly plan: EdgePlan });

/** The base plan of a stack named `name` (also for tests that render one construct in a bare stack). */
export function stackBasePlan(model: ResolvedModel, spec: StackSpec): StackBasePlan {
  const backupLocation = model.index.locations.get(model.backups.location);
  return {
    name: spec.name,
    kind: spec.kind,
    // Rule location-exists: the backup location has a region.
    backend: { bucket: stateBucketName(model.backups.location), key: stateKey(spec.name), region: backupLocation?.region ?? '' },
    variables: tofuVariablesFor(model, spec.name),
    passphraseKey: secretNames.stateEncryptionPassphrase(spec.name),
  };
}

/** The plan of one stack of the layout. */
export function planStack(model: ResolvedModel, spec: StackSpec): StackPlan {
  const base = stackBasePlan(model, spec);
  const location = spec.location ?? '';
  switch (spec.kind) {
    case 'proxmox':
      return { ...base, kind: 'proxmox', plan: proxmoxLocationPlan(model, location) };
    case 'aws':
      return { ...base, kind: 'aws', plan: awsLocationPlan(model, location) };
    case 'oci':
      return { ...base, kind: 'oci', plan: ociLocationPlan(model, location) };
    case 'cloudflare':
      return { ...base, kind: 'cloudflare', plan: edgePlan(model) };
  }
}

/** Every stack's plan, in layout order. */
export function planStacks(model: ResolvedModel): readonly StackPlan[] {
  return model.stacks.map((spec) => planStack(model, spec));
}
