/** deploy-guest-agent: agent enabled ⇒ agent installed (VMs boot an apt-based image the hardening role can manage). */
import { guestAgent } from '../../deploy/rules/guest-agent';
import { deployProblems } from './helpers';
import { homelab } from '../../homelab';
import { mutated } from '../helpers/model';
import { formatProblem } from '../../model/errors';
import { inventory } from '../../synth/ansible';
import { resolveModel } from '../../model/resolved';

const rule = 'deploy-guest-agent';

describe(`deploy rule '${rule}'`, () => {
  it('compliant: every seed VM boots the Ubuntu cloud image and the inventory asks hardening to install the agent', () => {
    expect(guestAgent.id).toBe(rule);
    expect(deployProblems(guestAgent, homelab)).toEqual([]);
    const hostvars = inventory(resolveModel(homelab)).children!.asgard.hosts!;
    for (const g of homelab.guests)
      expect({ guest: g.name, agent: hostvars[g.name]!.homelab_qemu_guest_agent }).toEqual({ guest: g.name, agent: g.kind === 'vm' });
  });

  it('non-compliant: shutdowns wait for the timeout when a VM boots an image the hardening role cannot install the agent on', () => {
    const m = mutated((x) => {
      x.images[0].url = 'https://download.fedoraproject.org/pub/fedora/linux/releases/41/Cloud/x86_64/images/Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2';
    });
    const found = deployProblems(guestAgent, m).map(formatProblem);
    expect(found).toContainEqual(
      expect.stringMatching(
        /^\[guests\/k8s-master-01\] is a VM with the QEMU guest agent enabled, but its image ubuntu-2404-cloudimg .* — rule: deploy-guest-agent — fix: /,
      ),
    );
    expect(found).toHaveLength(homelab.guests.filter((g) => g.kind === 'vm').length);
  });
});
