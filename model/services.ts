/** Well-known ports of the closed set of flow-matrix services (host firewalls and docs read them from here). */
import type { ServiceName } from './types';

export type FlowProtocol = 'tcp' | 'udp' | 'icmp' | 'any';

/** The ports of one protocol a service uses. */
export interface PortSet {
  readonly protocol: FlowProtocol;
  /** Port numbers; empty for icmp and any. */
  readonly ports: readonly number[];
}

export const SERVICE_PORTS: Readonly<Record<ServiceName, readonly PortSet[]>> = {
  ssh: [{ protocol: 'tcp', ports: [22] }],
  http: [{ protocol: 'tcp', ports: [80] }],
  https: [{ protocol: 'tcp', ports: [443] }],
  dns: [
    { protocol: 'udp', ports: [53] },
    { protocol: 'tcp', ports: [53] },
  ],
  'proxmox-ui': [{ protocol: 'tcp', ports: [8006] }],
  nfs: [
    { protocol: 'tcp', ports: [111, 2049] },
    { protocol: 'udp', ports: [111, 2049] },
  ],
  iscsi: [{ protocol: 'tcp', ports: [3260] }],
  'k8s-api': [{ protocol: 'tcp', ports: [6443] }],
  kubelet: [{ protocol: 'tcp', ports: [10250] }],
  'flannel-vxlan': [{ protocol: 'udp', ports: [8472] }],
  metrics: [{ protocol: 'tcp', ports: [9100] }],
  icmp: [{ protocol: 'icmp', ports: [] }],
  wireguard: [{ protocol: 'udp', ports: [51820] }],
  // The proxy outpost's plain-http listener (it also serves 9443 with a self-signed certificate, unused here).
  'authentik-outpost': [{ protocol: 'tcp', ports: [9000] }],
  any: [{ protocol: 'any', ports: [] }],
};

/** A protocol a single firewall rule can name (`any` is expressed as no rule constraint at all). */
export type Protocol = Exclude<FlowProtocol, 'any'>;

/** One protocol/port pair of a service, as firewall rules take it; no port means the whole protocol (icmp). */
export interface ServicePort {
  readonly proto: Protocol;
  /** One port number, as text. @default none (every port of the protocol) */
  readonly port?: string;
}

/** The rules a service needs, one per protocol and port; `any` gives none (an unconstrained rule). */
export function servicePorts(service: ServiceName): readonly ServicePort[] {
  return SERVICE_PORTS[service].flatMap((set): ServicePort[] => {
    if (set.protocol === 'any') return [];
    if (set.protocol === 'icmp') return [{ proto: 'icmp' }];
    const proto = set.protocol;
    return set.ports.map((port) => ({ proto, port: String(port) }));
  });
}

/**
 * Any IPv4 source. Ingress from it is allowed only for a cloud instance's `openInbound` services, each with its reason
 * (rule deploy-security-open-ingress); the tunnel needs no inbound port at all.
 */
export const ANY_IPV4 = '0.0.0.0/0';
