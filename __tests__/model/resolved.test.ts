/** The resolved model: validated once, every default applied once, lifecycle propagated, indexed by name. */
import { fixture, fixtureModel, withInfraEndpoint, withMediaApp, withOciBastion, withProxmoxSite } from '../fixtures/models';
import { DEFAULT_OVERCOMMIT, resolve, resolveModel } from '../../model/resolved';
import { ModelError } from '../../model/errors';
import { isGuestActive, liveMediaPool } from '../../model/lookup';
import type { Homelab } from '../../model/types';

describe('resolveModel', () => {
  it('applies the defaults once: overcommit, auth, exposure, Access, TLS, proxy sites, serves and mounts', () => {
    const m = resolveModel(fixtureModel(withMediaApp, withInfraEndpoint));
    expect(m.hosts[0].overcommit).toEqual(DEFAULT_OVERCOMMIT);
    expect(m.hosts[0].gpus).toEqual([]);
    expect(m.infraEndpoints[0]).toEqual(expect.objectContaining({ auth: 'authentik', cloudflareAccess: true, lifecycle: 'active' }));
    expect(m.index.apps.get('jellyfin')?.exposure).toEqual({ hostname: 'jellyfin', auth: 'none', public: true, internet: true });
    expect(m.pveClusters[0].tls).toBe('verify');
    expect(m.proxySites).toEqual([]);
    expect(m.index.guests.get('tunnel-01')).toEqual(expect.objectContaining({ location: 'home', mounts: [], lifecycle: 'active' }));
  });

  it('keeps what the model says over a default', () => {
    const d = fixture(withInfraEndpoint);
    d.hosts[0].overcommit = { cpu: 2 };
    d.infraEndpoints[0].cloudflareAccess = false;
    d.pveClusters[0].tls = 'insecure';
    const m = resolveModel(d);
    expect(m.hosts[0].overcommit).toEqual({ cpu: 2, memory: 1 });
    expect(m.infraEndpoints[0].cloudflareAccess).toBe(false);
    expect(m.pveClusters[0].tls).toBe('insecure');
  });

  it('propagates lifecycle: a planned location plans its hosts, their guests and its cloud instances', () => {
    const d = fixture(withProxmoxSite('dune'), withOciBastion);
    d.locations.find((l) => l.name === 'dune')!.lifecycle = 'planned';
    d.locations.find((l) => l.name === 'tower')!.lifecycle = 'planned';
    const m = resolveModel(d);
    expect(m.index.hosts.get('dune-beta')?.lifecycle).toBe('planned');
    expect(m.index.guests.get('remote-01')?.lifecycle).toBe('planned');
    expect(m.index.cloudInstances.get('bastion-01')?.lifecycle).toBe('planned');
    expect(m.index.guests.get('tunnel-01')?.lifecycle).toBe('active');
    // The same answer as the raw-model lookup the rules use: one derivation.
    for (const g of d.guests) expect(isGuestActive(d as Homelab, g)).toBe(m.index.guests.get(g.name)?.lifecycle === 'active');
  });

  it('a planned host plans its guests and the infrastructure UI it serves', () => {
    const d = fixture(withInfraEndpoint);
    d.hosts[0].lifecycle = 'planned';
    const m = resolve(d);
    expect(m.guests.every((g) => g.lifecycle === 'planned')).toBe(true);
    expect(m.infraEndpoints[0].lifecycle).toBe('planned');
  });

  it('indexes the resolved entities by name', () => {
    const m = resolveModel(fixtureModel(withOciBastion));
    for (const g of m.guests) expect(m.index.guests.get(g.name)).toBe(g);
    for (const h of m.hosts) expect(m.index.hosts.get(h.name)).toBe(h);
    expect(m.index.cloudInstances.get('bastion-01')?.openInbound).toEqual([]);
    expect([...m.index.locations.keys()]).toEqual(['home', 'vault', 'tower']);
  });

  it('computes the live media pool in one place, following movesTo in the future stage', () => {
    const d = fixture(withMediaApp);
    expect(resolveModel(d).liveMedia?.name).toBe('alpha-media');
    d.storage.push({
      name: 'alpha-vault',
      kind: 'nfs',
      host: 'home-alpha',
      path: '/srv/vault',
      content: ['media'],
      owner: { uid: 1000, gid: 1000 },
      stages: ['future'],
      network: 'forge-servers-vlan',
    });
    d.storage.find((s) => s.name === 'alpha-media')!.movesTo = 'alpha-vault';
    d.storageStage = 'future';
    expect(liveMediaPool(d as Homelab)?.name).toBe('alpha-vault');
    expect(resolve(d as Homelab).liveMedia?.name).toBe('alpha-vault');
    expect(resolveModel(fixtureModel()).liveMedia).toBeUndefined();
  });

  it('validates first: an invalid model is refused with every problem, nothing resolved', () => {
    const d = fixture();
    d.guests[0].host = 'home-nowhere';
    expect(() => resolveModel(d)).toThrow(ModelError);
    expect(() => resolveModel(d)).toThrow(/\[guests\/kube-master-01\] host "home-nowhere" does not exist — rule: host-exists/);
  });
});
