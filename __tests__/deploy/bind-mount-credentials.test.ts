import { bindMountCredentials, bindMountCredentialsRule } from '../../deploy/rules/bind-mount-credentials';
import { bindMounts } from '../../plan/proxmox';
import { deployProblems } from './helpers';
import { HOME, fixture, fixtureModel, withDownloadClient } from '../fixtures/models';
import type { Homelab } from '../../model/types';

describe("deploy rule 'deploy-bind-mount-credentials'", () => {
  it("compliant: downloads-01's bind mount is applied by the host play, the token belongs to a dedicated user", () => {
    const model = fixtureModel(withDownloadClient);
    expect(bindMounts(model, HOME).map((b) => [b.guest, b.appliedBy])).toEqual([['downloads-01', 'host-root']]);
    expect(deployProblems(bindMountCredentials, model)).toEqual([]);
  });

  it('non-compliant: a root@pam automation token is refused', () => {
    const model = fixture(withDownloadClient);
    model.pveClusters[0].automation.user = 'root@pam';
    expect(deployProblems(bindMountCredentials, model).map((p) => [p.entity, p.rule])).toEqual([['pveClusters/home-pve', 'deploy-bind-mount-credentials']]);
  });

  it('non-compliant: a planner that sends the bind mount with the API token (main 779b6ec) is reported on the guest', () => {
    const viaToken = (m: Homelab, l: string) => bindMounts(m, l).map((b) => ({ ...b, appliedBy: 'api-token' as const }));
    const problems = deployProblems(bindMountCredentialsRule(viaToken), fixtureModel(withDownloadClient));
    expect(problems.map((p) => p.entity)).toEqual(['guests/downloads-01']);
    expect(problems[0].message).toMatch(/403/);
  });
});
