/**
 * The download client guest as the arr apps' pods reach it (decision 0003): its address is on a private network that
 * `allow-external-egress` leaves out, and it is a secret, so the policy lives in the app's unit (Flux substitutes
 * `${ADDRESS_<guest>_<network>}`). Only the download client's http port, and only on a network a model flow from the
 * cluster's node network carries http into.
 */
import { clusterNodeNetwork, isGuestActive } from '../../model/lookup';
import { arrApps, secretNames } from '../../model/secrets';
import type { AppSpec, Homelab, KubernetesClusterSpec } from '../../model/types';

/** The download client addresses (`${ADDRESS_…}/32`) an app that hands it work may reach; none for other apps. */
export function downloadClientAddresses(model: Homelab, cluster: KubernetesClusterSpec, spec: AppSpec, subst: (secret: string) => string): string[] {
  if (!arrApps(model).some((a) => a.name === spec.name)) return [];
  const nodeNetwork = clusterNodeNetwork(model, cluster.name);
  if (nodeNetwork === undefined) return [];
  const carriesHttp = (to: string): boolean =>
    model.flows.some((f) => f.from === nodeNetwork && f.to === to && (f.services.includes('http') || f.services.includes('any')));
  // No reachable download client: the endpoint-producer deploy rule reports the missing flow; nothing to open here.
  return model.guests
    .filter((g) => g.role === 'media-downloads' && isGuestActive(model, g))
    .flatMap((g) =>
      g.networks
        .filter(carriesHttp)
        .slice(0, 1)
        .map((net) => `${subst(secretNames.guestAddress(g.name, net))}/32`),
    );
}
