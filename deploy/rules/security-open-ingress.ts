/**
 * deploy-security-open-ingress: nothing is open to 0.0.0.0/0. Public traffic arrives through the outbound Cloudflare
 * tunnel (no inbound port at all); a cloud instance's `openInbound` service is the one exception, and only for a
 * service that answers no unauthenticated packet, with its reason — the same rule the OCI security list and the
 * bastion's nftables both render (constructs/oci-bastion.ts, synth/ansible.ts).
 */
import type { DeployRule } from '../rule';
import type { ServiceName } from '../../model/types';
import { at } from '../../model/rules/rule';

const ID = 'deploy-security-open-ingress';

/**
 * Services that stay silent to anyone without the right key: WireGuard drops every packet whose MAC1 is not keyed with
 * the responder's public key, so an open port is neither discoverable nor attackable without that key.
 */
export const SILENT_SERVICES: readonly ServiceName[] = ['wireguard'];

export const SECURITY_OPEN_INGRESS: DeployRule = {
  id: ID,
  description:
    'No ingress from 0.0.0.0/0 except a cloud instance service that answers no unauthenticated packet (WireGuard), with its reason; the tunnel needs no inbound port.',
  check(model, _index, problems) {
    for (const instance of model.cloudInstances) {
      const entity = at.cloudInstance(instance.name);
      for (const open of instance.openInbound ?? []) {
        if (!SILENT_SERVICES.includes(open.service)) {
          problems.report(
            entity,
            ID,
            `opens ${open.service} to every address (0.0.0.0/0)`,
            `move ${open.service} to inbound (admin CIDRs only); only ${SILENT_SERVICES.join(', ')} may be open to any source`,
          );
        } else if (open.reason.trim().length < 20) {
          problems.report(
            entity,
            ID,
            `opens ${open.service} to every address without a reason`,
            'say in openInbound[].reason why the open port is safe (what answers an unauthenticated packet)',
          );
        }
        if (instance.inbound.includes(open.service)) {
          problems.report(entity, ID, `lists ${open.service} both in inbound (admin CIDRs) and in openInbound (anywhere)`, 'keep it in one of them');
        }
      }
    }
    model.flows.forEach((f, i) => {
      if (f.from === 'internet')
        problems.report(at.flow(i), ID, 'is an inbound flow from the internet', 'publish the service through the Cloudflare tunnel (outbound only) instead');
    });
  },
};
