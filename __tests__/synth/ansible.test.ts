import { parse } from 'yaml';
import type { Homelab } from '../../model/types';
import { idmap, synthAnsible, inventory, adguardRewrites, npmProxyHosts, ANSIBLE_INVENTORY, LXC_CONFIGS, VAULT_EXAMPLE } from '../../synth/ansible';
import { synthesize, OWNERSHIP } from '../../synth';
import { assertOwned } from '../../synth/outputs';
import { secretCatalogue } from '../../model/secrets';
import { SERVICE_PORTS } from '../../model/services';
import * as fs from 'fs';
import * as path from 'path';
import {
  BACKUP_LOCATION,
  CLUSTER,
  HOME,
  fixture,
  fixtureModel,
  withDns,
  withDownloadClient,
  withGpuWorkbench,
  withIdentityOutpost,
  withAuthentik,
  AUTHENTIK_HOSTNAME,
  AUTHENTIK_VERSION,
  withInfraEndpoint,
  withMediaApp,
  withMediaShare,
  withOciBastion,
  withResticSource,
  withServiceVm,
  withVpnGateway,
  withWorker,
} from '../fixtures/models';
import {
  IOT_NET,
  NODE2,
  PLANNED_HOST,
  PLANNED_SITE,
  STORAGE_NET,
  USERS_NET,
  withClientNetworks,
  withOpenWireguard,
  withPlannedSite,
  withRemoteDownloadClient,
  withSecondNode,
  withStorageNetwork,
} from '../fixtures/models/ansible';
import { guest, host } from '../helpers/find';
import { resolve, resolveModel } from '../../model/resolved';
import { POOL_HEADROOM_GIB } from '../../model/derive';

type Vars = Record<string, unknown>;
interface Inv {
  all: {
    vars: Vars;
    children: Record<string, { hosts?: Record<string, Vars | null>; children?: Record<string, unknown>; vars?: Vars }>;
  };
}

/** The fixture of the inventory tests: the base site with a worker, a public media app, an OCI bastion, the Proxmox UI. */
const fixtureBase = fixtureModel(withWorker, withMediaApp, withOciBastion, withInfraEndpoint);
/** The inventory group of the fixture's cluster. */
const CLUSTER_GROUP = CLUSTER.replace(/-/g, '_');
/** Where a Proxmox node mounts the fixture's media share (alpha-media) for its containers. */
const MEDIA_MOUNT = '/mnt/platform-stack/alpha-media';

function inv(model: Homelab): Inv {
  return parse(synthAnsible(resolveModel(model)).get(`${ANSIBLE_INVENTORY}/hosts.yml`)!) as Inv;
}

function members(i: Inv, group: string): string[] {
  return Object.hasOwn(i.all.children, group) ? Object.keys(i.all.children[group].hosts ?? {}) : [];
}

/** The host variables of `name` in its location group. */
function hostvars(i: Inv, model: Homelab, name: string): Vars {
  const vars = model.locations.map((l) => i.all.children[l.name.replace(/-/g, '_')].hosts?.[name]).find((v) => v);
  if (!vars) throw new Error(`test setup: no host vars of ${name}`);
  return vars;
}

function rules(i: Inv, model: Homelab, name: string): Vars[] {
  return hostvars(i, model, name).host_firewall_rules as Vars[];
}

/** The name of the only guest of `role` in the model. */
function roleGuest(model: Homelab, role: Homelab['guests'][number]['role']): string {
  const found = model.guests.filter((g) => g.role === role);
  if (found.length !== 1) throw new Error(`test setup: ${found.length} guests of role ${role}`);
  return found[0].name;
}

