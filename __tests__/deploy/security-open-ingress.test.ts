import { homelab } from '../../homelab';
import { SECURITY_OPEN_INGRESS } from '../../deploy/rules/security-open-ingress';
import { deployProblems } from './helpers';
import { mutated } from '../helpers/model';

describe("deploy rule 'deploy-security-open-ingress'", () => {
  it('compliant: the seed bastion (SSH from the admin CIDRs, WireGuard open with its reason)', () => {
    expect(deployProblems(SECURITY_OPEN_INGRESS, homelab)).toEqual([]);
  });

  it('non-compliant: SSH open to 0.0.0.0/0 is rejected, naming the instance and the fix', () => {
    const model = mutated((m) => {
      m.cloudInstances[0].inbound = [];
      m.cloudInstances[0].openInbound = [{ service: 'ssh', reason: 'so that I can log in from the hotel wifi' }];
    });
    expect(deployProblems(SECURITY_OPEN_INGRESS, model)).toEqual([
      expect.objectContaining({
        entity: 'cloudInstances/bastion-01',
        rule: 'deploy-security-open-ingress',
        message: 'opens ssh to every address (0.0.0.0/0)',
        fix: expect.stringMatching(/move ssh to inbound \(admin CIDRs only\)/),
      }),
    ]);
  });

  it('non-compliant: WireGuard open without a reason, or listed twice', () => {
    const model = mutated((m) => {
      m.cloudInstances[0].inbound = ['ssh', 'wireguard'];
      m.cloudInstances[0].openInbound = [{ service: 'wireguard', reason: '' }];
    });
    expect(deployProblems(SECURITY_OPEN_INGRESS, model).map((p) => p.message)).toEqual([
      'opens wireguard to every address without a reason',
      'lists wireguard both in inbound (admin CIDRs) and in openInbound (anywhere)',
    ]);
  });

  it('non-compliant: an inbound flow from the internet', () => {
    const model = mutated((m) => {
      m.flows.push({ from: 'internet', to: m.networks[0].name, services: ['https'], description: 'port forward' } as never);
    });
    expect(deployProblems(SECURITY_OPEN_INGRESS, model).map((p) => [p.entity, p.message])).toEqual([
      [`flows[${model.flows.length - 1}]`, 'is an inbound flow from the internet'],
    ]);
  });
});
