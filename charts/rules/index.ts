/** Manifest rules: checks over the rendered objects of every cluster, run by synth before anything is written. */
import { Problems } from '../../model/errors';
import type { Homelab } from '../../model/types';
import type { RenderedCluster } from '../index';
import { fluxDependencies, fluxRbacScope } from './flux';
import { defaultDeny } from './network';
import { podSecurity } from './pod-security';
import { routeReferences } from './references';
import { manifestRoutes } from './routes';
import type { ManifestRule } from './rule';
import { substitutions } from './secrets';
import { storageClasses } from './storage';
import { workloadHygiene } from './workloads';

export const MANIFEST_RULES: readonly ManifestRule[] = [
  manifestRoutes,
  routeReferences,
  storageClasses,
  fluxDependencies,
  fluxRbacScope,
  workloadHygiene,
  substitutions,
  defaultDeny,
  podSecurity,
];

export type { ManifestRule } from './rule';

/** Runs every rule and throws one ModelError with all problems. */
export function checkManifests(model: Homelab, clusters: readonly RenderedCluster[], rules: readonly ManifestRule[] = MANIFEST_RULES): void {
  const problems = new Problems();
  for (const cluster of clusters) for (const rule of rules) rule.check(cluster, model, problems);
  problems.throwIfAny();
}
