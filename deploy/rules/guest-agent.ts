/**
 * Agent enabled ⇒ agent installed. Proxmox creates every VM with the QEMU guest agent enabled (constructs/proxmox-vm.ts);
 * without the agent running inside, shutdowns and backups wait for their timeout. The hardening role installs
 * `qemu-guest-agent` with apt on every active VM the inventory marks (homelab_qemu_guest_agent), so such a VM must be
 * managed by the configuration layer and boot an apt-based (Debian/Ubuntu) cloud image.
 */
import type { DeployRule } from '../rule';
import { at } from '../../model/rules/rule';
import { guestAgentEnabled } from '../../model/derive';

const ID = 'deploy-guest-agent';
/** Cloud images whose package manager the hardening role drives (apt). */
const APT_IMAGE = /(^|[/_.-])(debian|ubuntu)[/_.-]/i;

export const guestAgent: DeployRule = {
  id: ID,
  description: 'Every VM created with the QEMU guest agent enabled gets the agent installed and started by the hardening role (an apt-based cloud image).',
  check(model, index, problems) {
    for (const g of model.guests) {
      if (!guestAgentEnabled(g)) continue;
      const image = index.images.get(g.image);
      if (image === undefined) continue;
      if (image.kind !== 'cloud-image' || !APT_IMAGE.test(image.url)) {
        problems.report(
          at.guest(g.name),
          ID,
          `is a VM with the QEMU guest agent enabled, but its image ${image.name} (${image.url}) is not a Debian/Ubuntu cloud image, so the hardening role cannot install qemu-guest-agent and Proxmox shutdowns wait for their timeout`,
          `boot ${g.name} from a Debian or Ubuntu cloud image, or bake qemu-guest-agent into ${image.name} and teach the hardening role its package manager`,
        );
      }
    }
  },
};
