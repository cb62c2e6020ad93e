import { parse } from 'yaml';
import { homelab } from '../../homelab';
import type { Homelab } from '../../model/types';
import { idmap, synthAnsible, inventory, adguardRewrites, npmProxyHosts, ANSIBLE_INVENTORY, VAULT_EXAMPLE } from '../../synth/ansible';
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
  fixtureModel,
  withDownloadClient,
  withInfraEndpoint,
  withMediaApp,
  withOciBastion,
  withVpnGateway,
  withWorker,
} from '../fixtures/models';
import { resolve, resolveModel } from '../../model/resolved';
import { POOL_HEADROOM_GIB } from '../../model/derive';

interface Inv {
  all: {
    vars: Record<string, unknown>;
    children: Record<string, { hosts?: Record<string, Record<string, unknown> | null>; children?: Record<string, unknown>; vars?: Record<string, unknown> }>;
  };
}

/** The fixture of the inventory tests: the base site with a worker, a public media app, an OCI bastion, the Proxmox UI. */
const fixture = fixtureModel(withWorker, withMediaApp, withOciBastion, withInfraEndpoint);

function inv(model: Homelab): Inv {
  return parse(synthAnsible(resolveModel(model)).get(`${ANSIBLE_INVENTORY}/hosts.yml`)!) as Inv;
}

function members(i: Inv, group: string): string[] {
  return Object.hasOwn(i.all.children, group) ? Object.keys(i.all.children[group].hosts ?? {}) : [];
}

