/** Rendered Kubernetes objects (the JSON cdk8s produces) and the few fields the checks and Flux wiring read. */

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/** API group of an apiVersion ('' for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Groups Kubernetes serves itself (core, apps, networking.k8s.io …): no app has to install them. */
export function isBuiltInGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** Groups of the Flux controllers, installed by the Ansible bootstrap before any of our manifests. */
export const FLUX_GROUPS: readonly string[] = [
  'source.toolkit.fluxcd.io',
  'kustomize.toolkit.fluxcd.io',
  'helm.toolkit.fluxcd.io',
  'notification.toolkit.fluxcd.io',
];

/** `a.b.c` of a nested JSON value, or undefined. */
export function field(value: unknown, ...path: readonly (string | number)[]): unknown {
  let v: unknown = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** A Traefik Middleware reference of a route as `namespace/name` (its namespace defaults to the referring object's). */
export function middlewareRef(ref: unknown, namespace: string | undefined): string {
  const ns = field(ref, 'namespace');
  return `${typeof ns === 'string' ? ns : String(namespace)}/${String(field(ref, 'name'))}`;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Every (key, value) pair anywhere inside a JSON value, with its path. */
export function* walk(value: unknown, path: string[] = []): Generator<{ readonly key: string; readonly value: unknown; readonly path: readonly string[] }> {
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    yield { key: k, value: v, path: [...path, k] };
    yield* walk(v, [...path, k]);
  }
}

export function objectId(o: K8sObject): string {
  return `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`;
}
