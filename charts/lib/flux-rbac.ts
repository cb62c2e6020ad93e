/**
 * One service account per app for its Flux Kustomizations (in flux-system, where kustomize-controller impersonates
 * it), with a Role in the app's namespace granting exactly the kinds its units apply — so a unit cannot write outside
 * its namespace, nor kinds its manifests do not hold (an app without a chart cannot create HelmReleases, which
 * helm-controller would install with its own cluster-wide rights).
 */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { k8sNames } from '../../naming/names';
import { apiGroup, type K8sObject } from './objects';

/** What kustomize-controller does with a unit's objects: server-side apply (with dry-run), health checks, pruning. */
export const FLUX_APPLY_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];

/**
 * What the health checks read besides the checked objects: kstatus judges a Deployment by its ReplicaSets and their
 * Pods, a StatefulSet or DaemonSet by its Pods (read only).
 */
const STATUS_READS: Readonly<Record<string, readonly (readonly [group: string, resource: string])[]>> = {
  Deployment: [
    ['apps', 'replicasets'],
    ['', 'pods'],
  ],
  StatefulSet: [['', 'pods']],
  DaemonSet: [['', 'pods']],
};

/** The REST resource of a kind (lowercase plural, as Kubernetes and the CRDs name them). */
export function resourceOf(kind: string): string {
  const k = kind.toLowerCase();
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}

export interface AppObjects {
  readonly app: string;
  readonly namespace: string;
  readonly objects: readonly K8sObject[];
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

function grouped(pairs: Iterable<readonly [string, string]>, verbs: readonly string[]): Rule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const [g, r] of pairs) {
    const resources = byGroup.get(g) ?? new Set<string>();
    resources.add(r);
    byGroup.set(g, resources);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([g, r]) => ({ apiGroups: [g], resources: [...r].sort(), verbs: [...verbs] }));
}

/** RBAC rules covering the kinds of `objects` (one per API group), then read-only rules for what their health reads. */
export function applyRules(objects: readonly K8sObject[]): Rule[] {
  const applied = objects.map((o) => [apiGroup(o.apiVersion), resourceOf(o.kind)] as const);
  const has = new Set(applied.map(([g, r]) => `${g}/${r}`));
  const reads = objects.flatMap((o) => STATUS_READS[o.kind] ?? []).filter(([g, r]) => !has.has(`${g}/${r}`));
  return [...grouped(applied, FLUX_APPLY_VERBS), ...grouped(reads, READ_VERBS)];
}

/** One Role per app, in its namespace: an object of its units outside that namespace is refused by manifest rule k8s-flux-rbac. */
export function fluxRbac(scope: Construct, apps: readonly AppObjects[], fluxNamespace: string): void {
  for (const a of apps) {
    const name = k8sNames.fluxServiceAccount(a.app);
    new kplus.k8s.KubeServiceAccount(scope, `flux-sa-${a.app}`, { metadata: { name, namespace: fluxNamespace }, automountServiceAccountToken: false });
    new kplus.k8s.KubeRole(scope, `flux-role-${a.app}`, { metadata: { name: k8sNames.fluxRole(a.app), namespace: a.namespace }, rules: applyRules(a.objects) });
    new kplus.k8s.KubeRoleBinding(scope, `flux-binding-${a.app}`, {
      metadata: { name: k8sNames.fluxRole(a.app), namespace: a.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: k8sNames.fluxRole(a.app) },
      subjects: [{ kind: 'ServiceAccount', name, namespace: fluxNamespace }],
    });
  }
}
