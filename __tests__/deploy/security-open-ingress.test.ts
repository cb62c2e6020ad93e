import { SECURITY_OPEN_INGRESS } from '../../deploy/rules/security-open-ingress';
import { deployProblems } from './helpers';
import { fixture, fixtureModel, withOciBastion } from '../fixtures/models';

/** The fixture's OCI bastion (`bastion-01`, SSH from the admin CIDRs) with WireGuard open to any source, as the home link needs. */
function bastionModel() {
  return fixture(withOciBastion, (m) => {
    m.cloudInstances[0].openInbound = [{ service: 'wireguard', reason: 'WireGuard answers no packet that is not keyed with its public key.' }];
    return m;
  });
}

describe("deploy rule 'deploy-security-open-ingress'", () => {
  it('compliant: a bastion with SSH from the admin CIDRs and WireGuard open with its reason', () => {
    const model = bastionModel();
    expect(model.cloudInstances[0].inbound).toEqual(['ssh']);
    expect(deployProblems(SECURITY_OPEN_INGRESS, model)).toEqual([]);
    expect(deployProblems(SECURITY_OPEN_INGRESS, fixtureModel(withOciBastion))).toEqual([]);
  });

  it('non-compliant: SSH open to 0.0.0.0/0 is rejected, naming the instance and the fix', () => {
    const model = bastionModel();
    model.cloudInstances[0].inbound = [];
    model.cloudInstances[0].openInbound = [{ service: 'ssh', reason: 'so that I can log in from the hotel wifi' }];
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
    const model = bastionModel();
    model.cloudInstances[0].inbound = ['ssh', 'wireguard'];
    model.cloudInstances[0].openInbound = [{ service: 'wireguard', reason: '' }];
    expect(deployProblems(SECURITY_OPEN_INGRESS, model).map((p) => p.message)).toEqual([
      'opens wireguard to every address without a reason',
      'lists wireguard both in inbound (admin CIDRs) and in openInbound (anywhere)',
    ]);
  });

  it('non-compliant: an inbound flow from the internet', () => {
    const model = fixture();
    model.flows.push({ from: 'internet', to: model.networks[0].name, services: ['https'], description: 'port forward' } as never);
    expect(deployProblems(SECURITY_OPEN_INGRESS, model).map((p) => [p.entity, p.message])).toEqual([
      [`flows[${model.flows.length - 1}]`, 'is an inbound flow from the internet'],
    ]);
  });
});
