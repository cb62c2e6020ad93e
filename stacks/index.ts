/** The stack registry: one OpenTofu stack per location or blast radius. */
import type { App } from '../constructs/core';
import type { Homelab } from '../model/types';
import type { HomelabStack } from './base-stack';
import { STACKS } from '../naming/names';
import { AsgardStack } from './asgard';
import { BabylonStack } from './babylon';
import { EdgeStack } from './edge';
import { CoruscantStack } from './coruscant';


/** Adds every stack of the model to `app`, in a stable order. */
export function buildStacks(app: App, model: Homelab): readonly HomelabStack[] {
  return [
    new AsgardStack(app, STACKS.asgard, { model }),
    new BabylonStack(app, STACKS.babylon, { model }),
    new CoruscantStack(app, STACKS.coruscant, { model }),
    new EdgeStack(app, STACKS.edge, { model }),
  ];
}
