/** Well-known ports of the closed set of flow-matrix services (host firewalls and docs read them from here). */
import type { ServiceName } from './types';

export type Protocol = 'tcp' | 'udp' | 'icmp' | 'any';

export interface ServicePort {
  readonly protocol: Protocol;
  /** Port numbers; empty for icmp and any. */
  readonly ports: readonly number[];
}

export const SERVICE_PORTS: Readonly<Record<ServiceName, readonly ServicePort[]>> = {
  ssh: [{ protocol: 'tcp', ports: [22] }],
  http: [{ protocol: 'tcp', ports: [80] }],
  https: [{ protocol: 'tcp', ports: [443] }],
  dns: [{ protocol: 'udp', ports: [53] }, { protocol: 'tcp', ports: [53] }],
  'proxmox-ui': [{ protocol: 'tcp', ports: [8006] }],
  nfs: [{ protocol: 'tcp', ports: [111, 2049] }, { protocol: 'udp', ports: [111, 2049] }],
  iscsi: [{ protocol: 'tcp', ports: [3260] }],
  'k8s-api': [{ protocol: 'tcp', ports: [6443] }],
  kubelet: [{ protocol: 'tcp', ports: [10250] }],
  'flannel-vxlan': [{ protocol: 'udp', ports: [8472] }],
  metrics: [{ protocol: 'tcp', ports: [9100] }],
  icmp: [{ protocol: 'icmp', ports: [] }],
  any: [{ protocol: 'any', ports: [] }],
};
