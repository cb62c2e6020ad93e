/**
 * Paths of the k8s/ tree Flux reads (stable names, no hashes), laid out like onedr0p/home-ops:
 *
 *   k8s/clusters/<cluster>/           the root Kustomization `cluster`: flux-system.yaml, namespaces.yaml, and through
 *                                     its kustomization.yaml every app directory of the cluster (their ks.yaml)
 *   k8s/apps/<namespace>/<app>/ks.yaml   the app's Flux Kustomizations (dependsOn, health checks, substitution)
 *   k8s/apps/<namespace>/<app>/app/      what the app's main Kustomization applies
 *   k8s/apps/<namespace>/<app>/config/   its second stage (objects of the CRDs its own HelmRelease installs)
 */
import type { AppSpec } from '../model/types';

export const K8S_OUT = 'k8s';

/** File of an app directory that holds its Flux Kustomizations. */
export const FLUX_KS_FILE = 'ks.yaml';

type AppRef = Pick<AppSpec, 'namespace' | 'name'>;

/** `k8s/clusters/<cluster>`: Flux entry points. */
export function clusterPath(cluster: string): string {
  return `${K8S_OUT}/clusters/${cluster}`;
}

/** `k8s/apps/<namespace>/<app>`: one directory per app, with its ks.yaml. */
export function appPath(app: AppRef): string {
  return `${K8S_OUT}/apps/${app.namespace}/${app.name}`;
}

/** `k8s/apps/<namespace>/<app>/app`: the objects of the app's main Flux Kustomization. */
export function appMainPath(app: AppRef): string {
  return `${appPath(app)}/app`;
}

/** `k8s/apps/<namespace>/<app>/config`: the app's second stage (objects of the CRDs its own HelmRelease installs). */
export function appConfigPath(app: AppRef): string {
  return `${appPath(app)}/config`;
}
