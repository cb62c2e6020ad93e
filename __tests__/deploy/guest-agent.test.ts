/** deploy-guest-agent: agent enabled ⇒ agent installed (VMs boot an apt-based image the hardening role can manage). */
import { guestAgent } from '../../deploy/rules/guest-agent';
import { deployProblems } from './helpers';
import { HOME, fixture, fixtureModel, withDownloadClient, withWorker } from '../fixtures/models';
import { formatProblem } from '../../model/errors';
import { inventory } from '../../synth/ansible';
import { resolveModel } from '../../model/resolved';

const rule = 'deploy-guest-agent';
/** VMs (control plane, worker) and LXCs (tunnel, proxy, download client) side by side. */
const variants = [withWorker, withDownloadClient];

describe(`deploy rule '${rule}'`, () => {
  it('compliant: every fixture VM boots the Debian cloud image and the inventory asks hardening to install the agent', () => {
    expect(guestAgent.id).toBe(rule);
    const model = fixtureModel(...variants);
    expect(deployProblems(guestAgent, model)).toEqual([]);
    const hostvars = inventory(resolveModel(model)).children![HOME].hosts!;
    expect(new Set(model.guests.map((g) => g.kind))).toEqual(new Set(['vm', 'lxc']));
    for (const g of model.guests)
      expect({ guest: g.name, agent: hostvars[g.name]!.homelab_qemu_guest_agent }).toEqual({ guest: g.name, agent: g.kind === 'vm' });
  });

  it('non-compliant: shutdowns wait for the timeout when a VM boots an image the hardening role cannot install the agent on', () => {
    const m = fixture(...variants);
    m.images.find((i) => i.kind === 'cloud-image')!.url =
      'https://download.fedoraproject.org/pub/fedora/linux/releases/41/Cloud/x86_64/images/Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2';
    const found = deployProblems(guestAgent, m).map(formatProblem);
    expect(found).toContainEqual(
      expect.stringMatching(
        /^\[guests\/kube-master-01\] is a VM with the QEMU guest agent enabled, but its image debian-12-cloud .* — rule: deploy-guest-agent — fix: /,
      ),
    );
    expect(found).toHaveLength(m.guests.filter((g) => g.kind === 'vm').length);
  });
});