describe('Ansible inventory generated from the model', () => {
  it('groups hosts by location and by role', () => {
    const i = inv(fixture);
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
      m.guests.find((g) => g.name === 'proxy-01')!.lifecycle = 'planned';
      return m;
    });
    expect(members(inv(planned), 'planned')).toEqual(['proxy-01']);
  });

  it('takes every ansible_host from a vault variable, never a literal', () => {
    const i = inv(fixture);
    const hostvars = Object.values(i.all.children)
      .flatMap((g) => Object.entries(g.hosts ?? {}))
      .filter(([, v]) => v && 'ansible_host' in v);
    expect(hostvars.length).toBe(fixture.hosts.length + fixture.guests.length + fixture.cloudInstances.length);
    const names = new Set(secretCatalogue(fixture).map((k) => k.name));
    for (const [host, v] of hostvars) {
      const m = /^\{\{ ([a-z0-9_]+) \}\}$/.exec(String(v!.ansible_host));
      expect({ host, ref: m?.[1] && names.has(m[1]) }).toEqual({ host, ref: true });
    }
  });

  it('pins k3s from the model and disables the bundled parts the k8s layer owns', () => {
    const vars = inv(fixture).all.children[CLUSTER.replace(/-/g, '_')].vars!;
    expect(vars.k3s_version).toBe(fixture.clusters[0].version);
    expect(vars.k3s_disable).toEqual(['traefik', 'local-storage']);
    expect(vars.flux_cluster_path).toBe(`k8s/clusters/${CLUSTER}`);
    expect(vars.flux_substitution_secrets).toEqual(
      expect.arrayContaining([{ name: 'cluster-secrets-traefik', keys: expect.arrayContaining([{ name: 'SECRET_DOMAIN', vault_key: 'domain' }]) }]),
    );
  });

  it("hands each app only its own substitutions (no all-keys cluster-secrets: an app cannot substitute another's token)", () => {
    const vars = inv(homelab).all.children.asgard_orion_cluster.vars!;
    expect(vars.flux_cluster_secrets).toBeUndefined();
    const sets = vars.flux_substitution_secrets as { name: string; keys: { name: string; vault_key: string }[] }[];
    const holders = sets.filter((s) => s.keys.some((k) => k.vault_key === 'cloudflare_dns_api_token')).map((s) => s.name);
    expect(holders).toEqual(['cluster-secrets-traefik']);
    expect(vars.flux_git_verification_secret).toBe('flux-git-verification-keys');
  });

  it('keeps what k3s bundles when the model has no app for it', () => {
    const model: Homelab = { ...homelab, apps: homelab.apps.filter((a) => a.name !== 'traefik' && a.name !== 'local-path-provisioner') };
    expect(inventory(resolve(model)).children!.asgard_orion_cluster.vars!.k3s_disable).toEqual([]);
  });

  it('exports the host share to the storage network and mounts it where a guest needs it', () => {
    const i = inv(homelab);
    expect(i.all.children.nfs_servers.hosts!['asgard-atlas']).toEqual({
      nfs_exports: [
        {
          storage: 'atlas-data',
          path: '/mnt/data',
          clients: '{{ cidr_mimir_storage_vlan }}',
          options: 'rw,sync,no_subtree_check,all_squash,anonuid=1000,anongid=1000',
          owner_uid: 1000,
          owner_gid: 1000,
          mode: '2775',
        },
      ],
    });
    expect(i.all.children.nfs_clients.hosts!['asgard-prometheus']).toEqual({
      nfs_mounts: [expect.objectContaining({ src: '{{ media_nfs_server }}:/mnt/data', path: '/mnt/platform-stack/atlas-data' })],
    });
  });

  it('media share mounted twice (main 258761d: Proxmox NFS storage and an fstab entry, both at /mnt/pve/atlas-data): one mount per node, outside /mnt/pve', () => {
    const i = inv(homelab);
    const mounts = (i.all.children.nfs_clients.hosts!['asgard-prometheus'] as { nfs_mounts: { storage: string; path: string }[] }).nfs_mounts;
    expect(mounts.filter((m) => m.storage === 'atlas-data').map((m) => m.path)).toEqual(['/mnt/platform-stack/atlas-data']);
    expect(JSON.stringify(i)).not.toMatch(/\/mnt\/pve\//);
  });

  it("a container on the share's own server binds the export itself (there is no NFS mount of it there)", () => {
    const m = fixtureModel(withMediaApp, withDownloadClient);
    const i = inv(m);
    expect(members(i, 'nfs_clients')).not.toContain('home-alpha');
    expect(i.all.children.pve_bind_mount_hosts.hosts!['home-alpha']).toEqual({
      pve_bind_mounts: [expect.objectContaining({ guest: 'downloads-01', host_path: '/srv/media', path: '/media' })],
    });
  });

  it('media share not writable (main 779b6ec: root_squash, root:root 0775): every client is squashed to the share owner', () => {
    const exp = (inv(homelab).all.children.nfs_servers.hosts!['asgard-atlas'] as { nfs_exports: Record<string, unknown>[] }).nfs_exports[0];
    expect(exp.options).not.toMatch(/root_squash/);
    expect(exp.options).toMatch(/all_squash,anonuid=1000,anongid=1000/);
    expect([exp.owner_uid, exp.owner_gid]).toEqual([1000, 1000]);
  });

  it('media-01 writes as the share owner: its bind mount and id mapping are host vars of its node, set as root', () => {
    expect(inv(homelab).all.children.pve_bind_mount_hosts.hosts).toEqual({
      'asgard-prometheus': {
        pve_bind_mounts: [
          expect.objectContaining({
            guest: 'media-01',
            vmid: 231,
            mount: 'mp0',
            host_path: '/mnt/platform-stack/atlas-data',
            path: '/media',
            privileged: false,
            owner_uid: 1000,
            owner_gid: 1000,
            subids: [
              { file: 'subuid', id: 1000 },
              { file: 'subgid', id: 1000 },
            ],
          }),
        ],
      },
    });
  });

  it('media-01 writes as uid 1000 on the host: the owner maps 1:1, every other container id stays shifted', () => {
    expect(idmap('u', 1000)).toEqual([
      { kind: 'u', start: 0, host: 100000, count: 1000 },
      { kind: 'u', start: 1000, host: 1000, count: 1 },
      { kind: 'u', start: 1001, host: 101001, count: 64535 },
    ]);
    const lines = (
      inv(homelab).all.children.pve_bind_mount_hosts.hosts!['asgard-prometheus'] as { pve_bind_mounts: { idmap: { kind: string; count: number }[] }[] }
    ).pve_bind_mounts[0].idmap;
    for (const kind of ['u', 'g']) expect(lines.filter((l) => l.kind === kind).reduce((n, l) => n + l.count, 0)).toBe(65536);
  });

  it('one PCI format: the vfio role reads the same vault keys as the tofu mapping', () => {
    expect(inv(homelab).all.children.gpu_passthrough_hosts.hosts!['asgard-godzilla']).toEqual({
      vfio_devices: [{ name: 'godzilla-gpu0', path: '{{ pci_path_godzilla_gpu0 }}', ids: '{{ pci_ids_godzilla_gpu0 }}', all_functions: true }],
    });
  });

  it('bridges VLAN-aware and storage-network addresses on every Proxmox node (main 779b6ec: claimed, not done)', () => {
    const hosts = inv(homelab).all.children.pve_network_hosts.hosts!;
    expect(Object.keys(hosts).sort()).toEqual(['asgard-atlas', 'asgard-godzilla', 'asgard-prometheus']);
    expect(hosts['asgard-atlas']).toEqual({
      pve_local_storage: [
        {
          id: 'atlas-bedrock',
          path: '/var/lib/platform-stack/storage/atlas-bedrock',
          content: ['images', 'import', 'iso', 'rootdir', 'snippets', 'vztmpl'],
          required_gib: 234,
        },
      ],
      pve_vlan_aware_bridges: ['vmbr0', 'vmbr1'],
      pve_vlan_interfaces: [
        {
          network: 'mimir-storage-vlan',
          bridge: 'vmbr1',
          vlan_id: '{{ vlan_id_mimir_storage_vlan }}',
          address: '{{ address_asgard_atlas_mimir_storage_vlan }}',
          cidr: '{{ cidr_mimir_storage_vlan }}',
        },
      ],
    });
  });

  it("the Proxmox API token is made for the model's automation user on the first node only", () => {
    expect(inv(homelab).all.children.pve_access_hosts.hosts).toEqual({
      'asgard-atlas': { pve_automation_user: 'tofu@pve', pve_automation_token_id: 'platform-stack', pve_automation_role: 'PlatformStackProvisioner' },
    });
  });

  it('derives host firewall rules from the flow matrix with vault CIDRs as sources', () => {
    const adguard = inv(homelab).all.children.asgard.hosts!['adguard-01']!;
    const rules = adguard.host_firewall_rules as Record<string, unknown>[];
    expect(rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ service: 'dns', protocol: 'udp', ports: [53], from: '{{ cidr_bifrost_iot_vlan }}' })]),
    );
    expect(rules.every((r) => /^\{\{ (cidr_[a-z_]+|wireguard_tunnel_cidr) \}\}$/.test(String(r.from)))).toBe(true);
  });
});

