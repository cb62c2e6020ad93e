/** The stack registry: one OpenTofu stack per location or blast radius. */
import type { App } from '../constructs/core';
import type { Homelab } from '../model/types';
import type { HomelabStack } from './base-stack';
import { AsgardStack } from './asgard';
import { BabylonStack } from './babylon';
import { EdgeStack } from './edge';
import { CoruscantStack } from './coruscant';

export const STACK_NAMES = ['asgard', 'babylon', 'coruscant', 'edge'] as const;
export type StackName = (typeof STACK_NAMES)[number];

/** Adds every stack of the model to `app`, in a stable order. */
export function buildStacks(app: App, model: Homelab): readonly HomelabStack[] {
  return [
    new AsgardStack(app, 'asgard', { model }),
    new BabylonStack(app, 'babylon', { model }),
    new CoruscantStack(app, 'coruscant', { model }),
    new EdgeStack(app, 'edge', { model }),
  ];
}
