/**
 * scripts/k8s-check.sh: the Kubernetes versions to validate against besides cdk8s-plus-28's API — each cluster's
 * release in the model as `major.minor.0` (v1.31.6+k3s1 → 1.31.0), sorted, once each.
 *
 *   cluster-versions [MODEL.ts|MODEL.json]      default: homelab.ts
 */
import * as path from 'path';
import { loadModelFile } from '../../model/load';
import type { Homelab } from '../../model/types';
import { usage, type ScriptIo } from './io';

export function clusterVersions(model: Pick<Homelab, 'clusters'>): string[] {
  const out = new Set<string>();
  for (const c of model.clusters) {
    const m = /^v?(\d+)\.(\d+)\./.exec(c.version);
    if (m) out.add(`${m[1]}.${m[2]}.0`);
  }
  return [...out].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export function main(argv: readonly string[], io: ScriptIo): number {
  if (argv[0] !== 'cluster-versions' || argv.length > 2) return usage(io, 'k8s-versions.ts cluster-versions [MODEL.ts|MODEL.json]');
  const file = path.resolve(io.root, argv[1] ?? 'homelab.ts');
  // Not validated here (npm run synth does that): only the clusters' versions are read.
  const model = loadModelFile(file) as Partial<Pick<Homelab, 'clusters'>>;
  const versions = clusterVersions({ clusters: model.clusters ?? [] });
  if (versions.length === 0) {
    io.err(`k8s-versions: no cluster with a version like v1.31.6 in ${path.relative(io.root, file)}\n`);
    return 1;
  }
  io.out(`${versions.join('\n')}\n`);
  return 0;
}
