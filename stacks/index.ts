/**
 * The stack registry: one OpenTofu stack per stack plan (plan/stacks.ts: one per location with something to provision,
 * plus the Cloudflare edge), rendered by the class of its kind.
 */
import type { App } from '../constructs/core';
import type { ResolvedModel } from '../model/resolved';
import { planStacks, type StackPlan } from '../plan/stacks';
import type { HomelabStack } from './base-stack';
import { AwsLocationStack } from './aws-location';
import { CloudflareEdgeStack } from './cloudflare-edge';
import { OciLocationStack } from './oci-location';
import { ProxmoxLocationStack } from './proxmox-location';

/** Renders one stack plan into `app` with the class of its kind. */
export function renderStack(app: App, plan: StackPlan): HomelabStack {
  switch (plan.kind) {
    case 'proxmox':
      return new ProxmoxLocationStack(app, plan, plan.plan);
    case 'aws':
      return new AwsLocationStack(app, plan, plan.plan);
    case 'oci':
      return new OciLocationStack(app, plan, plan.plan);
    case 'cloudflare':
      return new CloudflareEdgeStack(app, plan, plan.plan);
  }
}

/** Adds every stack of the model to `app`, in the layout's order. */
export function buildStacks(app: App, model: ResolvedModel): readonly HomelabStack[] {
  return planStacks(model).map((plan) => renderStack(app, plan));
}
