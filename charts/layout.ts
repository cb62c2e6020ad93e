/** Paths of the k8s/ tree Flux reads (stable names, no hashes). */
import type { AppSpec } from '../model/types';

export const K8S_OUT = 'k8s';

/** `k8s/clusters/<cluster>`: Flux entry points. */
export function clusterPath(cluster: string): string {
  return `${K8S_OUT}/clusters/${cluster}`;
}

/** `k8s/apps/<namespace>/<app>`: one directory per app with its kustomization.yaml. */
export function appPath(app: Pick<AppSpec, 'namespace' | 'name'>): string {
  return `${K8S_OUT}/apps/${app.namespace}/${app.name}`;
}

/** `k8s/apps/<namespace>/<app>/config`: the app's second stage (objects of the CRDs its own HelmRelease installs). */
export function appConfigPath(app: Pick<AppSpec, 'namespace' | 'name'>): string {
  return `${appPath(app)}/config`;
}
