/**
 * The checks that run before anything of the Proxmox layer is written, on the small fixture models
 * (__tests__/fixtures/models): each with a compliant case (the base fixture and its variants) and a non-compliant one,
 * asserting the entity, the rule and a fix are named. GPUs are added here (no fixture has one): a host's GPU list.
 */
import { findProblems, validateModel } from '../../../model/validate';
import { ModelError, type Problem } from '../../../model/errors';
import { synthesize } from '../../../synth';
import { FIXTURES, fixture, withProxmoxSite, withServiceVm, type Draft, type Variant } from '../../fixtures/models';

function guest(m: Draft, name: string): Draft['guests'][number] {
  return m.guests.find((g) => g.name === name)!;
}

/** The base host with one GPU to pass through. */
const withGpu: Variant = (m) => {
  m.hosts[0].gpus = [{ name: 'alpha-gpu0', model: 'NVIDIA RTX 4000' }];
  return m;
};

function problemsOf(model: Draft, rule: string): readonly Problem[] {
  return findProblems(model).all.filter((p) => p.rule === rule);
}

function broken(change: (m: Draft) => void, ...variants: Variant[]): Draft {
  const m = fixture(...variants);
  change(m);
  return m;
}

const cases: readonly { rule: string; what: string; model: () => Draft; entity: string; message: RegExp }[] = [
  {
    rule: 'host-exists',
    what: 'guest on an unknown host',
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').host = 'home-hydra';
      }),
    entity: 'guests/tunnel-01',
    message: /host "home-hydra" does not exist/,
  },
  {
    rule: 'host-exists',
    what: 'guest on a TrueNAS host',
    model: () =>
      broken((m) => {
        m.hosts.push({ name: 'home-nas', location: 'home', kind: 'truenas', capacity: { cores: 4, memoryGiB: 16 }, networks: ['ember-mgmt-vlan'] });
        guest(m, 'tunnel-01').host = 'home-nas';
      }),
    entity: 'guests/tunnel-01',
    message: /truenas host and cannot run guests/,
  },
  {
    rule: 'unique-vmid',
    what: 'duplicate VMID',
    model: () =>
      broken((m) => {
        guest(m, 'proxy-01').vmid = 201;
      }),
    entity: 'guests/kube-master-01',
    message: /VMID 201 is used by kube-master-01 and proxy-01/,
  },
  {
    rule: 'shape-range',
    what: 'VMID below 100',
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').vmid = 99;
      }),
    entity: 'guests/tunnel-01/vmid',
    message: /99 is outside 100\.\.999999999/,
  },
  {
    rule: 'guest-storage',
    what: 'unknown storage',
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').disks[0].storage = 'alpha-lava';
      }),
    entity: 'guests/kube-master-01',
    message: /storage "alpha-lava" does not exist/,
  },
  {
    rule: 'guest-storage',
    what: "another host's local pool",
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').disks[0].storage = 'beta-disk';
      }, withProxmoxSite()),
    entity: 'guests/kube-master-01',
    message: /local to dune-beta/,
  },
  {
    rule: 'network-exists',
    what: 'unknown VLAN',
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').networks = ['ghost-servers-vlan'];
      }),
    entity: 'guests/tunnel-01',
    message: /network "ghost-servers-vlan" does not exist/,
  },
  {
    rule: 'host-capacity',
    what: 'memory over the host capacity',
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').memoryMiB = 32 * 1024;
      }),
    entity: 'hosts/home-alpha',
    message: /GiB of memory, more than 32 GiB × overcommit 1/,
  },
  {
    rule: 'host-capacity',
    what: 'cores over capacity × overcommit',
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').cores = 31;
      }),
    entity: 'hosts/home-alpha',
    message: /33 vCPUs, more than 8 cores × overcommit 4 = 32/,
  },
  {
    rule: 'name-convention',
    what: 'guest name against the convention',
    model: () =>
      broken((m) => {
        guest(m, 'proxy-01').name = 'Proxy_1';
        m.edge.infrastructureProxy = 'Proxy_1';
      }),
    entity: 'guests/Proxy_1',
    message: /breaks the guest naming rule/,
  },
  {
    rule: 'gpu-assignment',
    what: 'GPU guest on a host without a GPU',
    model: () =>
      broken(
        (m) => {
          guest(m, 'remote-01').gpu = 'alpha-gpu0';
        },
        withGpu,
        withProxmoxSite(),
      ),
    entity: 'guests/remote-01',
    message: /GPU "alpha-gpu0" is on home-alpha, but the guest runs on dune-beta, a host without a GPU/,
  },
  {
    rule: 'gpu-assignment',
    what: 'two guests claiming one GPU',
    model: () =>
      broken(
        (m) => {
          guest(m, 'kube-master-01').gpu = 'alpha-gpu0';
          guest(m, 'svc-01').gpu = 'alpha-gpu0';
        },
        withGpu,
        withServiceVm(),
      ),
    entity: 'guests/svc-01',
    message: /already passed through to kube-master-01/,
  },
  {
    rule: 'gpu-assignment',
    what: 'GPU on an LXC',
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').gpu = 'alpha-gpu0';
      }, withGpu),
    entity: 'guests/tunnel-01',
    message: /only a VM can take a passed-through GPU/,
  },
];

