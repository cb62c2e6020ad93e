/**
 * The Flux entry point of a cluster (k8s/clusters/<cluster>/): the GitRepository of this repository and one Flux
 * Kustomization per app with its dependsOn, health checks and the `cluster-secrets` substitution.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { GitRepository } from '../.gen/imports/source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind, KustomizationSpecPostBuildSubstituteFromKind } from '../.gen/imports/kustomize.toolkit.fluxcd.io';
import type { AppSpec, GitOpsSpec } from '../model/types';
import { k8sNames } from '../naming/names';
import { appPath } from './layout';

export const FLUX_NAMESPACE = 'flux-system';

export interface FluxSystemChartProps {
  readonly gitops: GitOpsSpec;
  /** Apps that have manifests under k8s/apps/, each becomes a Flux Kustomization. */
  readonly apps: readonly AppSpec[];
}

export class FluxSystemChart extends Chart {
  constructor(scope: Construct, id: string, props: FluxSystemChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    new GitRepository(this, 'source', {
      metadata: { name: k8sNames.gitRepository, namespace: FLUX_NAMESPACE },
      spec: {
        interval: '1m',
        url: props.gitops.repositoryUrl,
        ref: { branch: props.gitops.branch },
        secretRef: { name: 'flux-git-deploy-key' },
        ignore: '/*\n!/k8s/\n',
      },
    });
    const present = new Set(props.apps.map((a) => a.name));
    for (const app of props.apps) {
      new Kustomization(this, `app-${app.name}`, {
        metadata: { name: k8sNames.fluxKustomization(app.name), namespace: FLUX_NAMESPACE },
        spec: {
          interval: '10m',
          retryInterval: '1m',
          timeout: '5m',
          path: `./${appPath(app)}`,
          prune: true,
          wait: true,
          sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: k8sNames.gitRepository },
          dependsOn: (app.dependsOn ?? []).filter((d) => present.has(d)).map((name) => ({ name: k8sNames.fluxKustomization(name) })),
          postBuild: { substituteFrom: [{ kind: KustomizationSpecPostBuildSubstituteFromKind.SECRET, name: k8sNames.clusterSecrets }] },
        },
      });
    }
  }
}
