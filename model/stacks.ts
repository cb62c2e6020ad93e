/**
 * The OpenTofu stacks a model needs, derived from its locations (data, not code): one stack per location that has
 * something to provision, its kind chosen by the location's kind and cloud, plus the Cloudflare edge (its own blast
 * radius). A location stack is named after its location, so the seed's stacks are asgard, babylon, coruscant and edge.
 *
 * - an on-prem location with an active Proxmox host: a Proxmox stack (its guests, images, PCI mappings, firewall);
 * - the AWS location holding the backups: an AWS stack (the backup and state buckets, their identities);
 * - an OCI location with an active cloud instance: an OCI stack (the instances and their network).
 *
 * A location with nothing to provision (a TrueNAS-only site, a planned location) gets no stack.
 */
import type { Homelab, LocationSpec } from './types';
import { Problems } from './errors';
import { cloudInstanceLifecycle, hostLifecycle } from './lookup';

export type StackKind = 'proxmox' | 'aws' | 'oci' | 'cloudflare';

export interface StackSpec {
  /** Stack name: the location's name, or `edge`. Also the state key and the directory under tofu-out/stacks/. */
  readonly name: string;
  readonly kind: StackKind;
  /** The location the stack provisions (none for the edge). */
  readonly location?: string;
}

/** The Cloudflare edge stack: tunnel, DNS records, Access applications. */
export const EDGE_STACK = 'edge';

function locationStackKind(model: Homelab, location: LocationSpec): StackKind | undefined {
  if (location.kind === 'on-prem') {
    const proxmox = model.hosts.some((h) => h.location === location.name && h.kind === 'proxmox' && hostLifecycle(model, h) === 'active');
    return proxmox ? 'proxmox' : undefined;
  }
  if (location.cloud === 'aws') return model.backups.location === location.name ? 'aws' : undefined;
  if (location.cloud === 'oci') {
    const instances = model.cloudInstances.some((c) => c.location === location.name && cloudInstanceLifecycle(model, c) === 'active');
    return instances ? 'oci' : undefined;
  }
  return undefined;
}

/** Every stack of the model: location stacks in model order of the locations, then the edge. */
export function stackLayout(model: Homelab): readonly StackSpec[] {
  const stacks: StackSpec[] = [];
  for (const location of model.locations) {
    const kind = locationStackKind(model, location);
    if (kind !== undefined) stacks.push({ name: location.name, kind, location: location.name });
  }
  stacks.push({ name: EDGE_STACK, kind: 'cloudflare' });
  return stacks;
}

/** The stacks of one kind, in layout order. */
export function stacksOfKind(model: Homelab, kind: StackKind): readonly StackSpec[] {
  return stackLayout(model).filter((s) => s.kind === kind);
}

/** The stack that provisions `location`, if any. */
export function stackOfLocation(model: Homelab, location: string): StackSpec | undefined {
  return stackLayout(model).find((s) => s.location === location);
}

/**
 * The AWS stack that holds the backups and every stack's state. It runs with the person's bootstrap profile (it
 * creates the IAM identities), never with a key of the vault.
 */
export function bootstrapStack(model: Homelab): string {
  return model.backups.location;
}

/** Rule ids of the stack layout (reported like model rules; synth refuses the model). */
export const STACK_RULES = {
  names: 'stack-names',
} as const;

/**
 * What would make the layout ambiguous: a location stack named like the edge stack. (One Proxmox VE cluster per
 * location, so one API per Proxmox stack, follows from the naming rule `<location>-pve` and unique names.)
 */
export function stackLayoutProblems(model: Homelab): Problems {
  const problems = new Problems();
  for (const stack of stackLayout(model)) {
    if (stack.location === EDGE_STACK) {
      problems.report(
        `locations/${stack.location}`,
        STACK_RULES.names,
        `its ${stack.kind} stack would be named "${EDGE_STACK}", the name of the Cloudflare edge stack`,
        'give the location another codename',
      );
    }
  }
  return problems;
}