describe('Ansible inventory generated from the model', () => {
  it('groups hosts by location and by role', () => {
    const i = inv(fixtureBase);
    expect(members(i, HOME)).toEqual(['home-alpha', 'kube-master-01', 'tunnel-01', 'proxy-01', 'kube-worker-01']);
    expect(members(i, 'tower')).toEqual(['bastion-01']);
    expect(Object.keys(i.all.children.cloud.children ?? {})).toEqual([BACKUP_LOCATION, 'tower']);
    expect(Object.keys(i.all.children.on_prem.children ?? {})).toEqual([HOME]);
    expect(members(i, 'proxmox_hosts')).toEqual(['home-alpha']);
    expect(members(i, 'k8s_control_plane')).toEqual(['kube-master-01']);
    expect(members(i, 'k8s_workers')).toEqual(['kube-worker-01']);
    expect(members(i, 'tunnel')).toEqual(['tunnel-01']);
    expect(members(i, 'reverse_proxy')).toEqual(['proxy-01']);
    expect(members(i, 'bastion')).toEqual(['bastion-01']);
    expect(members(i, 'lxc_guests')).toEqual(['tunnel-01', 'proxy-01']);
    expect(members(i, 'vm_guests')).toEqual(['kube-master-01', 'kube-worker-01']);
    expect(i.all.children.planned).toEqual({});
  });

  it('puts a planned guest in the planned group', () => {
    const planned = fixtureModel((m) => {
      guest(m, 'proxy-01').lifecycle = 'planned';
      return m;
    });
    expect(members(inv(planned), 'planned')).toEqual(['proxy-01']);
  });

  it('puts the hosts and guests of a planned site in the planned group', () => {
    const m = fixtureModel(withPlannedSite);
    const site = m.hosts.filter((h) => h.location === PLANNED_SITE).map((h) => h.name);
    const guests = m.guests.filter((g) => site.includes(g.host)).map((g) => g.name);
    expect(site).toEqual([PLANNED_HOST]);
    expect(members(inv(m), 'planned')).toEqual([PLANNED_HOST, ...guests]);
  });

  it('puts a cloud instance of a planned location in the planned group (no stack creates it, no play may reach for it)', () => {
    const m = fixtureModel(withOciBastion, (d) => {
      d.locations.find((l) => l.name === d.cloudInstances[0].location)!.lifecycle = 'planned';
      return d;
    });
    const i = inv(m);
    expect(members(i, 'planned')).toEqual(['bastion-01']);
    expect(members(i, 'bastion')).toEqual(['bastion-01']);
    const bastionVars = Object.values(i.all.children).find((g) => g.hosts?.['bastion-01'] !== undefined && g.hosts['bastion-01'] !== null)?.hosts?.[
      'bastion-01'
    ];
    expect(bastionVars).toMatchObject({ homelab_lifecycle: 'planned' });
    expect(members(inv(fixtureModel(withOciBastion)), 'planned')).toEqual([]);
  });

  it('takes every ansible_host from a vault variable, never a literal', () => {
    const i = inv(fixtureBase);
    const all = Object.values(i.all.children)
      .flatMap((g) => Object.entries(g.hosts ?? {}))
      .filter(([, v]) => v && 'ansible_host' in v);
    expect(all.length).toBe(fixtureBase.hosts.length + fixtureBase.guests.length + fixtureBase.cloudInstances.length);
    const names = new Set(secretCatalogue(fixtureBase).map((k) => k.name));
    for (const [name, v] of all) {
      const m = /^\{\{ ([a-z0-9_]+) \}\}$/.exec(String(v!.ansible_host));
      expect({ name, ref: m?.[1] && names.has(m[1]) }).toEqual({ name, ref: true });
    }
  });

  it('describes each machine by vault keys: kind, location, lifecycle, internal name and every network of a guest', () => {
    const i = inv(fixtureBase);
    expect(i.all.vars).toEqual({
      homelab_name: fixtureBase.name,
      homelab_internal_zone: 'home.arpa',
      homelab_storage_stage: fixtureBase.storageStage,
      homelab_backup_bucket: fixtureBase.backups.bucket,
    });
    expect(hostvars(i, fixtureBase, 'home-alpha')).toEqual(
      expect.objectContaining({
        ansible_host: '{{ address_home_alpha }}',
        homelab_kind: 'proxmox',
        homelab_location: HOME,
        homelab_lifecycle: 'active',
        internal_hostname: 'home-alpha.home.arpa',
        homelab_networks: [
          {
            name: 'ember-mgmt-vlan',
            vlan_id: '{{ vlan_id_ember_mgmt_vlan }}',
            cidr: '{{ cidr_ember_mgmt_vlan }}',
            gateway: '{{ gateway_ember_mgmt_vlan }}',
            address: '{{ address_home_alpha }}',
          },
        ],
      }),
    );
    const proxy = hostvars(i, fixtureBase, 'proxy-01');
    expect(proxy).toEqual(
      expect.objectContaining({
        ansible_host: '{{ address_proxy_01_forge_servers_vlan }}',
        homelab_kind: 'lxc',
        homelab_role: 'reverse-proxy',
        homelab_node: 'home-alpha',
        homelab_vmid: guest(fixture(), 'proxy-01').vmid,
        internal_hostname: 'proxy-01.home.arpa',
      }),
    );
    expect((proxy.homelab_networks as Vars[]).map((n) => [n.name, n.address, n.gateway])).toEqual([
      ['forge-servers-vlan', '{{ address_proxy_01_forge_servers_vlan }}', '{{ gateway_forge_servers_vlan }}'],
      ['ember-mgmt-vlan', '{{ address_proxy_01_ember_mgmt_vlan }}', '{{ gateway_ember_mgmt_vlan }}'],
    ]);
    expect(hostvars(i, fixtureBase, 'bastion-01')).toEqual(
      expect.objectContaining({
        ansible_host: '{{ address_bastion_01_public }}',
        homelab_kind: 'cloud-instance',
        homelab_location: 'tower',
        homelab_role: 'bastion',
      }),
    );
  });

  it('pins k3s from the model and disables the bundled parts the k8s layer owns', () => {
    const vars = inv(fixtureBase).all.children[CLUSTER_GROUP].vars!;
    expect(vars.k3s_version).toBe(fixtureBase.clusters[0].version);
    expect(vars.k3s_disable).toEqual(['traefik', 'local-storage']);
    expect(vars.flux_cluster_path).toBe(`k8s/clusters/${CLUSTER}`);
    expect(vars.flux_git_url).toBe(fixtureBase.gitops.repositoryUrl);
    expect(vars.flux_substitution_secrets).toEqual(
      expect.arrayContaining([{ name: 'cluster-secrets-traefik', keys: expect.arrayContaining([{ name: 'SECRET_DOMAIN', vault_key: 'domain' }]) }]),
    );
  });

  it('every cluster node advertises its address on the cluster network; the first control-plane node is the server', () => {
    const group = inv(fixtureBase).all.children[CLUSTER_GROUP];
    expect(group.hosts).toEqual({
      'kube-master-01': { k3s_node_ip: '{{ address_kube_master_01_forge_servers_vlan }}' },
      'kube-worker-01': { k3s_node_ip: '{{ address_kube_worker_01_forge_servers_vlan }}' },
    });
    expect(group.vars).toEqual(expect.objectContaining({ k8s_cluster_name: CLUSTER, k3s_server: 'kube-master-01' }));
  });

  it("hands each app only its own substitutions (no all-keys cluster-secrets: an app cannot substitute another's token)", () => {
    const vars = inv(fixtureBase).all.children[CLUSTER_GROUP].vars!;
    expect(vars.flux_cluster_secrets).toBeUndefined();
    const sets = vars.flux_substitution_secrets as { name: string; keys: { name: string; vault_key: string }[] }[];
    const holders = (key: string) => sets.filter((s) => s.keys.some((k) => k.vault_key === key)).map((s) => s.name);
    expect(holders('cloudflare_dns_api_token')).toEqual(['cluster-secrets-traefik']);
    expect(holders('media_nfs_server')).toEqual(['cluster-secrets-jellyfin']);
    expect(vars.flux_git_verification_secret).toBe('flux-git-verification-keys');
  });

  it('keeps what k3s bundles when the model has no app for it', () => {
    const m = fixture();
    m.apps = m.apps.filter((a) => a.name !== 'traefik' && a.name !== 'local-path-provisioner');
    expect(inventory(resolve(m)).children![CLUSTER_GROUP].vars!.k3s_disable).toEqual([]);
  });

  it('exports the host share to the storage network and mounts it where a guest needs it', () => {
    const i = inv(fixtureModel(withRemoteDownloadClient, withStorageNetwork));
    expect(i.all.children.nfs_servers.hosts).toEqual({
      'home-alpha': {
        nfs_exports: [
          {
            storage: 'alpha-media',
            path: '/srv/media',
            clients: '{{ cidr_anvil_storage_vlan }}',
            options: 'rw,sync,no_subtree_check,all_squash,anonuid=1000,anongid=1000',
            owner_uid: 1000,
            owner_gid: 1000,
            mode: '2775',
          },
        ],
      },
    });
    expect(i.all.children.nfs_clients.hosts![NODE2]).toEqual({
      nfs_mounts: [expect.objectContaining({ src: '{{ media_nfs_server }}:/srv/media', path: MEDIA_MOUNT })],
    });
  });

  it('media share mounted twice (main 258761d: Proxmox NFS storage and an fstab entry, both at /mnt/pve/<share>): one mount per node, outside /mnt/pve', () => {
    // Two containers of the second node use the share: the node still mounts it once, and both bind that mount.
    const m = fixture(withRemoteDownloadClient, (d) => {
      d.guests.push({
        ...guest(d, roleGuest(d, 'media-downloads')),
        name: 'library-01',
        role: 'service',
        vmid: 232,
        mounts: [{ storage: 'alpha-media', path: '/library' }],
      });
      return d;
    });
    const i = inv(m);
    const mounts = (i.all.children.nfs_clients.hosts![NODE2] as { nfs_mounts: { storage: string; path: string }[] }).nfs_mounts;
    expect(mounts.filter((x) => x.storage === 'alpha-media').map((x) => x.path)).toEqual([MEDIA_MOUNT]);
    const binds = (i.all.children.pve_bind_mount_hosts.hosts![NODE2] as { pve_bind_mounts: { guest: string; host_path: string }[] }).pve_bind_mounts;
    expect(binds.map((b) => [b.guest, b.host_path])).toEqual([
      ['downloads-01', MEDIA_MOUNT],
      ['library-01', MEDIA_MOUNT],
    ]);
    expect(JSON.stringify(i)).not.toMatch(/\/mnt\/pve\//);
  });

  it("a container on the share's own server binds the export itself (there is no NFS mount of it there)", () => {
    const i = inv(fixtureModel(withMediaApp, withDownloadClient));
    expect(members(i, 'nfs_clients')).not.toContain('home-alpha');
    expect(i.all.children.pve_bind_mount_hosts.hosts!['home-alpha']).toEqual({
      pve_bind_mounts: [expect.objectContaining({ guest: 'downloads-01', host_path: '/srv/media', path: '/media' })],
    });
  });

  it('media share not writable (main 779b6ec: root_squash, root:root 0775): every client is squashed to the share owner', () => {
    const m = fixture(withMediaShare);
    m.storage.find((s) => s.name === 'alpha-media')!.owner = { uid: 1500, gid: 2500 };
    const exp = (inv(m).all.children.nfs_servers.hosts!['home-alpha'] as { nfs_exports: Vars[] }).nfs_exports[0];
    expect(exp.options).not.toMatch(/root_squash/);
    expect(exp.options).toMatch(/all_squash,anonuid=1500,anongid=2500/);
    expect([exp.owner_uid, exp.owner_gid, exp.mode]).toEqual([1500, 2500, '2775']);
  });

  it('the download client writes as the share owner: its bind mount and id mapping are host vars of its node, set as root', () => {
    const m = fixture(withRemoteDownloadClient);
    m.storage.find((s) => s.name === 'alpha-media')!.owner = { uid: 1500, gid: 2500 };
    const client = guest(m, roleGuest(m, 'media-downloads'));
    expect(inv(m).all.children.pve_bind_mount_hosts.hosts).toEqual({
      [NODE2]: {
        pve_bind_mounts: [
          expect.objectContaining({
            guest: client.name,
            vmid: client.vmid,
            mount: 'mp0',
            host_path: MEDIA_MOUNT,
            path: '/media',
            privileged: false,
            owner_uid: 1500,
            owner_gid: 2500,
            subids: [
              { file: 'subuid', id: 1500 },
              { file: 'subgid', id: 2500 },
            ],
          }),
        ],
      },
    });
  });

  it('the download client writes as the owner id on the host: the owner maps 1:1, every other container id stays shifted', () => {
    expect(idmap('u', 1000)).toEqual([
      { kind: 'u', start: 0, host: 100000, count: 1000 },
      { kind: 'u', start: 1000, host: 1000, count: 1 },
      { kind: 'u', start: 1001, host: 101001, count: 64535 },
    ]);
    const m = fixture(withRemoteDownloadClient);
    m.storage.find((s) => s.name === 'alpha-media')!.owner = { uid: 1500, gid: 2500 };
    const lines = (
      inv(m).all.children.pve_bind_mount_hosts.hosts![NODE2] as { pve_bind_mounts: { idmap: { kind: string; start: number; host: number; count: number }[] }[] }
    ).pve_bind_mounts[0].idmap;
    for (const kind of ['u', 'g']) expect(lines.filter((l) => l.kind === kind).reduce((n, l) => n + l.count, 0)).toBe(65536);
    expect(lines.filter((l) => l.start === l.host)).toEqual([
      { kind: 'u', start: 1500, host: 1500, count: 1 },
      { kind: 'g', start: 2500, host: 2500, count: 1 },
    ]);
  });

  it('one PCI format: the vfio role reads the same vault keys as the tofu mapping', () => {
    const m = fixture(withGpuWorkbench);
    const gpuHost = m.hosts.find((h) => (h.gpus ?? []).length > 0)!;
    expect(inv(m).all.children.gpu_passthrough_hosts.hosts).toEqual({
      [gpuHost.name]: { vfio_devices: [{ name: 'titan-gpu0', path: '{{ pci_path_titan_gpu0 }}', ids: '{{ pci_ids_titan_gpu0 }}', all_functions: true }] },
    });
    const catalogue = new Map(secretCatalogue(m).map((k) => [k.name, k.consumers]));
    for (const key of ['pci_path_titan_gpu0', 'pci_ids_titan_gpu0']) expect(catalogue.get(key)).toEqual(expect.arrayContaining(['tofu', 'ansible']));
    gpuHost.gpus![0].allFunctions = false;
    expect(inv(m).all.children.gpu_passthrough_hosts.hosts![gpuHost.name]).toEqual({ vfio_devices: [expect.objectContaining({ all_functions: false })] });
  });

  it('bridges VLAN-aware and storage-network addresses on every active Proxmox node (main 779b6ec: claimed, not done)', () => {
    const m = fixtureModel(withSecondNode, withGpuWorkbench, withPlannedSite, withStorageNetwork);
    const hosts = inv(m).all.children.pve_network_hosts.hosts!;
    const active = m.hosts.filter((h) => h.location === HOME).map((h) => h.name);
    expect(Object.keys(hosts).sort()).toEqual([...active].sort());
    expect(Object.keys(hosts)).not.toContain(PLANNED_HOST);
    const onPool = m.guests.flatMap((g) => g.disks).filter((d) => d.storage === 'alpha-disk');
    expect(hosts['home-alpha']).toEqual({
      pve_local_storage: [
        {
          id: 'alpha-disk',
          path: '/var/lib/platform-stack/storage/alpha-disk',
          content: ['images', 'import', 'iso', 'rootdir', 'snippets', 'vztmpl'],
          required_gib: onPool.reduce((n, d) => n + d.sizeGiB, 0) + POOL_HEADROOM_GIB,
        },
      ],
      pve_vlan_aware_bridges: ['vmbr0', 'vmbr1'],
      pve_vlan_interfaces: [
        {
          network: STORAGE_NET,
          bridge: 'vmbr1',
          vlan_id: '{{ vlan_id_anvil_storage_vlan }}',
          address: '{{ address_home_alpha_anvil_storage_vlan }}',
          cidr: '{{ cidr_anvil_storage_vlan }}',
        },
      ],
    });
    for (const name of active)
      expect((hosts[name] as { pve_vlan_interfaces: Vars[] }).pve_vlan_interfaces).toEqual([
        expect.objectContaining({ network: STORAGE_NET, address: `{{ address_${name.replace(/-/g, '_')}_anvil_storage_vlan }}` }),
      ]);
  });

  it("the Proxmox API token is made for the model's automation user on the first active node only", () => {
    // The second node comes first in the model but is planned; the planned site's cluster has no active node at all.
    const m = fixture(withSecondNode, withPlannedSite);
    const second = host(m, NODE2);
    second.lifecycle = 'planned';
    m.hosts = [second, ...m.hosts.filter((h) => h !== second)];
    const { user, tokenId, role } = m.pveClusters[0].automation;
    expect(inv(m).all.children.pve_access_hosts.hosts).toEqual({
      'home-alpha': { pve_automation_user: user, pve_automation_token_id: tokenId, pve_automation_role: role },
    });
  });

  it('derives host firewall rules from the flow matrix with vault CIDRs as sources', () => {
    const m = fixtureModel(withDns, withVpnGateway, withClientNetworks);
    const found = rules(inv(m), m, roleGuest(m, 'dns'));
    expect(found).toEqual(
      expect.arrayContaining([expect.objectContaining({ service: 'dns', protocol: 'udp', ports: [53], from: '{{ cidr_spark_iot_vlan }}' })]),
    );
    expect(found.some((r) => r.from === '{{ wireguard_tunnel_cidr }}')).toBe(true);
    expect(found.every((r) => /^\{\{ (cidr_[a-z_]+|wireguard_tunnel_cidr) \}\}$/.test(String(r.from)))).toBe(true);
  });
});

describe('lxc-configs generated from the model', () => {
  it('AdGuard rewrites map every home.arpa name of an active machine to its vault address', () => {
    const m = fixtureModel(withWorker, withInfraEndpoint, withDns, withPlannedSite);
    const rewrites = adguardRewrites(resolveModel(m));
    expect(rewrites).toEqual(
      expect.arrayContaining([
        { domain: 'home-alpha.home.arpa', answer: '{{ address_home_alpha }}' },
        { domain: 'kube-master-01.home.arpa', answer: '{{ address_kube_master_01_forge_servers_vlan }}' },
        { domain: 'proxy-01.home.arpa', answer: '{{ address_proxy_01_forge_servers_vlan }}' },
        { domain: 'traefik.home.arpa', answer: '{{ address_kube_worker_01_forge_servers_vlan }}' },
        { domain: 'pve.{{ domain }}', answer: '{{ address_proxy_01_forge_servers_vlan }}' },
        // Any other name below the domain is an application hostname: the ingress nodes answer it.
        { domain: '*.{{ domain }}', answer: '{{ address_kube_worker_01_forge_servers_vlan }}' },
      ]),
    );
    const planned = m.guests.filter((g) => g.host === PLANNED_HOST).map((g) => g.name);
    for (const name of [PLANNED_HOST, ...planned]) expect(rewrites.some((r) => String(r.domain).startsWith(name))).toBe(false);
  });

  it('Nginx Proxy Manager fronts the infrastructure UIs of active hosts by internal name', () => {
    const m = fixture(withInfraEndpoint, withPlannedSite);
    m.infraEndpoints.push({
      name: 'dune-ui',
      hostname: 'pve-dune',
      host: PLANNED_HOST,
      service: 'proxmox-ui',
      port: 8006,
      scheme: 'https',
      cloudflareAccess: true,
    });
    expect(npmProxyHosts(resolveModel(m))).toEqual([
      expect.objectContaining({
        name: 'proxmox-ui',
        domain_names: ['pve.{{ domain }}'],
        forward_host: 'home-alpha.home.arpa',
        forward_port: 8006,
        auth: 'authentik',
      }),
    ]);
  });

  it('the proxy is told the outpost it forward-auths at, and nothing without one', () => {
    const hosts = (model: Homelab) => {
      const m = resolveModel(model);
      return parse(synthAnsible(m).get(`${LXC_CONFIGS}/${m.edge.infrastructureProxy}/proxy-hosts.yml`)!) as { npm_authentik_outpost: string };
    };
    const m = fixtureModel(withInfraEndpoint, withIdentityOutpost);
    expect(hosts(m).npm_authentik_outpost).toBe(`http://${roleGuest(m, 'identity-outpost')}.home.arpa:9000`);
    expect(hosts(fixtureModel(withInfraEndpoint)).npm_authentik_outpost).toBe('');
  });

  it("the connector's cloudflared config holds no token and no ingress rules (the tunnel is remotely managed)", () => {
    const m = fixtureModel();
    const config = parse(synthAnsible(resolveModel(m)).get(`${LXC_CONFIGS}/${m.edge.connector}/cloudflared.yml`)!) as Vars;
    expect(config).toEqual({ 'no-autoupdate': true, metrics: 'localhost:2000', loglevel: 'info', 'transport-loglevel': 'warn' });
  });

  it('AdGuard rewrites are written for the DNS guest only when the model has one', () => {
    const withoutDns = [...synthAnsible(resolveModel(fixtureModel())).keys()];
    expect(withoutDns.filter((f) => f.endsWith('/rewrites.yml'))).toEqual([]);
    const m = fixtureModel(withDns);
    expect([...synthAnsible(resolveModel(m)).keys()].filter((f) => f.endsWith('/rewrites.yml'))).toEqual([
      `${LXC_CONFIGS}/${roleGuest(m, 'dns')}/rewrites.yml`,
    ]);
  });

  it('every DNS guest gets the same rewrites (a second resolver answers as the first does)', () => {
    const m = fixtureModel(withDns, (d) => {
      const second = structuredClone(guest(d, 'dns-01'));
      d.guests.push({ ...second, name: 'dns-02', vmid: second.vmid + 1 });
      return d;
    });
    const files = synthAnsible(resolveModel(m));
    const first = files.get(`${LXC_CONFIGS}/dns-01/rewrites.yml`);
    expect(first).toContain('adguard_rewrites');
    expect(files.get(`${LXC_CONFIGS}/dns-02/rewrites.yml`)).toBe(first);
  });
});

describe('custom websites behind Nginx Proxy Manager (model proxySites)', () => {
  const UPSTREAM = 'svc-01';
  const withSite = (auth?: 'none' | 'authentik', guestName = UPSTREAM): Homelab => {
    const m = fixture(withServiceVm(UPSTREAM), withDns);
    m.proxySites = [{ name: 'status-page', hostname: 'status', upstream: { guest: guestName, port: 8080, scheme: 'http' }, ...(auth ? { auth } : {}) }];
    return m;
  };

  it('become NPM proxy hosts forwarding to the upstream guest by internal name', () => {
    expect(npmProxyHosts(resolveModel(withSite('none')))).toContainEqual({
      name: 'status-page',
      domain_names: ['status.{{ domain }}'],
      forward_scheme: 'http',
      forward_host: `${UPSTREAM}.home.arpa`,
      forward_port: 8080,
      auth: 'none',
      websockets: false,
    });
  });

  it('are published through the tunnel and split-horizon DNS like the infrastructure UIs, behind Authentik by default', () => {
    const model = withSite();
    const result = synthesize(model);
    expect(result.files.get(`${LXC_CONFIGS}/proxy-01/proxy-hosts.yml`)).toContain('status.{{ domain }}');
    expect(result.files.get(`${LXC_CONFIGS}/${roleGuest(model, 'dns')}/rewrites.yml`)).toContain('status.{{ domain }}');
    expect(adguardRewrites(resolveModel(model))).toContainEqual({ domain: 'status.{{ domain }}', answer: '{{ address_proxy_01_forge_servers_vlan }}' });
    expect(npmProxyHosts(resolveModel(model)).find((h) => h.name === 'status-page')?.auth).toBe('authentik');
  });

  it('reject an upstream guest that does not exist, naming the site, the rule and the fix', () => {
    expect(() => synthesize(withSite('none', 'wiki-01'))).toThrow(
      /\[proxySites\/status-page\/upstream\] guest "wiki-01" does not exist — rule: edge-references — fix: use one of /,
    );
  });
});

describe('ansible outputs in the synth', () => {
  it('are owned by synth and deterministic', () => {
    const a = synthesize(fixtureModel(withWorker, withDns));
    expect(() => assertOwned(a.files, OWNERSHIP)).not.toThrow();
    expect([...a.files.keys()]).toEqual(expect.arrayContaining([`${ANSIBLE_INVENTORY}/hosts.yml`, VAULT_EXAMPLE, `${LXC_CONFIGS}/dns-01/rewrites.yml`]));
    const b = synthesize(fixtureModel(withWorker, withDns));
    expect([...b.files]).toEqual([...a.files]);
  });

  it('the vault example lists every catalogue key', () => {
    const m = fixtureModel(withDns, withVpnGateway, withGpuWorkbench, withResticSource, withMediaApp);
    const example = parse(synthAnsible(resolveModel(m)).get(VAULT_EXAMPLE)!) as Vars;
    expect(Object.keys(example)).toEqual(secretCatalogue(m).map((k) => k.name));
    expect(Object.keys(example)).toEqual(
      expect.arrayContaining(['domain', 'wireguard_tunnel_cidr', 'pci_path_titan_gpu0', 'backup_alpha_access_key_id', 'restic_password', 'media_nfs_server']),
    );
  });

  it('a restic source host gets its backup job: repository under its prefix, the paths it serves, its own writer keys', () => {
    const m = fixtureModel(withMediaShare, withResticSource);
    const source = m.backups.sources.find((s) => s.tool === 'restic')!;
    expect(inv(m).all.children.restic_backup_sources.hosts).toEqual({
      'home-alpha': {
        restic_backups: [
          {
            name: source.name,
            repository: `s3:s3.eu-west-1.amazonaws.com/${m.backups.bucket}/alpha`,
            schedule: source.schedule,
            paths: ['/srv/media'],
            access_key_id: '{{ backup_alpha_access_key_id }}',
            secret_access_key: '{{ backup_alpha_secret_access_key }}',
            password: '{{ restic_password }}',
          },
        ],
      },
    });
  });

  it("prune from the source machine: the restic job only backs up; forget --prune is the prune identity's (task backups:prune)", () => {
    const job = fs.readFileSync(path.join(__dirname, '../../ansible/roles/restic_backup/templates/restic-backup.sh.j2'), 'utf8');
    expect(job).toMatch(/restic_backup_binary \}\} backup /);
    expect(
      job
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n'),
    ).not.toMatch(/forget|prune/);
    expect(fs.readFileSync(path.join(__dirname, '../../ansible/roles/restic_backup/defaults/main.yml'), 'utf8')).not.toContain('restic_backup_keep');
  });

  it('the WireGuard role listens on the port the bastion firewalls (OCI security list, host firewall) open', () => {
    const defaults = parse(fs.readFileSync(path.join(__dirname, '../../ansible/roles/wireguard/defaults/main.yml'), 'utf8')) as { wireguard_port: number };
    expect(SERVICE_PORTS.wireguard).toEqual([{ protocol: 'udp', ports: [defaults.wireguard_port] }]);
    const m = fixtureModel(withOpenWireguard);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- bastion is the only cloud role today; the find keeps the meaning
    const bastion = m.cloudInstances.find((c) => c.role === 'bastion')!;
    expect(rules(inv(m), m, bastion.name)).toContainEqual(expect.objectContaining({ service: 'wireguard', protocol: 'udp', ports: [defaults.wireguard_port] }));
  });
});

