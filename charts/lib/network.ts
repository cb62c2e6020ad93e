/**
 * NetworkPolicies. Every namespace we own starts at default-deny (ingress and egress) with DNS allowed; the allows are
 * the traffic the model implies (routes, metrics scraping, dependsOn, forward-auth), rendered on both ends: an ingress
 * rule at the receiving pods and an egress rule at the sending pods.
 */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ServicePort } from '../../model/services';
import { k8sNames } from '../../naming/names';
import { COMPONENT_LABEL, INTERNAL_COMPONENTS, NAME_LABEL, type Labels } from './labels';

const k8s = kplus.k8s;

/** Pods of an app (or of one of its components) in their namespace. */
export interface PodPeer {
  readonly app: string;
  readonly namespace: string;
  readonly labels: Labels;
}

/** One allowed connection. `from: 'outside'` is traffic from beyond the cluster (the LAN and the tunnel). */
export interface Traffic {
  readonly from: PodPeer | 'outside';
  readonly to: PodPeer;
  readonly port: number;
  readonly why: string;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const ANYWHERE = '0.0.0.0/0';

/**
 * Address ranges that are never "the internet": private networks (RFC 1918), shared address space (RFC 6598, carrier
 * NAT and Tailscale-style overlays), link-local (RFC 3927, cloud metadata), loopback and this-network. Public
 * constants, not addresses of this homelab. Pods reach the home LAN only through a policy a model flow allows.
 */
export const NON_INTERNET_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '127.0.0.0/8',
  '0.0.0.0/8',
];

function peerSelector(p: PodPeer, from: string): kplus.k8s.NetworkPolicyPeer {
  return p.namespace === from
    ? { podSelector: { matchLabels: { ...p.labels } } }
    : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace } }, podSelector: { matchLabels: { ...p.labels } } };
}

function tcp(port: number): kplus.k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

function key(labels: Labels): string {
  return Object.entries(labels)
    .sort()
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Renders the part of `traffic` that concerns the pods of `app`: ingress to them, egress from them. */
export function renderAppTraffic(scope: Construct, app: string, traffic: readonly Traffic[]): void {
  const groups = new Map<string, { peer: PodPeer; ingress: Traffic[]; egress: Traffic[] }>();
  const group = (peer: PodPeer) => {
    const k = key(peer.labels);
    let g = groups.get(k);
    if (g === undefined) {
      g = { peer, ingress: [], egress: [] };
      groups.set(k, g);
    }
    return g;
  };
  for (const t of traffic) {
    if (t.to.app === app) group(t.to).ingress.push(t);
    if (t.from !== 'outside' && t.from.app === app) group(t.from).egress.push(t);
  }
  for (const { peer, ingress, egress } of groups.values()) {
    const appName = peer.labels[NAME_LABEL];
    const component = Object.hasOwn(peer.labels, COMPONENT_LABEL) ? peer.labels[COMPONENT_LABEL] : undefined;
    const name = k8sNames.appPolicy(component !== undefined && !appName.includes(component) ? `${appName}-${component}` : appName);
    const policyTypes = [...(ingress.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])];
    new k8s.KubeNetworkPolicy(scope, `policy-${name}`, {
      metadata: { name, namespace: peer.namespace },
      spec: {
        podSelector: { matchLabels: { ...peer.labels } },
        policyTypes,
        ingress:
          ingress.length > 0
            ? ingress.map((t) => ({
                from: t.from === 'outside' ? [{ ipBlock: { cidr: ANYWHERE } }] : [peerSelector(t.from, peer.namespace)],
                ports: [tcp(t.port)],
              }))
            : undefined,
        egress: egress.length > 0 ? egress.map((t) => ({ to: [peerSelector(t.to, peer.namespace)], ports: [tcp(t.port)] })) : undefined,
      },
    });
  }
}

export interface NamespaceBaselineProps {
  readonly namespace: string;
  /** Allow all traffic between the namespace's pods (Helm charts whose internals we do not model). @default false */
  readonly sameNamespace?: boolean;
  /** Name labels of pods left out of that same-namespace traffic. @default none */
  readonly isolated?: readonly string[];
}

/** default-deny, DNS to kube-dns, egress to the internet for all but database/cache pods, optional same-namespace. */
export function renderNamespaceBaseline(scope: Construct, props: NamespaceBaselineProps): void {
  const ns = props.namespace;
  new k8s.KubeNetworkPolicy(scope, `${ns}-default-deny`, {
    metadata: { name: k8sNames.defaultDenyPolicy, namespace: ns },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  new k8s.KubeNetworkPolicy(scope, `${ns}-dns`, {
    metadata: { name: k8sNames.dnsEgressPolicy, namespace: ns },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)],
        },
      ],
    },
  });
  new k8s.KubeNetworkPolicy(scope, `${ns}-external`, {
    metadata: { name: k8sNames.externalEgressPolicy, namespace: ns },
    spec: {
      podSelector: { matchExpressions: [{ key: COMPONENT_LABEL, operator: 'NotIn', values: [...INTERNAL_COMPONENTS] }] },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: ANYWHERE, except: [...NON_INTERNET_RANGES] } }] }],
    },
  });
  if (props.sameNamespace === true) {
    const isolated = [...(props.isolated ?? [])].sort();
    const members: kplus.k8s.LabelSelector = isolated.length === 0 ? {} : { matchExpressions: [{ key: NAME_LABEL, operator: 'NotIn', values: isolated }] };
    new k8s.KubeNetworkPolicy(scope, `${ns}-same`, {
      metadata: { name: k8sNames.namespaceInternalPolicy, namespace: ns },
      spec: {
        podSelector: members,
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: members }] }],
        egress: [{ to: [{ podSelector: members }] }],
      },
    });
  }
}

/** Egress from some pods to addresses outside the cluster (CIDRs: Flux substitutions, the addresses are secrets). */
export interface AddressEgressProps {
  readonly name: string;
  /** @default the chart's */
  readonly namespace?: string;
  readonly podSelector: kplus.k8s.LabelSelector;
  readonly cidrs: readonly string[];
  /** The ports of the services allowed there (model/services.ts); portless entries (icmp, any) are left out. */
  readonly ports: readonly ServicePort[];
}

export function renderAddressEgress(scope: Construct, id: string, props: AddressEgressProps): void {
  new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: props.name, namespace: props.namespace },
    spec: {
      podSelector: props.podSelector,
      policyTypes: ['Egress'],
      egress: [
        {
          to: props.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: props.ports
            .filter((p) => p.port !== undefined)
            .map((p) => ({ protocol: p.proto.toUpperCase(), port: k8s.IntOrString.fromNumber(Number(p.port)) })),
        },
      ],
    },
  });
}
