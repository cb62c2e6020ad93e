/**
 * The k8s/ tree as Flux reads it, from generated files (repo-relative path → text): the Flux Kustomizations, the
 * directories they build, and which Kustomization applies each file (a file reached only through kustomization.yaml
 * includes — an app's ks.yaml — belongs to the Kustomization whose build includes it).
 */
import { posix } from 'path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import type { OutputFiles } from './outputs';
import { K8S_OUT } from '../charts/layout';

export interface K8sObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly path?: string };
}

/** The objects (documents with a kind) of a YAML file. */
export function k8sObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((o): o is K8sObject => typeof o === 'object' && o !== null && typeof (o as K8sObject).kind === 'string');
}

/** Flux Kustomizations of a tree: `namespace/name` and the repo-relative path each applies. */
export function fluxUnits(files: OutputFiles): { name: string; path: string }[] {
  const units = new Map<string, string>();
  for (const [file, text] of files) {
    if (!file.startsWith(`${K8S_OUT}/`) || !file.endsWith('.yaml')) continue;
    for (const o of k8sObjects(text)) {
      if (o.kind === 'Kustomization' && o.apiVersion?.startsWith('kustomize.toolkit.fluxcd.io/') && typeof o.spec?.path === 'string') {
        units.set(`${o.metadata?.namespace ?? 'flux-system'}/${o.metadata?.name ?? ''}`, posix.normalize(o.spec.path).replace(/\/$/, ''));
      }
    }
  }
  return [...units].map(([name, p]) => ({ name, path: p }));
}

/**
 * The files a kustomize build of `dir` reads: its kustomization.yaml, the files it lists and, recursively, the
 * directories it lists. A directory without kustomization.yaml is read whole (Flux generates one for it).
 */
export function buildFiles(files: OutputFiles, dir: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(dir)) return out;
  seen.add(dir);
  const kustomization = files.get(`${dir}/kustomization.yaml`);
  if (kustomization === undefined) {
    for (const f of files.keys()) if (f.startsWith(`${dir}/`)) out.add(f);
    return out;
  }
  out.add(`${dir}/kustomization.yaml`);
  const resources = (parseYaml(kustomization) as { resources?: unknown } | null)?.resources;
  for (const r of Array.isArray(resources) ? resources : []) {
    const target = posix.normalize(posix.join(dir, String(r)));
    if (files.has(target)) out.add(target);
    else for (const f of buildFiles(files, target, seen)) out.add(f);
  }
  return out;
}

/** Which Flux Kustomization applies each file (the most specific, when builds overlap). */
export function unitsOfFiles(files: OutputFiles): Map<string, string> {
  const out = new Map<string, { unit: string; depth: number }>();
  for (const u of fluxUnits(files)) {
    for (const f of buildFiles(files, u.path)) {
      const current = out.get(f);
      if (current === undefined || u.path.length > current.depth || (u.path.length === current.depth && u.name < current.unit))
        out.set(f, { unit: u.name, depth: u.path.length });
    }
  }
  return new Map([...out].map(([f, v]) => [f, v.unit]));
}