describe('day-one fixes in the inventory (issues 14 and 18)', () => {
  it('pve login works: the outpost guest opens 9000 to the NGINX proxy network and is told the server version and URL', () => {
    const m = fixtureModel(withInfraEndpoint, withIdentityOutpost, withAuthentik);
    const i = inv(m);
    const outpost = roleGuest(m, 'identity-outpost');
    const proxyNet = guest(fixture(), m.edge.infrastructureProxy).networks[0].replace(/-/g, '_');
    const found = rules(i, m, outpost);
    expect(found).toContainEqual(expect.objectContaining({ service: 'authentik-outpost', protocol: 'tcp', ports: [9000], from: `{{ cidr_${proxyNet} }}` }));
    expect(found.map((r) => r.service)).not.toContain('https');
    expect(i.all.children.identity_outpost.hosts![outpost]).toEqual({
      authentik_outpost_version: AUTHENTIK_VERSION,
      authentik_outpost_server_url: `https://${AUTHENTIK_HOSTNAME}.{{ domain }}`,
      authentik_outpost_port: 9000,
    });
  });

  it('AdGuard answers exactly the networks whose flows carry DNS to it (management, servers, users, IoT, the tunnel)', () => {
    const m = fixture(withDns, withVpnGateway, withClientNetworks);
    const dns = roleGuest(m, 'dns');
    const clients = (model: Homelab) => (inv(model).all.children.dns.hosts![dns] as { adguard_home_allowed_clients: string[] }).adguard_home_allowed_clients;
    expect(clients(m)).toEqual([
      '{{ cidr_ember_mgmt_vlan }}',
      '{{ wireguard_tunnel_cidr }}',
      '{{ cidr_forge_servers_vlan }}',
      '{{ cidr_meadow_users_vlan }}',
      '{{ cidr_spark_iot_vlan }}',
    ]);
    // A network whose flow carries no DNS any more is no client.
    const users = m.flows.find((f) => f.from === USERS_NET)!;
    users.services = users.services.filter((s) => s !== 'dns');
    expect(clients(m)).not.toContain('{{ cidr_meadow_users_vlan }}');
    expect(clients(m)).toContain('{{ cidr_spark_iot_vlan }}');
  });

  it('the download client is configured: media mount, model http port, its internal name, the media share owner', () => {
    const m = fixture(withDownloadClient);
    m.storage.find((s) => s.name === 'alpha-media')!.owner = { uid: 1500, gid: 2500 };
    const client = guest(m, roleGuest(m, 'media-downloads'));
    expect(inv(m).all.children.media_downloads.hosts![client.name]).toEqual({
      download_client_media_dir: '/media',
      download_client_rpc_port: 80,
      download_client_hostname: `${client.name}.home.arpa`,
      download_client_uid: 1500,
      download_client_gid: 2500,
    });
  });

  it('admins can use AdGuard: DNS is open to the management network', () => {
    const m = fixtureModel(withDns, withClientNetworks);
    const found = rules(inv(m), m, roleGuest(m, 'dns'));
    expect(found).toContainEqual(expect.objectContaining({ service: 'dns', protocol: 'udp', ports: [53], from: '{{ cidr_ember_mgmt_vlan }}' }));
    expect(found).toContainEqual(expect.objectContaining({ service: 'dns', protocol: 'udp', ports: [53], from: `{{ cidr_${USERS_NET.replace(/-/g, '_')} }}` }));
  });

  it('the bastion tunnel ends on a dedicated guest that forwards only the flows of its network, never on a Proxmox host', () => {
    const m = fixtureModel(withVpnGateway, withDns, withClientNetworks);
    const i = inv(m);
    const name = roleGuest(m, 'vpn-gateway');
    const gateway = i.all.children.vpn_gateway.hosts![name]!;
    const forward = gateway.wireguard_forward_rules as Vars[];
    const net = guest(fixture(withVpnGateway), name).networks[0];
    const netFlows = m.flows.filter((f) => f.from === net);
    expect(new Set(forward.map((r) => `${String(r.to)} ${String(r.service)}`))).toEqual(
      new Set(netFlows.flatMap((f) => f.services.map((s) => `{{ cidr_${f.to.replace(/-/g, '_')} }} ${s}`))),
    );
    expect(forward.map((r) => r.to)).not.toContain(`{{ cidr_${IOT_NET.replace(/-/g, '_')} }}`);
    expect(gateway.wireguard_routed_cidrs).toEqual(['{{ cidr_ember_mgmt_vlan }}', '{{ cidr_forge_servers_vlan }}']);
    expect(members(i, 'vpn_gateway')).toEqual([name]);
    expect(members(i, 'proxmox_hosts')).not.toContain(name);
    expect(i.all.vars.homelab_mgmt_cidr).toBeUndefined();
  });

  it('tunnel traffic (unmasqueraded) is admitted exactly where the management network is, and nowhere else', () => {
    const m = fixtureModel(withVpnGateway, withDns, withClientNetworks, withWorker);
    const i = inv(m);
    const admitted = (name: string, from: string) =>
      rules(i, m, name)
        .filter((r) => r.from === from)
        .map((r) => `${String(r.service)}/${String(r.protocol)}`);
    expect(admitted(roleGuest(m, 'dns'), '{{ wireguard_tunnel_cidr }}')).toContain('dns/udp');
    expect(admitted('kube-master-01', '{{ wireguard_tunnel_cidr }}')).toEqual(['ssh/tcp', 'k8s-api/tcp', 'https/tcp', 'icmp/icmp']);
    for (const g of m.guests)
      expect({ g: g.name, via: admitted(g.name, '{{ wireguard_tunnel_cidr }}') }).toEqual({ g: g.name, via: admitted(g.name, '{{ cidr_ember_mgmt_vlan }}') });
  });

  interface PolicyRoute {
    source: string;
    table: number;
    priority: number;
    routes: { to: string; via: string }[];
  }
  const policy = (hosts: Record<string, Vars | null>, name: string) => hosts[name]?.policy_routes as PolicyRoute[] | undefined;
  const tunnelRoute = (source: string, via = '{{ address_wireguard_01_ember_mgmt_vlan }}') => ({
    source,
    table: 51820,
    priority: 9500,
    routes: [{ to: '{{ wireguard_tunnel_cidr }}', via }],
  });

  it("tunnel replies lost on the gateway's own network (main 258761d: a host there answered the tunnel via the router, which never saw the request): those hosts route the tunnel CIDR back via the gateway", () => {
    const home = inv(fixtureModel(withVpnGateway)).all.children[HOME].hosts!;
    expect(policy(home, 'home-alpha')).toEqual([tunnelRoute('{{ address_home_alpha }}')]);
    // Only for replies from its management address: what reached proxy-01's servers address goes back through the router.
    expect(policy(home, 'proxy-01')?.[0]).toEqual(tunnelRoute('{{ address_proxy_01_ember_mgmt_vlan }}'));
    // The gateway itself, and guests only on the servers network (reached through the router both ways), get none.
    for (const name of ['wireguard-01', 'tunnel-01', 'kube-master-01']) expect(policy(home, name)).toBeUndefined();
  });

  it('admins reaching the proxy on its servers address lost the reply (review of main f83e25f: it left out of the management NIC beside it): each address of a multi-homed guest answers through its own gateway', () => {
    const home = inv(fixtureModel(withVpnGateway)).all.children[HOME].hosts!;
    expect(policy(home, 'proxy-01')?.slice(1)).toEqual([
      { source: '{{ address_proxy_01_forge_servers_vlan }}', table: 100, priority: 9600, routes: [{ to: 'default', via: '{{ gateway_forge_servers_vlan }}' }] },
      { source: '{{ address_proxy_01_ember_mgmt_vlan }}', table: 101, priority: 9601, routes: [{ to: 'default', via: '{{ gateway_ember_mgmt_vlan }}' }] },
    ]);
  });

  it('a planned host gets no policy routes (no play runs on it)', () => {
    // The planned site's host sits on the vpn gateway's network like the active Proxmox host, which gets the route.
    const m = fixtureModel(withVpnGateway, withPlannedSite);
    const gatewayNet = guest(fixture(withVpnGateway), roleGuest(m, 'vpn-gateway')).networks[0];
    expect(host(fixture(withPlannedSite), PLANNED_HOST).networks).toContain(gatewayNet);
    const i = inv(m);
    expect(policy(i.all.children[PLANNED_SITE].hosts!, PLANNED_HOST)).toBeUndefined();
    expect(policy(i.all.children[HOME].hosts!, 'home-alpha')).toHaveLength(1);
  });

  it('a multi-homed Kubernetes node keeps its routing to k3s (no source routes)', () => {
    const home = inv(
      fixtureModel((d) => {
        guest(d, 'kube-master-01').networks.push('ember-mgmt-vlan');
        return d;
      }),
    ).all.children[HOME].hosts!;
    expect(policy(home, 'kube-master-01')).toBeUndefined();
  });

  it('the return route follows the gateway: on the servers network its neighbours there route back, the management hosts do not', () => {
    const i = inv(
      fixtureModel(withVpnGateway, (d) => {
        guest(d, 'wireguard-01').networks = ['forge-servers-vlan'];
        return d;
      }),
    );
    const home = i.all.children[HOME].hosts!;
    const routed = Object.keys(home).filter((name) => policy(home, name)?.some((p) => p.table === 51820));
    expect(routed).toEqual(['kube-master-01', 'tunnel-01', 'proxy-01']);
    expect(policy(home, 'tunnel-01')).toEqual([tunnelRoute('{{ address_tunnel_01_forge_servers_vlan }}', '{{ address_wireguard_01_forge_servers_vlan }}')]);
  });

  it('WireGuard on the bastion is open from anywhere (changing home address), SSH only from the admin CIDRs', () => {
    const m = fixtureModel(withOpenWireguard);
    expect(rules(inv(m), m, 'bastion-01')).toEqual([
      expect.objectContaining({ service: 'ssh', ports: [22], from: '{{ admin_cidrs }}' }),
      expect.objectContaining({ service: 'wireguard', protocol: 'udp', ports: [51820], from: '0.0.0.0/0' }),
    ]);
  });

  it('worker data disks are used: local-path volumes land on the data disk; every VM runs the guest agent', () => {
    const m = fixtureModel(withWorker, withServiceVm());
    const i = inv(m);
    expect(hostvars(i, m, 'kube-worker-01').data_disks_mounts).toEqual([
      expect.objectContaining({ device: '/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1', path: '/var/lib/local-path-provisioner' }),
    ]);
    expect(hostvars(i, m, 'svc-01').data_disks_mounts).toBeUndefined();
    expect(m.guests.map((g) => [g.name, hostvars(i, m, g.name).homelab_qemu_guest_agent])).toEqual(m.guests.map((g) => [g.name, g.kind === 'vm']));
  });
});

describe('VM disks and the media library on the Proxmox root filesystem (main 258761d: directory pools under /var/lib on /)', () => {
  it("each directory pool carries what its filesystem must hold: its active guests' disks plus room for images and templates", () => {
    const m = fixtureModel(withWorker);
    const pools = (inv(m).all.children.pve_network_hosts.hosts!['home-alpha'] as { pve_local_storage: { id: string; required_gib: number }[] })
      .pve_local_storage;
    const disks = m.guests.flatMap((g) => g.disks).reduce((n, d) => n + d.sizeGiB, 0);
    expect(pools).toEqual([expect.objectContaining({ id: 'alpha-disk', required_gib: disks + POOL_HEADROOM_GIB })]);
  });
});
