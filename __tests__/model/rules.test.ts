/**
 * One non-compliant case per model rule on the small fixture models (__tests__/fixtures/models): a single mistake and
 * the entity, rule and a fragment of the message it must produce. The compliant case of every rule is every named
 * fixture (__tests__/fixtures/models.test.ts runs the whole rule set over each).
 */
import { findProblems, validateModel } from '../../model/validate';
import { MODEL_RULES } from '../../model/rules';
import { ModelError, formatProblem } from '../../model/errors';
import {
  fixture,
  withIdentityOutpost,
  withInfraEndpoint,
  withMediaApp,
  withOciBastion,
  withProxmoxSite,
  withVpnGateway,
  type Draft,
  type Variant,
} from '../fixtures/models';

function guest(m: Draft, name: string): Draft['guests'][number] {
  return m.guests.find((g) => g.name === name)!;
}

function app(m: Draft, name: string): Draft['apps'][number] {
  return m.apps.find((a) => a.name === name)!;
}

/** A base fixture with `variants`, then the one mistake. */
function broken(change: (m: Draft) => void, ...variants: Variant[]): Draft {
  const m = fixture(...variants);
  change(m);
  return m;
}

const CASES: readonly { rule: string; entity: string; message: RegExp; model: () => Draft }[] = [
  {
    rule: 'no-secrets-in-model',
    entity: 'guests/kube-master-01/description',
    message: /looks like an IP address/,
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').description = 'control plane at 10.0.20.5';
      }),
  },
  {
    rule: 'name-convention',
    entity: 'guests/tunnel-1',
    message: /breaks the guest naming rule/,
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').name = 'tunnel-1';
        m.edge.connector = 'tunnel-1';
      }),
  },
  {
    rule: 'unique-names',
    entity: 'guests/tunnel-01',
    message: /used by more than one entry of guests \(guests\[1\] and guests\[2\]\)/,
    model: () =>
      broken((m) => {
        guest(m, 'proxy-01').name = 'tunnel-01';
      }),
  },
  {
    rule: 'unique-vmid',
    entity: 'guests/tunnel-01',
    message: /VMID 101 is used by tunnel-01 and proxy-01/,
    model: () =>
      broken((m) => {
        guest(m, 'proxy-01').vmid = 101;
      }),
  },
  {
    rule: 'unique-hostnames',
    entity: 'apps/jellyfin',
    message: /hostname "jellyfin" is published by apps\/jellyfin and infraEndpoints\/proxmox-ui/,
    model: () =>
      broken(
        (m) => {
          m.infraEndpoints[0].hostname = 'jellyfin';
        },
        withMediaApp,
        withInfraEndpoint,
      ),
  },
  {
    rule: 'location-exists',
    entity: 'hosts/home-alpha',
    message: /location "valhalla" does not exist/,
    model: () =>
      broken((m) => {
        m.hosts[0].location = 'valhalla';
      }),
  },
  {
    rule: 'pve-cluster-membership',
    entity: 'hosts/home-alpha',
    message: /names no pveCluster/,
    model: () =>
      broken((m) => {
        delete m.hosts[0].pveCluster;
      }),
  },
  {
    rule: 'host-exists',
    entity: 'guests/tunnel-01',
    message: /host "home-zeta" does not exist/,
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').host = 'home-zeta';
      }),
  },
  {
    rule: 'network-exists',
    entity: 'guests/tunnel-01',
    message: /network "ghost-servers-vlan" does not exist/,
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').networks = ['ghost-servers-vlan'];
      }),
  },
  {
    rule: 'image-exists',
    entity: 'guests/tunnel-01',
    message: /is a cloud-image, a lxc needs a lxc-template/,
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').image = 'debian-12-cloud';
      }),
  },
  {
    rule: 'guest-storage',
    entity: 'guests/kube-master-01',
    message: /local to dune-beta, the guest runs on home-alpha/,
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').disks[0].storage = 'beta-disk';
      }, withProxmoxSite()),
  },
  {
    rule: 'storage-stages',
    entity: 'storage/alpha-disk',
    message: /movesTo "alpha-nowhere" does not exist/,
    model: () =>
      broken((m) => {
        m.storage[0].movesTo = 'alpha-nowhere';
      }),
  },
  {
    rule: 'guest-kind-settings',
    entity: 'guests/kube-master-01',
    message: /LXC settings, this guest is a VM/,
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').nesting = true;
      }),
  },
  {
    rule: 'gpu-assignment',
    entity: 'guests/kube-master-01',
    message: /GPU "alpha-gpu0" does not exist/,
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').gpu = 'alpha-gpu0';
      }),
  },
  {
    rule: 'host-capacity',
    entity: 'hosts/home-alpha',
    message: /GiB of memory, more than 32 GiB × overcommit 1/,
    model: () =>
      broken((m) => {
        guest(m, 'kube-master-01').memoryMiB = 64 * 1024;
      }),
  },
  {
    rule: 'cluster-nodes',
    entity: 'clusters/home-kube-cluster',
    message: /node "tunnel-01" is an LXC/,
    model: () =>
      broken((m) => {
        m.clusters[0].workers.push('tunnel-01');
      }),
  },
  {
    rule: 'app-dependencies',
    entity: 'apps/local-path-provisioner',
    message: /Flux dependency cycle: local-path-provisioner → traefik → local-path-provisioner/,
    model: () =>
      broken((m) => {
        app(m, 'local-path-provisioner').dependsOn = ['traefik'];
      }),
  },
  {
    rule: 'app-routes',
    entity: 'apps/jellyfin',
    message: /exposed without forward-auth but not marked public/,
    model: () =>
      broken((m) => {
        app(m, 'jellyfin').exposure!.public = false;
      }, withMediaApp),
  },
  {
    rule: 'app-workloads',
    entity: 'apps/traefik',
    message: /storage class "nfs-fast" is not offered/,
    model: () =>
      broken((m) => {
        app(m, 'traefik').volume!.storageClass = 'nfs-fast';
      }),
  },
  {
    rule: 'edge-references',
    entity: 'edge/connector',
    message: /guest "proxy-01" has role reverse-proxy, tunnel is needed/,
    model: () =>
      broken((m) => {
        m.edge.connector = 'proxy-01';
      }),
  },
  {
    rule: 'backup-sources',
    entity: 'backups/sources/cluster',
    message: /bucket prefix "velero" is not a lowercase folder ending with '\/'/,
    model: () =>
      broken((m) => {
        m.backups.sources[0].prefix = 'velero';
      }),
  },
  {
    rule: 'identity-outpost-server',
    entity: 'guests/auth-01',
    message: /app authentik has no exposure/,
    model: () =>
      broken(
        (m) => {
          delete app(m, 'authentik').exposure;
        },
        withInfraEndpoint,
        withIdentityOutpost,
      ),
  },
  {
    rule: 'vpn-gateway-bastion',
    entity: 'cloudInstances/bastion-01',
    message: /the vpn gateway wireguard-01 dials this bastion over WireGuard, but it does not let wireguard in/,
    model: () =>
      broken((m) => {
        const bastion = m.cloudInstances.find((c) => c.name === 'bastion-01')!;
        bastion.inbound = bastion.inbound.filter((s) => s !== 'wireguard');
        bastion.openInbound = (bastion.openInbound ?? []).filter((o) => o.service !== 'wireguard');
      }, withVpnGateway),
  },
  {
    rule: 'flow-matrix',
    entity: 'flows[3]',
    message: /no inbound flow from the internet/,
    model: () =>
      broken((m) => {
        m.flows.push({ from: 'internet', to: 'forge-servers-vlan', services: ['https'], why: 'test' });
      }),
  },
  // Proxmox layer
  {
    rule: 'image-storage',
    entity: 'images/debian-12-cloud',
    message: /node dune-beta runs guests from this image but has no local pool holding images/,
    model: () =>
      broken((m) => {
        m.storage.find((s) => s.name === 'beta-disk')!.content = ['vm-disks', 'container-rootfs'];
      }, withProxmoxSite()),
  },
  {
    rule: 'guest-serves',
    entity: 'guests/tunnel-01',
    message: /serves nfs, but no flow allows nfs into forge-servers-vlan/,
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').serves = ['ssh', 'nfs'];
      }),
  },
  {
    rule: 'management-access',
    entity: 'flows[2]',
    message: /only management networks may reach it/,
    model: () =>
      broken((m) => {
        m.flows[2].services.push('proxmox-ui');
      }),
  },
  {
    rule: 'proxmox-firewall-names',
    entity: 'networks/bifrostbifrostab-iot-vlan',
    message: /longer than 18 characters/,
    model: () =>
      broken((m) => {
        m.networks.push({ name: 'bifrostbifrostab-iot-vlan', purpose: 'iot', location: 'home', bridge: 'vmbr0', description: 'IoT devices.' });
      }),
  },
  {
    rule: 'media-share',
    entity: 'guests/proxy-01',
    message: /it mounts alpha-films, but tunnel-01 mounts alpha-media/,
    model: () =>
      broken((m) => {
        m.storage.push({ ...structuredClone(m.storage.find((s) => s.name === 'alpha-media')!), name: 'alpha-films', path: '/srv/films' });
        guest(m, 'tunnel-01').mounts = [{ storage: 'alpha-media', path: '/media' }];
        guest(m, 'proxy-01').mounts = [{ storage: 'alpha-films', path: '/media' }];
      }, withMediaApp),
  },
  {
    rule: 'guest-bridge',
    entity: 'guests/remote-01',
    message: /network sand-servers-vlan rides on bridge vmbr1, which host dune-beta does not have/,
    model: () =>
      broken((m) => {
        m.networks.find((n) => n.name === 'sand-servers-vlan')!.bridge = 'vmbr1';
      }, withProxmoxSite()),
  },
  {
    rule: 'lxc-disks',
    entity: 'guests/tunnel-01',
    message: /declares 2 disks/,
    model: () =>
      broken((m) => {
        guest(m, 'tunnel-01').disks.push({ storage: 'alpha-disk', sizeGiB: 4 });
      }),
  },
  {
    rule: 'cloud-instance-inbound',
    entity: 'cloudInstances/bastion-01',
    message: /lets in no service/,
    model: () =>
      broken((m) => {
        m.cloudInstances[0].inbound = [];
      }, withOciBastion),
  },
];

