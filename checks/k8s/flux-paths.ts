/**
 * The directories Flux builds in a k8s/ tree, for `scripts/k8s-check.sh`: the `spec.path` of every Flux Kustomization
 * (each cluster's root `cluster` Kustomization, and the app units its build includes through their ks.yaml). Each
 * must hold a kustomization.yaml.
 */
import * as path from 'path';
import { fluxUnits } from '../../synth/flux-tree';
import { readWorkingTree } from '../../synth/tree';
import { K8S_OUT } from '../../charts/layout';

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
    .map((p) => `[${p}] is the path of a Flux Kustomization but has no kustomization.yaml, so kustomize cannot build it — fix: npm run synth (the committed tree is incomplete)`);
  return { paths, problems };
}

/** Prints one absolute directory per line; exit 1 with the problems on stderr, 2 when the tree has no Flux path. */
export function fluxPathsMain(root: string, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`), err: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): number {
  const { paths, problems } = fluxPaths(root);
  if (paths.length === 0) {
    err(`no Flux Kustomization under ${path.join(root, K8S_OUT)}: run npm run synth`);
    return 2;
  }
  for (const p of paths) out(path.join(root, p));
  for (const p of problems) err(p);
  return problems.length > 0 ? 1 : 0;
}
