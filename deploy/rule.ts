/**
 * Deploy rules: the second rule set, run at synth after the model rules pass. A model rule asks "is this homelab
 * consistent?"; a deploy rule asks "will the real system (Proxmox VE, the providers, the charts, the roles) accept and
 * run what we generate from it, in bootstrap order, as the user it runs as?". Each rule lives in its own file under
 * deploy/rules/, has a compliant and a non-compliant fixture test in __tests__/deploy/, and reports like the model
 * rules: `[entity] what — rule — fix`, every problem at once, nothing written.
 */
import type { Homelab } from '../model/types';
import type { ModelLookup } from '../model/lookup';
import type { Problems } from '../model/errors';

export interface DeployRule {
  /** Kebab-case id, prefixed `deploy-` (e.g. `deploy-bind-mount-credentials`). */
  readonly id: string;
  /** What the real system requires, and what fails on day one when it is broken. */
  readonly description: string;
  check(model: Homelab, index: ModelLookup, problems: Problems): void;
}
