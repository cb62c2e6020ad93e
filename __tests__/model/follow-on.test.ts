/**
 * One mistake, one problem: a rule that builds on a reference rule (`after`) does not re-check an entity that rule
 * rejected, and a clash (two owners of one VMID, name or hostname) names every entity involved, not only the later one.
 * Small fixture models (__tests__/fixtures/models), each broken in one place.
 */
import { findProblems } from '../../model/validate';
import { formatProblem } from '../../model/errors';
import { MODEL_RULES } from '../../model/rules';
import { fixture, withInfraEndpoint, withMediaApp, withWorker, type Draft } from '../fixtures/models';

function problems(model: Draft): string[] {
  return findProblems(model).all.map(formatProblem);
}

function guest(m: Draft, name: string): Draft['guests'][number] {
  return m.guests.find((g) => g.name === name)!;
}

describe('no follow-on errors', () => {
  it('a VM on a host that does not exist gets the host-exists problem only (no storage, image or bridge problems of that host)', () => {
    const m = fixture(withWorker, (x) => {
      guest(x, 'kube-worker-01').host = 'home-zeta';
      return x;
    });
    expect(problems(m)).toEqual(['[guests/kube-worker-01] host "home-zeta" does not exist — rule: host-exists — fix: use one of home-alpha']);
  });

  it('the same guest is still checked by the rules that do not depend on its host', () => {
    const m = fixture(withWorker, (x) => {
      const g = guest(x, 'kube-worker-01');
      g.host = 'home-zeta';
      g.vmid = 201;
      return x;
    });
    expect(findProblems(m).all.map((p) => p.rule)).toEqual(['unique-vmid', 'host-exists']);
  });

  it('an image kept on a pool that does not exist gets image-exists only (no image-storage problem for the nodes using it)', () => {
    const m = fixture((x) => {
      x.images[0].storage = 'alpha-nowhere';
      return x;
    });
    expect(problems(m)).toEqual(['[images/debian-12-cloud] storage "alpha-nowhere" does not exist — rule: image-exists — fix: use one of alpha-disk']);
  });

  it('a guest on a network that does not exist gets network-exists only (no bridge and no serves problem)', () => {
    const m = fixture((x) => {
      guest(x, 'tunnel-01').networks = ['ghost-servers-vlan'];
      return x;
    });
    expect(problems(m)).toEqual([expect.stringMatching(/^\[guests\/tunnel-01\] network "ghost-servers-vlan" does not exist — rule: network-exists/)]);
  });

  it('a mount of a pool that does not exist gets guest-storage only (no media-share problem)', () => {
    const m = fixture(withMediaApp, (x) => {
      guest(x, 'proxy-01').mounts = [{ storage: 'alpha-media', path: '/media' }];
      guest(x, 'tunnel-01').mounts = [{ storage: 'alpha-gone', path: '/media' }];
      return x;
    });
    expect(findProblems(m).all.map((p) => [p.entity, p.rule])).toEqual([['guests/tunnel-01', 'guest-storage']]);
  });

  it('every rule builds only on rules that run before it', () => {
    const order = MODEL_RULES.map((r) => r.id);
    for (const rule of MODEL_RULES) {
      for (const dep of rule.after ?? [])
        expect({ rule: rule.id, dep, before: order.includes(dep) && order.indexOf(dep) < order.indexOf(rule.id) }).toEqual({
          rule: rule.id,
          dep,
          before: true,
        });
    }
  });
});

describe('a clash names every entity involved', () => {
  it('a VMID taken from another guest blames both guests, not only the later one', () => {
    const m = fixture((x) => {
      guest(x, 'tunnel-01').vmid = 201;
      return x;
    });
    const [p] = findProblems(m).all;
    expect(p).toEqual({
      entity: 'guests/kube-master-01',
      also: ['guests/tunnel-01'],
      rule: 'unique-vmid',
      message: 'VMID 201 is used by kube-master-01 and tunnel-01',
      fix: 'give all but one of kube-master-01 and tunnel-01 a free VMID, e.g. 202',
    });
    expect(formatProblem(p)).toMatch(/^\[guests\/kube-master-01, guests\/tunnel-01\] VMID 201/);
    expect(findProblems(m).count).toBe(1);
  });

  it('three guests on one VMID are one problem naming all three', () => {
    const m = fixture(withWorker, (x) => {
      guest(x, 'tunnel-01').vmid = 211;
      guest(x, 'kube-master-01').vmid = 211;
      return x;
    });
    expect(problems(m)).toEqual([
      '[guests/kube-master-01, guests/tunnel-01, guests/kube-worker-01] VMID 211 is used by kube-master-01, tunnel-01 and kube-worker-01 — rule: unique-vmid — fix: give all but one of kube-master-01, tunnel-01 and kube-worker-01 a free VMID, e.g. 212',
    ]);
  });

  it('a hostname published twice names both publishers', () => {
    const m = fixture(withMediaApp, withInfraEndpoint, (x) => {
      x.infraEndpoints[0].hostname = 'jellyfin';
      return x;
    });
    expect(problems(m)).toEqual([
      expect.stringMatching(
        /^\[apps\/jellyfin, infraEndpoints\/proxmox-ui\] hostname "jellyfin" is published by apps\/jellyfin and infraEndpoints\/proxmox-ui — rule: unique-hostnames/,
      ),
    ]);
  });

  it('a name used twice names both entries by position', () => {
    const m = fixture((x) => {
      x.images.push({ ...structuredClone(x.images[0]) });
      return x;
    });
    expect(problems(m)).toEqual([
      expect.stringMatching(
        /^\[images\/debian-12-cloud\] the name "debian-12-cloud" is used by more than one entry of images \(images\[0\] and images\[2\]\) — rule: unique-names/,
      ),
    ]);
  });
});