describe('lxc-configs generated from the model', () => {
  it('AdGuard rewrites map every home.arpa name to its vault address', () => {
    const rewrites = adguardRewrites(resolveModel(homelab));
    expect(rewrites).toEqual(
      expect.arrayContaining([
        { domain: 'k8s-master-01.home.arpa', answer: '{{ address_k8s_master_01_valhalla_apps_vlan }}' },
        { domain: 'nginx-proxy-01.home.arpa', answer: '{{ address_nginx_proxy_01_styx_servers_vlan }}' },
        { domain: 'traefik.home.arpa', answer: '{{ address_k8s_worker_02_valhalla_apps_vlan }}' },
        { domain: 'pve.{{ domain }}', answer: '{{ address_nginx_proxy_01_styx_servers_vlan }}' },
      ]),
    );
    expect(rewrites.some((r) => String(r.domain).startsWith('wano-zunesha'))).toBe(false);
  });

  it('Nginx Proxy Manager fronts the active infrastructure UIs by internal name', () => {
    expect(npmProxyHosts(resolveModel(homelab))).toEqual([
      expect.objectContaining({
        name: 'proxmox-ui',
        domain_names: ['pve.{{ domain }}'],
        forward_host: 'asgard-atlas.home.arpa',
        forward_port: 8006,
        auth: 'authentik',
      }),
    ]);
  });
});

describe('custom websites behind Nginx Proxy Manager (model proxySites)', () => {
  const withSite = (auth?: 'none' | 'authentik', guestName = 'authentik-01'): Homelab => ({
    ...homelab,
    proxySites: [{ name: 'status-page', hostname: 'status', upstream: { guest: guestName, port: 8080, scheme: 'http' }, ...(auth ? { auth } : {}) }],
  });

  it('become NPM proxy hosts forwarding to the upstream guest by internal name', () => {
    expect(npmProxyHosts(resolveModel(withSite('none')))).toContainEqual({
      name: 'status-page',
      domain_names: ['status.{{ domain }}'],
      forward_scheme: 'http',
      forward_host: 'authentik-01.home.arpa',
      forward_port: 8080,
      auth: 'none',
      websockets: false,
    });
  });

  it('are published through the tunnel and split-horizon DNS like the infrastructure UIs, behind Authentik by default', () => {
    const result = synthesize(withSite());
    expect(result.files.get('lxc-configs/nginx-proxy-01/proxy-hosts.yml')).toContain('status.{{ domain }}');
    expect(adguardRewrites(resolveModel(withSite()))).toContainEqual({
      domain: 'status.{{ domain }}',
      answer: '{{ address_nginx_proxy_01_styx_servers_vlan }}',
    });
    expect(npmProxyHosts(resolveModel(withSite())).find((h) => h.name === 'status-page')?.auth).toBe('authentik');
  });

  it('reject an upstream guest that does not exist, naming the site, the rule and the fix', () => {
    expect(() => synthesize(withSite('none', 'wiki-01'))).toThrow(
      /\[proxySites\/status-page\/upstream\] guest "wiki-01" does not exist — rule: edge-references — fix: use one of /,
    );
  });
});

