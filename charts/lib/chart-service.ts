/**
 * A Service of ours in front of pods a Helm chart runs: routes and ServiceMonitors then point at names we own, which
 * the manifest checks can see (the chart's own Services exist only after helm-controller renders it).
 */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { AppSpec } from '../../model/types';
import { k8sNames } from '../../naming/names';
import { METRICS_LABEL, NAME_LABEL, type Labels } from './labels';

export interface ChartServiceProps {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Labels;
  readonly port: number;
  /** @default 'http' */
  readonly portName?: string;
  /** Marks it as the metrics Service of this app. @default none */
  readonly metricsOf?: string;
}

export function chartService(scope: Construct, props: ChartServiceProps): void {
  const labels: Record<string, string> = { [NAME_LABEL]: props.name };
  if (props.metricsOf !== undefined) labels[METRICS_LABEL] = props.metricsOf;
  new kplus.k8s.KubeService(scope, `service-${props.name}`, {
    metadata: { name: props.name, namespace: props.namespace, labels },
    spec: {
      type: 'ClusterIP',
      selector: { ...props.selector },
      ports: [{ name: props.portName ?? 'http', port: props.port, targetPort: kplus.k8s.IntOrString.fromNumber(props.port), protocol: 'TCP' }],
    },
  });
}

/** A Secret whose values are Flux substitutions (`${NAME}`), filled from `cluster-secrets` when Flux applies it. */
export function substitutedSecret(scope: Construct, name: string, namespace: string, data: Readonly<Record<string, string>>): kplus.ISecret {
  new kplus.k8s.KubeSecret(scope, `secret-${name}`, { metadata: { name, namespace }, type: 'Opaque', stringData: { ...data } });
  return kplus.Secret.fromSecretName(scope, `secret-ref-${name}`, name);
}

/** The Service carrying the metrics port of a chart-installed app, labelled for its ServiceMonitor. */
export function chartMetricsService(scope: Construct, spec: AppSpec, selector: Labels): void {
  if (spec.metrics)
    chartService(scope, {
      name: k8sNames.metricsService(spec.name),
      namespace: spec.namespace,
      selector,
      port: spec.metrics.port,
      portName: 'metrics',
      metricsOf: spec.name,
    });
}
