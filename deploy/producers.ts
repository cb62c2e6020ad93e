/**
 * What this repository runs on each guest role, service by service: the play, role or chart that makes the port the
 * model's `serves` opens actually answer. Deploy rules read it to find ports opened for nothing and endpoints that a
 * layer calls but nobody serves. ssh (hardening keeps sshd) and icmp (the kernel) are served everywhere.
 */
import type { GuestRole, ServiceName } from '../model/types';

export interface Producer {
  readonly service: ServiceName;
  /** The playbook and role (or Flux chart) that makes the service answer. */
  readonly by: string;
}

const EVERYWHERE: readonly Producer[] = [
  { service: 'ssh', by: 'hardening.yml (role hardening keeps sshd, keys only)' },
  { service: 'icmp', by: 'the kernel' },
];

const NODE: readonly Producer[] = [
  { service: 'kubelet', by: 'k3s.yml (role k3s)' },
  { service: 'flannel-vxlan', by: 'k3s.yml (role k3s, flannel)' },
  { service: 'metrics', by: 'Flux: kube-prometheus-stack node exporter (charts/apps/prometheus.ts)' },
  { service: 'http', by: 'Flux: Traefik on k3s ServiceLB (charts/apps/traefik.ts)' },
  { service: 'https', by: 'Flux: Traefik on k3s ServiceLB (charts/apps/traefik.ts)' },
];

export const ROLE_PRODUCERS: Readonly<Record<GuestRole, readonly Producer[]>> = {
  'k8s-control-plane': [...EVERYWHERE, ...NODE, { service: 'k8s-api', by: 'k3s.yml (role k3s, server)' }],
  'k8s-worker': [...EVERYWHERE, ...NODE],
  'identity-outpost': [...EVERYWHERE, { service: 'authentik-outpost', by: 'authentik-outpost.yml (role authentik_outpost)' }],
  'gpu-workbench': EVERYWHERE,
  'media-downloads': [...EVERYWHERE, { service: 'http', by: 'media-downloads.yml (role download_client)' }],
  tunnel: EVERYWHERE,
  'reverse-proxy': [
    ...EVERYWHERE,
    { service: 'http', by: 'lxc-services.yml (role nginx_proxy_manager)' },
    { service: 'https', by: 'lxc-services.yml (role nginx_proxy_manager)' },
  ],
  dns: [...EVERYWHERE, { service: 'dns', by: 'lxc-services.yml (role adguard_home)' }],
  'vpn-gateway': EVERYWHERE,
  service: EVERYWHERE,
};

/** The producer of `service` on a guest of `role`, if this repository runs one. */
export function producerOf(role: GuestRole, service: ServiceName): Producer | undefined {
  return ROLE_PRODUCERS[role].find((p) => p.service === service);
}
