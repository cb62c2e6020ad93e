/**
 * A third-party platform part installed by Flux's helm-controller: its HelmRepository and a HelmRelease with a pinned
 * chart version and typed values (`V` is the typed subset of the chart's values we set).
 */
import { fail } from '../../model/errors';
import { Construct } from 'constructs';
import {
  HelmRelease,
  HelmReleaseSpecChartSpecSourceRefKind,
  HelmReleaseSpecInstallCrds,
  HelmReleaseSpecUpgradeCrds,
} from '../../.gen/imports/helm.toolkit.fluxcd.io';
import { HelmRepository } from '../../.gen/imports/source.toolkit.fluxcd.io';
import type { AppSpec } from '../../model/types';
import { k8sNames } from '../../naming/names';

/** Requests and limits as chart values spell them. */
export interface KubeResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export function resources(cpuRequest: string, memoryRequest: string, cpuLimit: string, memoryLimit: string): KubeResources {
  return { requests: { cpu: cpuRequest, memory: memoryRequest }, limits: { cpu: cpuLimit, memory: memoryLimit } };
}

export interface HelmAppProps<V extends object> {
  /** The app; it must carry `chart` (repository, name, pinned version). */
  readonly app: AppSpec;
  readonly values: V;
}

export class HelmApp<V extends object> extends Construct {
  readonly release: HelmRelease;

  constructor(scope: Construct, id: string, props: HelmAppProps<V>) {
    super(scope, id);
    const { app } = props;
    if (app.chart === undefined)
      fail(
        `apps/${app.name}`,
        'deploy-app-chart-needs',
        'its chart builds from chart, which the app does not set',
        'set chart (repository, name, version) on the app',
      );
    new HelmRepository(this, 'repository', {
      metadata: { name: k8sNames.helmRepository(app.name), namespace: app.namespace },
      spec: { url: app.chart.repository, interval: '12h' },
    });
    this.release = new HelmRelease(this, 'release', {
      metadata: { name: k8sNames.helmRelease(app.name), namespace: app.namespace },
      spec: {
        interval: '30m',
        timeout: '10m',
        chart: {
          spec: {
            chart: app.chart.name,
            version: app.chart.version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: k8sNames.helmRepository(app.name), namespace: app.namespace },
            interval: '12h',
          },
        },
        install: { crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE, remediation: { retries: 3 } },
        upgrade: { crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE, cleanupOnFail: true, remediation: { retries: 3 } },
        values: props.values,
      },
    });
  }
}
