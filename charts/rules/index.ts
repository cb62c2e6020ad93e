/** Manifest rules: checks over the rendered objects of every cluster, run by synth before anything is written. */
import { Problems } from '../../model/errors';
import type { Homelab } from '../../model/types';
import type { RenderedCluster } from '../index';
import type { ManifestRule } from './rule';

export const MANIFEST_RULES: readonly ManifestRule[] = [];

/** Runs every rule and throws one ModelError with all problems. */
export function checkManifests(model: Homelab, clusters: readonly RenderedCluster[], rules: readonly ManifestRule[] = MANIFEST_RULES): void {
  const problems = new Problems();
  for (const cluster of clusters) for (const rule of rules) rule.check(cluster, model, problems);
  problems.throwIfAny();
}
