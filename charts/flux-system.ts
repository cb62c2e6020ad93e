/**
 * Flux's objects of a cluster. The entry point (k8s/clusters/<cluster>/flux-system.yaml): the GitRepository of this
 * repository (Flux applies a commit only when its signature verifies against the keys the bootstrap put in
 * `flux-git-verification-keys`) and the root Kustomization `cluster` that applies that directory — which includes
 * every app's ks.yaml. Each app's ks.yaml (k8s/apps/<namespace>/<app>/ks.yaml, next to what it applies): one Flux
 * Kustomization per unit of the app with its dependsOn (the model's plus what its manifests imply), health checks,
 * the service account it runs as (RBAC limited to its app's namespace) and the app's own substitution Secret.
 * Flux itself (the `flux` app) is installed by the Ansible bootstrap; flux-system.yaml is how it appears here.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { GitRepository, GitRepositorySpecVerifyMode } from '../.gen/imports/source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind, KustomizationSpecPostBuildSubstituteFromKind } from '../.gen/imports/kustomize.toolkit.fluxcd.io';
import type { GitOpsSpec } from '../model/types';
import { k8sNames } from '../naming/names';

export const FLUX_NAMESPACE = 'flux-system';

/** `HEAD`, the CRD's canonical spelling (the generated enum only has the backward-compatible `head`). */
const VERIFY_HEAD = 'HEAD' as unknown as GitRepositorySpecVerifyMode;

/** One Flux Kustomization of an app: a directory under k8s/apps/<namespace>/<app>/ and what must be ready before it. */
export interface FluxUnit {
  readonly name: string;
  readonly path: string;
  readonly dependsOn: readonly string[];
  readonly healthChecks: readonly { readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace: string }[];
  /** Service account in flux-system it impersonates. */
  readonly serviceAccountName: string;
  /** Secret in flux-system with the substitutions it may use. @default no substitution */
  readonly substituteFrom?: string;
}

export interface FluxSystemChartProps {
  readonly gitops: GitOpsSpec;
  /** k8s/clusters/<cluster>: the root Kustomization's path. */
  readonly clusterPath: string;
}

const SOURCE_REF = { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: k8sNames.gitRepository };

/** flux-system.yaml: the GitRepository and the root Kustomization `cluster`. */
export class FluxSystemChart extends Chart {
  constructor(scope: Construct, id: string, props: FluxSystemChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    new GitRepository(this, 'source', {
      metadata: { name: k8sNames.gitRepository, namespace: FLUX_NAMESPACE },
      spec: {
        interval: '1m',
        url: props.gitops.repositoryUrl,
        ref: { branch: props.gitops.branch },
        secretRef: { name: k8sNames.fluxGitSecret },
        verify: { mode: VERIFY_HEAD, secretRef: { name: k8sNames.fluxGitVerificationSecret } },
        ignore: '/*\n!/k8s/\n',
      },
    });
    new Kustomization(this, 'cluster', {
      metadata: { name: k8sNames.clusterKustomization, namespace: FLUX_NAMESPACE },
      spec: { interval: '10m', retryInterval: '1m', timeout: '5m', path: `./${props.clusterPath}`, prune: true, wait: false, sourceRef: SOURCE_REF },
    });
  }
}

/** One app's ks.yaml: the Flux Kustomizations of its units (main, and the config stage when it has one). */
export class AppKustomizationsChart extends Chart {
  constructor(scope: Construct, id: string, units: readonly FluxUnit[]) {
    super(scope, id, { disableResourceNameHashes: true });
    for (const unit of units) {
      new Kustomization(this, `app-${unit.name}`, {
        metadata: { name: unit.name, namespace: FLUX_NAMESPACE },
        spec: {
          interval: '10m',
          retryInterval: '1m',
          timeout: '10m',
          path: `./${unit.path}`,
          prune: true,
          // Explicit health checks (with wait: true Flux would ignore them and wait for everything).
          wait: false,
          healthChecks: unit.healthChecks.length > 0 ? unit.healthChecks.map((h) => ({ ...h })) : undefined,
          sourceRef: SOURCE_REF,
          serviceAccountName: unit.serviceAccountName,
          dependsOn: unit.dependsOn.length > 0 ? unit.dependsOn.map((name) => ({ name })) : undefined,
          postBuild:
            unit.substituteFrom === undefined
              ? undefined
              : { substituteFrom: [{ kind: KustomizationSpecPostBuildSubstituteFromKind.SECRET, name: unit.substituteFrom }] },
        },
      });
    }
  }
}
