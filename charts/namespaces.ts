/**
 * The namespaces of a cluster's apps (k8s/clusters/<cluster>/namespaces.yaml, applied by the root Kustomization before
 * any app): each with its Pod Security level and the NetworkPolicy baseline (default-deny, DNS, egress beyond the
 * cluster for all but database/cache pods). flux-system belongs to the Flux bootstrap and is left alone.
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { renderNamespaceBaseline } from './lib/network';
import type { PodSecurityLevel } from '../model/types';

export interface NamespaceSpec {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly sameNamespaceTraffic: boolean;
  /** Name labels of our own workloads kept out of same-namespace traffic (they take only the model's flows). @default none */
  readonly isolated?: readonly string[];
}

export interface NamespacesChartProps {
  readonly namespaces: readonly NamespaceSpec[];
}

const ORDER: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** The least strict of the levels (a namespace hosts several apps). */
export function loosest(levels: readonly PodSecurityLevel[]): PodSecurityLevel {
  return levels.reduce<PodSecurityLevel>((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), 'restricted');
}

export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, props: NamespacesChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    for (const ns of props.namespaces) {
      new kplus.k8s.KubeNamespace(this, `ns-${ns.name}`, {
        metadata: {
          name: ns.name,
          labels: { 'pod-security.kubernetes.io/enforce': ns.podSecurity, 'pod-security.kubernetes.io/warn': 'restricted' },
        },
      });
      renderNamespaceBaseline(this, { namespace: ns.name, sameNamespace: ns.sameNamespaceTraffic, isolated: ns.isolated });
    }
  }
}
