/**
 * Egress from the arr apps' pods to the download client guest (decision 0003): its address is on a private network
 * that `allow-external-egress` leaves out, and it is a secret, so this policy lives in the app's unit (Flux substitutes
 * `${ADDRESS_<guest>_<network>}`). Only the download client's http port, and only on a network a model flow from the
 * cluster's node network carries http into.
 */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { clusterNodeNetwork, isGuestActive } from '../../model/lookup';
import { arrApps, secretNames } from '../../model/secrets';
import { servicePorts } from '../../model/services';
import type { AppSpec, Homelab, KubernetesClusterSpec } from '../../model/types';
import { k8sNames } from '../../naming/names';
import type { AppModule } from '../module';

export function downloadClientEgress(scope: Construct, model: Homelab, cluster: KubernetesClusterSpec, spec: AppSpec, module: AppModule, subst: (secret: string) => string): void {
  if (!arrApps(model).some((a) => a.name === spec.name)) return;
  const nodeNetwork = clusterNodeNetwork(model, cluster.name);
  if (nodeNetwork === undefined) return;
  const carriesHttp = (to: string): boolean => model.flows.some((f) => f.from === nodeNetwork && f.to === to && (f.services.includes('http') || f.services.includes('any')));
  const peers = model.guests
    .filter((g) => g.role === 'media-downloads' && isGuestActive(model, g))
    .flatMap((g) => g.networks.filter(carriesHttp).slice(0, 1).map((net) => ({ ipBlock: { cidr: `${subst(secretNames.guestAddress(g.name, net))}/32` } })));
  // No reachable download client: the endpoint-producer deploy rule reports the missing flow; nothing to open here.
  if (peers.length === 0) return;
  new kplus.k8s.KubeNetworkPolicy(scope, `policy-${spec.name}-download-client`, {
    metadata: { name: k8sNames.downloadClientEgressPolicy(spec.name), namespace: spec.namespace },
    spec: {
      podSelector: { matchLabels: { ...module.pods(spec) } },
      policyTypes: ['Egress'],
      egress: [{
        to: peers,
        ports: servicePorts('http').filter((p) => p.port !== undefined).map((p) => ({ protocol: p.proto.toUpperCase(), port: kplus.k8s.IntOrString.fromNumber(Number(p.port)) })),
      }],
    },
  });
}
