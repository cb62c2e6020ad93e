/** deploy-endpoint-producer: every endpoint a layer calls is served and open on the path; no port opened for nothing. */
import { endpointProducer } from '../../deploy/rules/endpoint-producer';
import { deployProblems } from './helpers';
import { homelab } from '../../homelab';
import { mutated, guest } from '../helpers/model';
import { formatProblem } from '../../model/errors';

const rule = 'deploy-endpoint-producer';
const messages = (m: Parameters<typeof deployProblems>[1]) => deployProblems(endpointProducer, m).map(formatProblem);

describe(`deploy rule '${rule}'`, () => {
  it('compliant: the seed serves every endpoint it calls, on an open path', () => {
    expect(endpointProducer.id).toBe(rule);
    expect(messages(homelab)).toEqual([]);
  });

  it('non-compliant: pve login fails when the NGINX proxy cannot reach the outpost (port 9000 not in any flow)', () => {
    const m = mutated((x) => {
      x.flows.forEach((f) => {
        f.services = f.services.filter((s) => s !== 'authentik-outpost');
      });
    });
    expect(messages(m)).toEqual([
      expect.stringMatching(
        /^\[guests\/nginx-proxy-01\] calls authentik-outpost on authentik-01 .* no flow from styx-servers-vlan .* — rule: deploy-endpoint-producer — fix: add 'authentik-outpost' to a flow/,
      ),
    ]);
  });

  it('non-compliant: pve login fails when the outpost guest opens only 443 (the old shape: nothing on 9000)', () => {
    const m = mutated((x) => {
      guest(x, 'authentik-01').serves = ['https', 'ssh'];
    });
    const found = messages(m);
    expect(found).toContainEqual(
      expect.stringMatching(
        /^\[guests\/authentik-01\] nginx-proxy-01|^\[guests\/authentik-01\] guests\/nginx-proxy-01 calls authentik-outpost here .* does not serve it/,
      ),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^\[guests\/authentik-01\] serves https, but nothing this repository deploys on a identity-outpost guest listens there/),
    );
  });

  it('non-compliant: admins cannot use AdGuard when the management flow to the servers lacks DNS', () => {
    const m = mutated((x) => {
      x.flows[0].services = ['ssh', 'https', 'http', 'icmp'];
    });
    const found = messages(m);
    expect(found).toContainEqual(expect.stringMatching(/^\[hosts\/asgard-atlas\] calls dns on adguard-01 .* no flow from heimdall-mgmt-vlan/));
    expect(found).toContainEqual(expect.stringMatching(/^\[guests\/wireguard-01\] calls dns on adguard-01/));
  });

  it('non-compliant: users cannot resolve when their network has no DNS flow to AdGuard', () => {
    const m = mutated((x) => {
      x.flows = x.flows.filter((f) => f.from !== 'midgard-users-vlan');
    });
    expect(messages(m)).toEqual([
      expect.stringMatching(/^\[networks\/midgard-users-vlan\] calls dns on adguard-01 \(the users network's resolver\) but no flow/),
    ]);
  });

  it('non-compliant: a port opened for nothing (AdGuard http, answered by no role)', () => {
    const m = mutated((x) => {
      guest(x, 'adguard-01').serves = ['dns', 'http', 'ssh'];
    });
    expect(messages(m)).toEqual([expect.stringMatching(/^\[guests\/adguard-01\] serves http, but nothing .* — fix: remove 'http' from serves/)]);
  });

  it('non-compliant: the arr apps cannot reach the download client when it does not serve http', () => {
    const m = mutated((x) => {
      guest(x, 'media-01').serves = ['ssh'];
    });
    expect(messages(m)).toEqual([expect.stringMatching(/^\[guests\/media-01\] apps\/jellyfin calls http here .* does not serve it/)]);
  });
});
