/**
 * scripts/k8s-check.sh: the directories Flux builds in the k8s/ tree, one absolute path a line — the `spec.path` of
 * every Flux Kustomization (each cluster's root `cluster` Kustomization, and the app units its build includes through
 * their ks.yaml). Each must hold a kustomization.yaml (exit 1 naming it); no Flux path at all is exit 2.
 *
 *   (no arguments)
 */
import * as path from 'path';
import { fluxUnits } from '../../synth/flux-tree';
import { readWorkingTree } from '../../synth/tree';
import { K8S_OUT } from '../../charts/layout';
import { usage, type ScriptIo } from './io';

export interface FluxPaths {
  /** Repo-relative directories, sorted, each once. */
  readonly paths: readonly string[];
  /** `[path] … — fix: …` problems: a Flux path without kustomization.yaml. */
  readonly problems: readonly string[];
}

export function fluxPaths(root: string): FluxPaths {
  const files = readWorkingTree(root, { dirs: [K8S_OUT], files: [] });
  const paths = [...new Set(fluxUnits(files).map((u) => u.path))].sort();
  const problems = paths
    .filter((p) => !files.has(`${p}/kustomization.yaml`))
    .map(
      (p) =>
        `[${p}] is the path of a Flux Kustomization but has no kustomization.yaml, so kustomize cannot build it — fix: npm run synth (the committed tree is incomplete)`,
    );
  return { paths, problems };
}

export function main(argv: readonly string[], io: ScriptIo): number {
  if (argv.length > 0) return usage(io, 'flux-paths.ts');
  const { paths, problems } = fluxPaths(io.root);
  if (paths.length === 0) {
    io.err(`no Flux Kustomization under ${path.join(io.root, K8S_OUT)}: run npm run synth\n`);
    return 2;
  }
  io.out(paths.map((p) => `${path.join(io.root, p)}\n`).join(''));
  io.err(problems.map((p) => `${p}\n`).join(''));
  return problems.length > 0 ? 1 : 0;
}
