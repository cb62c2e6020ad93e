/**
 * Which vault keys belong to which network: the shared view of the address plan for `task secrets:check` and the
 * generated example vault. Key names come from model/secrets.ts only.
 */
import type { Homelab } from '../model/types';
import { secretNames } from '../model/secrets';
import { liveMediaPool } from '../model/lookup';

/** An address key and the network whose CIDR must contain it. */
export interface AddressOnNetwork {
  readonly key: string;
  readonly network: string;
  /** Entity path for messages, e.g. `guests/k8s-master-01`. */
  readonly entity: string;
  /** Gateways may share nothing; guests and hosts must not take the gateway. */
  readonly kind: 'gateway' | 'host' | 'guest' | 'service';
}

/** The network a storage pool is reached over (defaults to its host's management network). */
export function storageNetwork(model: Homelab, storage: Homelab['storage'][number]): string | undefined {
  return storage.network ?? model.hosts.find((h) => h.name === storage.host)?.networks[0];
}

/** Every on-prem address key with its network, in a stable order: gateways, hosts, guests, services. */
export function addressesOnNetworks(model: Homelab): readonly AddressOnNetwork[] {
  const out: AddressOnNetwork[] = [];
  for (const net of model.networks) out.push({ key: secretNames.gateway(net.name), network: net.name, entity: `networks/${net.name}`, kind: 'gateway' });
  for (const host of model.hosts) {
    const mgmt = host.networks.at(0);
    if (mgmt !== undefined) out.push({ key: secretNames.hostAddress(host.name), network: mgmt, entity: `hosts/${host.name}`, kind: 'host' });
    for (const net of host.networks.slice(1))
      out.push({ key: secretNames.hostNetworkAddress(host.name, net), network: net, entity: `hosts/${host.name}`, kind: 'host' });
  }
  for (const guest of model.guests) {
    for (const net of guest.networks) out.push({ key: secretNames.guestAddress(guest.name, net), network: net, entity: `guests/${guest.name}`, kind: 'guest' });
  }
  const media = liveMediaPool(model);
  const mediaNet = media ? storageNetwork(model, media) : undefined;
  if (media && mediaNet) out.push({ key: secretNames.mediaNfsServer, network: mediaNet, entity: `storage/${media.name}`, kind: 'service' });
  return out;
}

/**
 * While the live media share is exported by a host of the model: that host's own address key on the share's network
 * (media_nfs_server must hold the same address — any other answers no NFS). Undefined for an outside server.
 */
export function mediaServerOwnAddress(
  model: Homelab,
): { readonly key: string; readonly host: string; readonly network: string; readonly pool: string } | undefined {
  const media = liveMediaPool(model);
  if (media === undefined) return undefined;
  const network = storageNetwork(model, media);
  const own = addressesOnNetworks(model).find((a) => a.kind === 'host' && a.entity === `hosts/${media.host}` && a.network === network);
  return own === undefined || network === undefined ? undefined : { key: own.key, host: media.host, network, pool: media.name };
}
