/** Well-known ports of the firewall services (ServiceName is a closed set, so this table is total). */
import type { ServiceName } from './types';

export type Protocol = 'tcp' | 'udp' | 'icmp';

/** One protocol/port pair of a service; no port means the whole protocol (icmp). */
export interface ServicePort {
  readonly proto: Protocol;
  /** Port or range `a:b`. @default none (every port of the protocol) */
  readonly port?: string;
}

export const SERVICE_PORTS: Readonly<Record<Exclude<ServiceName, 'any'>, readonly ServicePort[]>> = {
  ssh: [{ proto: 'tcp', port: '22' }],
  http: [{ proto: 'tcp', port: '80' }],
  https: [{ proto: 'tcp', port: '443' }],
  dns: [{ proto: 'udp', port: '53' }, { proto: 'tcp', port: '53' }],
  'proxmox-ui': [{ proto: 'tcp', port: '8006' }],
  nfs: [{ proto: 'tcp', port: '2049' }],
  iscsi: [{ proto: 'tcp', port: '3260' }],
  'k8s-api': [{ proto: 'tcp', port: '6443' }],
  kubelet: [{ proto: 'tcp', port: '10250' }],
  'flannel-vxlan': [{ proto: 'udp', port: '8472' }],
  metrics: [{ proto: 'tcp', port: '9100' }],
  icmp: [{ proto: 'icmp' }],
};

/** The protocol/port pairs of a service; `any` is every protocol (an empty list of constraints). */
export function servicePorts(service: ServiceName): readonly ServicePort[] {
  return service === 'any' ? [] : SERVICE_PORTS[service];
}