describe('Proxmox checks before anything is written', () => {
  it.each(Object.keys(FIXTURES))('the fixture %s is compliant with every check', (name) => {
    const model = fixture(...FIXTURES[name]);
    for (const rule of new Set(cases.map((c) => c.rule))) expect({ rule, problems: problemsOf(model, rule) }).toEqual({ rule, problems: [] });
  });

  it('a GPU passed through to a VM on its host is compliant', () => {
    expect(
      problemsOf(
        broken((m) => {
          guest(m, 'kube-master-01').gpu = 'alpha-gpu0';
        }, withGpu),
        'gpu-assignment',
      ),
    ).toEqual([]);
  });

  it.each(cases)('$rule reports $what with the entity, the rule and a fix', ({ rule, model, entity, message }) => {
    const problems = problemsOf(model(), rule);
    expect(problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ entity, rule, message: expect.stringMatching(message), fix: expect.any(String) })]),
    );
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(5);
  });

  it('reports every problem at once, before synth, as one ModelError', () => {
    const bad = broken((m) => {
      guest(m, 'proxy-01').vmid = 201;
      guest(m, 'tunnel-01').networks = ['ghost-servers-vlan'];
    });
    expect(() => validateModel(bad)).toThrow(ModelError);
    try {
      validateModel(bad);
    } catch (err) {
      expect((err as ModelError).problems.map((p) => p.rule)).toEqual(['unique-vmid', 'network-exists']);
      expect((err as ModelError).message).toMatch(
        /\[guests\/kube-master-01, guests\/proxy-01\] VMID 201 is used by kube-master-01 and proxy-01 — rule: unique-vmid — fix: give all but one of kube-master-01 and proxy-01 a free VMID/,
      );
    }
  });
});

describe('GPU passthrough errors stop the synth', () => {
  it.each([
    [
      'a GPU guest on a host without a GPU',
      () =>
        broken(
          (m) => {
            guest(m, 'remote-01').gpu = 'alpha-gpu0';
          },
          withGpu,
          withProxmoxSite(),
        ),
      /GPU "alpha-gpu0" is on home-alpha, but the guest runs on dune-beta, a host without a GPU/,
    ],
    [
      'two guests claiming one GPU',
      () =>
        broken(
          (m) => {
            guest(m, 'kube-master-01').gpu = 'alpha-gpu0';
            guest(m, 'svc-01').gpu = 'alpha-gpu0';
          },
          withGpu,
          withServiceVm(),
        ),
      /GPU "alpha-gpu0" is already passed through to kube-master-01/,
    ],
  ])('%s', (_what, model, message) => {
    expect(() => synthesize(model())).toThrow(message);
  });
});