describe('model validation', () => {
  it('has a non-compliant case for every rule', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(MODEL_RULES.map((r) => r.id)));
  });

  it.each(CASES.map((c) => [c.rule, c]))('rule %s rejects its mistake with entity, rule and fix', (_id, c) => {
    const problems = findProblems(c.model()).all;
    const hit = problems.find((p) => p.rule === c.rule && c.message.test(p.message));
    expect({ hit, problems: problems.map(formatProblem) }).toEqual({
      hit: expect.objectContaining({ entity: c.entity, rule: c.rule }),
      problems: expect.any(Array),
    });
    expect(hit!.fix.length).toBeGreaterThan(5);
    expect(formatProblem(hit!)).toMatch(new RegExp(`^\\[${c.entity.replace(/[[\]/]/g, '\\$&')}[\\],] .+ — rule: ${c.rule} — fix: .+`));
  });

  it('reports every problem at once, as one ModelError', () => {
    const m = broken((x) => {
      guest(x, 'proxy-01').vmid = 101;
      guest(x, 'kube-master-01').host = 'home-zeta';
    });
    expect(() => validateModel(m)).toThrow(ModelError);
    try {
      validateModel(m);
    } catch (err) {
      expect((err as ModelError).problems.map((p) => p.rule)).toEqual(['unique-vmid', 'host-exists']);
      expect((err as Error).message).toMatch(/the homelab model has 2 problems/);
    }
  });

  it('returns a valid model as it is', () => {
    const m = fixture();
    expect(validateModel(m)).toBe(m);
  });
});
