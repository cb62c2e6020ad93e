/** deploy-endpoint-producer: every endpoint a layer calls is served and open on the path; no port opened for nothing. */
import { endpointProducer } from '../../deploy/rules/endpoint-producer';
import { deployProblems } from './helpers';
import { withDns, withIdentityOutpost, withInfraEndpoint, withVpnGateway, type Draft, type Variant } from '../fixtures/models';
import { platformModel } from '../charts/fixtures';
import { formatProblem } from '../../model/errors';
import type { Homelab } from '../../model/types';
import { findProblems } from '../../model/validate';

const rule = 'deploy-endpoint-producer';
const messages = (m: Homelab) => deployProblems(endpointProducer, m).map(formatProblem);
const USERS = 'meadow-users-vlan';

/** A users network whose laptops resolve through AdGuard. */
const withUsersNetwork: Variant = (m) => {
  m.networks.push({ name: USERS, purpose: 'users', location: 'home', bridge: 'vmbr0', description: "The household's laptops and phones." });
  m.flows.push({ from: USERS, to: 'forge-servers-vlan', services: ['dns'], why: 'Users resolve through AdGuard.' });
  return m;
};

/**
 * Every caller the rule knows: the proxy forward-auths the Proxmox UI at the outpost `auth-01`, which talks to Authentik
 * on the cluster; guests (wireguard-01 on the management network among them), the host and the users network resolve
 * through AdGuard `dns-01`; the arr apps (first: jellyfin) hand work to the download client `fetch-01`.
 */
function callers(change: (m: Draft) => void = () => undefined): Homelab {
  return platformModel(withInfraEndpoint, withVpnGateway, withIdentityOutpost, withDns, withUsersNetwork, (m) => {
    change(m);
    return m;
  });
}
const guest = (m: Draft, name: string) => m.guests.find((g) => g.name === name)!;

describe(`deploy rule '${rule}'`, () => {
  it('compliant: a fixture with every caller serves every endpoint it calls, on an open path', () => {
    expect(endpointProducer.id).toBe(rule);
    const m = callers();
    expect(findProblems(m).all.map(formatProblem)).toEqual([]);
    expect(messages(m)).toEqual([]);
  });

  it('non-compliant: pve login fails when the NGINX proxy cannot reach the outpost (port 9000 not in any flow)', () => {
    const m = callers((x) => {
      x.flows.forEach((f) => {
        f.services = f.services.filter((s) => s !== 'authentik-outpost');
      });
    });
    expect(messages(m)).toEqual([
      expect.stringMatching(
        /^\[guests\/proxy-01\] calls authentik-outpost on auth-01 .* no flow from forge-servers-vlan .* — rule: deploy-endpoint-producer — fix: add 'authentik-outpost' to a flow/,
      ),
    ]);
  });

  it('non-compliant: pve login fails when the outpost guest opens only 443 (the old shape: nothing on 9000)', () => {
    const m = callers((x) => {
      guest(x, 'auth-01').serves = ['https', 'ssh'];
    });
    const found = messages(m);
    expect(found).toContainEqual(
      expect.stringMatching(/^\[guests\/auth-01\] proxy-01|^\[guests\/auth-01\] guests\/proxy-01 calls authentik-outpost here .* does not serve it/),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^\[guests\/auth-01\] serves https, but nothing this repository deploys on a identity-outpost guest listens there/),
    );
  });

  it('non-compliant: admins cannot use AdGuard when the management flow to the servers lacks DNS', () => {
    const m = callers((x) => {
      const mgmt = x.flows.find((f) => f.from === 'ember-mgmt-vlan' && f.to === 'forge-servers-vlan')!;
      mgmt.services = mgmt.services.filter((s) => s !== 'dns');
    });
    const found = messages(m);
    expect(found).toContainEqual(expect.stringMatching(/^\[hosts\/home-alpha\] calls dns on dns-01 .* no flow from ember-mgmt-vlan/));
    expect(found).toContainEqual(expect.stringMatching(/^\[guests\/wireguard-01\] calls dns on dns-01/));
  });

  it('non-compliant: users cannot resolve when their network has no DNS flow to AdGuard', () => {
    const m = callers((x) => {
      x.flows = x.flows.filter((f) => f.from !== USERS);
    });
    expect(messages(m)).toEqual([expect.stringMatching(/^\[networks\/meadow-users-vlan\] calls dns on dns-01 \(the users network's resolver\) but no flow/)]);
  });

  it('non-compliant: a port opened for nothing (AdGuard http, answered by no role)', () => {
    const m = callers((x) => {
      guest(x, 'dns-01').serves = ['dns', 'http', 'ssh'];
    });
    expect(messages(m)).toEqual([expect.stringMatching(/^\[guests\/dns-01\] serves http, but nothing .* — fix: remove 'http' from serves/)]);
  });

  it('non-compliant: the arr apps cannot reach the download client when it does not serve http', () => {
    const m = callers((x) => {
      guest(x, 'fetch-01').serves = ['ssh'];
    });
    expect(messages(m)).toEqual([expect.stringMatching(/^\[guests\/fetch-01\] apps\/jellyfin calls http here .* does not serve it/)]);
  });
});