describe('ansible outputs in the synth', () => {
  it('are owned by synth and deterministic', () => {
    const a = synthesize(homelab);
    expect(() => assertOwned(a.files, OWNERSHIP)).not.toThrow();
    expect([...a.files.keys()]).toEqual(expect.arrayContaining([`${ANSIBLE_INVENTORY}/hosts.yml`, VAULT_EXAMPLE, 'lxc-configs/adguard-01/rewrites.yml']));
    const b = synthesize(homelab);
    expect([...b.files]).toEqual([...a.files]);
  });

  it('the vault example lists every catalogue key', () => {
    const example = parse(synthAnsible(resolveModel(homelab)).get(VAULT_EXAMPLE)!) as Record<string, unknown>;
    expect(Object.keys(example)).toEqual(secretCatalogue(homelab).map((k) => k.name));
  });

  it('matches the snapshot', () => {
    expect(Object.fromEntries(synthAnsible(resolveModel(homelab)))).toMatchSnapshot();
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
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- bastion is the only cloud role today; the find keeps the meaning
    const bastion = homelab.cloudInstances.find((c) => c.role === 'bastion')!;
    expect([...bastion.inbound, ...(bastion.openInbound ?? []).map((o) => o.service)]).toContain('wireguard');
  });
});

describe('day-one fixes in the inventory (issues 14 and 18)', () => {
  const hostvars = (name: string) => inv(homelab).all.children.asgard.hosts![name] ?? inv(homelab).all.children.coruscant.hosts![name]!;
  const group = (name: string) => inv(homelab).all.children[name];

  it('pve login works: the outpost guest opens 9000 to the NGINX proxy network and is told the server version and URL', () => {
    const rules = hostvars('authentik-01').host_firewall_rules as Record<string, unknown>[];
    expect(rules).toContainEqual(
      expect.objectContaining({ service: 'authentik-outpost', protocol: 'tcp', ports: [9000], from: '{{ cidr_styx_servers_vlan }}' }),
    );
    expect(rules.map((r) => r.service)).not.toContain('https');
    expect(group('identity_outpost').hosts!['authentik-01']).toEqual({
      authentik_outpost_version: '2025.8.4',
      authentik_outpost_server_url: 'https://auth.{{ domain }}',
      authentik_outpost_port: 9000,
    });
  });

  it('AdGuard answers exactly the networks whose flows carry DNS to it (management, users, IoT, servers, apps, the tunnel)', () => {
    expect(group('dns').hosts!['adguard-01']).toEqual({
      adguard_home_allowed_clients: [
        '{{ cidr_heimdall_mgmt_vlan }}',
        '{{ wireguard_tunnel_cidr }}',
        '{{ cidr_styx_servers_vlan }}',
        '{{ cidr_valhalla_apps_vlan }}',
        '{{ cidr_bifrost_iot_vlan }}',
        '{{ cidr_midgard_users_vlan }}',
      ],
    });
  });

  it('the download client is configured: media mount, model http port, its internal name, the media share owner', () => {
    const owner = homelab.storage.find((s) => s.name === 'atlas-data')!.owner!;
    expect(group('media_downloads').hosts!['media-01']).toEqual({
      download_client_media_dir: '/media',
      download_client_rpc_port: 80,
      download_client_hostname: 'media-01.home.arpa',
      download_client_uid: owner.uid,
      download_client_gid: owner.gid,
    });
  });

  it('admins can use AdGuard: DNS is open to the management network', () => {
    const rules = hostvars('adguard-01').host_firewall_rules as Record<string, unknown>[];
    expect(rules).toContainEqual(expect.objectContaining({ service: 'dns', protocol: 'udp', ports: [53], from: '{{ cidr_heimdall_mgmt_vlan }}' }));
    expect(rules).toContainEqual(expect.objectContaining({ service: 'dns', protocol: 'udp', ports: [53], from: '{{ cidr_midgard_users_vlan }}' }));
  });

  it('the bastion tunnel ends on a dedicated guest that forwards only the flows of its network, never on a Proxmox host', () => {
    const gateway = group('vpn_gateway').hosts!['wireguard-01']!;
    const forward = gateway.wireguard_forward_rules as Record<string, unknown>[];
    const mgmtFlows = homelab.flows.filter((f) => f.from === 'heimdall-mgmt-vlan');
    expect(new Set(forward.map((r) => `${String(r.to)} ${String(r.service)}`))).toEqual(
      new Set(mgmtFlows.flatMap((f) => f.services.map((s) => `{{ cidr_${f.to.replace(/-/g, '_')} }} ${s}`))),
    );
    expect(gateway.wireguard_routed_cidrs).toEqual(['{{ cidr_styx_servers_vlan }}', '{{ cidr_valhalla_apps_vlan }}', '{{ cidr_heimdall_mgmt_vlan }}']);
    expect(members(inv(homelab), 'vpn_gateway')).toEqual(['wireguard-01']);
    expect(inv(homelab).all.vars.homelab_mgmt_cidr).toBeUndefined();
  });

  it('tunnel traffic (unmasqueraded) is admitted exactly where the management network is, and nowhere else', () => {
    const adguard = hostvars('adguard-01').host_firewall_rules as Record<string, unknown>[];
    expect(adguard).toContainEqual(expect.objectContaining({ service: 'dns', from: '{{ wireguard_tunnel_cidr }}' }));
    const media = hostvars('media-01').host_firewall_rules as Record<string, unknown>[];
    expect(media.filter((r) => r.from === '{{ wireguard_tunnel_cidr }}').map((r) => r.service)).toEqual(['ssh', 'http', 'icmp']);
  });

  interface PolicyRoute {
    source: string;
    table: number;
    priority: number;
    routes: { to: string; via: string }[];
  }
  const policy = (hosts: Record<string, Record<string, unknown> | null>, name: string) => hosts[name]?.policy_routes as PolicyRoute[] | undefined;
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
    // wano-zunesha (planned) sits on the vpn gateway's network like the active Proxmox hosts, which get the route.
    const i = inv(homelab);
    expect(policy(i.all.children.wano.hosts!, 'wano-zunesha')).toBeUndefined();
    expect(policy(i.all.children.asgard.hosts!, 'asgard-atlas')).toHaveLength(1);
  });

  it('a multi-homed Kubernetes node keeps its routing to k3s (no source routes)', () => {
    const home = inv(
      fixtureModel((d) => {
        d.guests.find((g) => g.name === 'kube-master-01')!.networks.push('ember-mgmt-vlan');
        return d;
      }),
    ).all.children[HOME].hosts!;
    expect(policy(home, 'kube-master-01')).toBeUndefined();
  });

  it('the return route follows the gateway: on the servers network its neighbours there route back, the management hosts do not', () => {
    const i = inv(
      fixtureModel(withVpnGateway, (d) => {
        d.guests.find((g) => g.name === 'wireguard-01')!.networks = ['forge-servers-vlan'];
        return d;
      }),
    );
    const home = i.all.children[HOME].hosts!;
    const routed = Object.keys(home).filter((name) => policy(home, name)?.some((p) => p.table === 51820));
    expect(routed).toEqual(['kube-master-01', 'tunnel-01', 'proxy-01']);
    expect(policy(home, 'tunnel-01')).toEqual([tunnelRoute('{{ address_tunnel_01_forge_servers_vlan }}', '{{ address_wireguard_01_forge_servers_vlan }}')]);
  });

  it('WireGuard on the bastion is open from anywhere (changing home address), SSH only from the admin CIDRs', () => {
    const rules = hostvars('bastion-01').host_firewall_rules as Record<string, unknown>[];
    expect(rules).toEqual([
      expect.objectContaining({ service: 'ssh', ports: [22], from: '{{ admin_cidrs }}' }),
      expect.objectContaining({ service: 'wireguard', protocol: 'udp', ports: [51820], from: '0.0.0.0/0' }),
    ]);
  });

  it('worker data disks are used: local-path volumes land on the 100 GiB disk; every VM runs the guest agent', () => {
    for (const w of ['k8s-worker-01', 'k8s-worker-02'])
      expect(hostvars(w).data_disks_mounts).toEqual([
        expect.objectContaining({ device: '/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1', path: '/var/lib/local-path-provisioner' }),
      ]);
    expect(hostvars('k8s-worker-01').homelab_qemu_guest_agent).toBe(true);
    expect(hostvars('media-01').homelab_qemu_guest_agent).toBe(false);
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
