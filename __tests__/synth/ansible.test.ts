import { parse } from 'yaml';
import { homelab } from '../../homelab';
import type { Homelab } from '../../model/types';
import { synthAnsible, inventory, adguardRewrites, npmProxyHosts, ANSIBLE_INVENTORY, VAULT_EXAMPLE } from '../../synth/ansible';
import { synthesize, OWNERSHIP } from '../../synth';
import { assertOwned } from '../../synth/outputs';
import { secretCatalogue } from '../../model/secrets';
import { SERVICE_PORTS } from '../../model/services';
import * as fs from 'fs';
import * as path from 'path';

type Inv = { all: { vars: Record<string, unknown>; children: Record<string, { hosts?: Record<string, Record<string, unknown> | null>; children?: Record<string, unknown>; vars?: Record<string, unknown> }> } };

function inv(model: Homelab = homelab): Inv {
  return parse(synthAnsible(model).get(`${ANSIBLE_INVENTORY}/hosts.yml`)!) as Inv;
}

function members(i: Inv, group: string): string[] {
  return Object.keys(i.all.children[group]?.hosts ?? {});
}

describe('Ansible inventory generated from the model', () => {
  it('groups hosts by location and by role', () => {
    const i = inv();
    expect(members(i, 'asgard')).toEqual(expect.arrayContaining(['asgard-atlas', 'k8s-master-01', 'bananagator-01']));
    expect(members(i, 'wano')).toEqual(['wano-zunesha']);
    expect(members(i, 'coruscant')).toEqual(['bastion-01']);
    expect(Object.keys(i.all.children.cloud.children ?? {})).toEqual(['babylon', 'coruscant']);
    expect(members(i, 'proxmox_hosts')).toEqual(['asgard-atlas', 'asgard-prometheus', 'asgard-godzilla']);
    expect(members(i, 'k8s_control_plane')).toEqual(['k8s-master-01']);
    expect(members(i, 'k8s_workers')).toEqual(['k8s-worker-01', 'k8s-worker-02']);
    expect(members(i, 'tunnel')).toEqual(['bananagator-01']);
    expect(members(i, 'reverse_proxy')).toEqual(['nginx-proxy-01']);
    expect(members(i, 'dns')).toEqual(['adguard-01']);
    expect(members(i, 'bastion')).toEqual(['bastion-01']);
    expect(members(i, 'planned')).toEqual(['wano-zunesha']);
    expect(members(i, 'gpu_passthrough_hosts')).toEqual(['asgard-godzilla']);
  });

  it('takes every ansible_host from a vault variable, never a literal', () => {
    const i = inv();
    const hostvars = Object.values(i.all.children).flatMap((g) => Object.entries(g.hosts ?? {})).filter(([, v]) => v && 'ansible_host' in v);
    expect(hostvars.length).toBe(homelab.hosts.length + homelab.guests.length + homelab.cloudInstances.length);
    const names = new Set(secretCatalogue(homelab).map((k) => k.name));
    for (const [host, v] of hostvars) {
      const m = /^\{\{ ([a-z0-9_]+) \}\}$/.exec(String(v!.ansible_host));
      expect({ host, ref: m?.[1] && names.has(m[1]) }).toEqual({ host, ref: true });
    }
  });

  it('pins k3s from the model and disables the bundled parts the k8s layer owns', () => {
    const vars = inv().all.children.asgard_orion_cluster.vars!;
    expect(vars.k3s_version).toBe('v1.31.6+k3s1');
    expect(vars.k3s_disable).toEqual(['traefik', 'local-storage']);
    expect(vars.flux_cluster_path).toBe('k8s/clusters/asgard-orion-cluster');
    expect(vars.flux_cluster_secrets).toEqual(expect.arrayContaining([{ name: 'SECRET_DOMAIN', vault_key: 'domain' }]));
  });

  it('keeps what k3s bundles when the model has no app for it', () => {
    const model: Homelab = { ...homelab, apps: homelab.apps.filter((a) => a.name !== 'traefik' && a.name !== 'local-path-provisioner') };
    expect(inventory(model).children!.asgard_orion_cluster.vars!.k3s_disable).toEqual([]);
  });

  it('exports the host share to the storage network and mounts it where a guest needs it', () => {
    const i = inv();
    expect(i.all.children.nfs_servers.hosts!['asgard-atlas']).toEqual({ nfs_exports: [{ storage: 'atlas-data', path: '/mnt/data', clients: '{{ cidr_mimir_storage_vlan }}', options: 'rw,sync,no_subtree_check,root_squash' }] });
    expect(i.all.children.nfs_clients.hosts!['asgard-prometheus']).toEqual({ nfs_mounts: [expect.objectContaining({ src: '{{ media_nfs_server }}:/mnt/data', path: '/mnt/pve/atlas-data' })] });
  });

  it('derives host firewall rules from the flow matrix with vault CIDRs as sources', () => {
    const adguard = inv().all.children.asgard.hosts!['adguard-01']!;
    const rules = adguard.host_firewall_rules as Array<Record<string, unknown>>;
    expect(rules).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'dns', protocol: 'udp', ports: [53], from: '{{ cidr_bifrost_iot_vlan }}' })]));
    expect(rules.every((r) => /^\{\{ cidr_[a-z_]+ \}\}$/.test(String(r.from)))).toBe(true);
  });
});

describe('lxc-configs generated from the model', () => {
  it('AdGuard rewrites map every home.arpa name to its vault address', () => {
    const rewrites = adguardRewrites(homelab);
    expect(rewrites).toEqual(expect.arrayContaining([
      { domain: 'k8s-master-01.home.arpa', answer: '{{ address_k8s_master_01_valhalla_apps_vlan }}' },
      { domain: 'nginx-proxy-01.home.arpa', answer: '{{ address_nginx_proxy_01_styx_servers_vlan }}' },
      { domain: 'traefik.home.arpa', answer: '{{ address_k8s_worker_02_valhalla_apps_vlan }}' },
      { domain: 'pve.{{ domain }}', answer: '{{ address_nginx_proxy_01_styx_servers_vlan }}' },
    ]));
    expect(rewrites.some((r) => String(r.domain).startsWith('wano-zunesha'))).toBe(false);
  });

  it('Nginx Proxy Manager fronts the active infrastructure UIs by internal name', () => {
    expect(npmProxyHosts(homelab)).toEqual([expect.objectContaining({ name: 'proxmox-ui', domain_names: ['pve.{{ domain }}'], forward_host: 'asgard-atlas.home.arpa', forward_port: 8006, auth: 'authentik' })]);
  });
});

describe('custom websites behind Nginx Proxy Manager (model proxySites)', () => {
  const withSite = (auth?: 'none' | 'authentik', guestName = 'authentik-01'): Homelab =>
    ({ ...homelab, proxySites: [{ name: 'status-page', hostname: 'status', upstream: { guest: guestName, port: 8080, scheme: 'http' }, ...(auth ? { auth } : {}) }] }) as Homelab;

  it('become NPM proxy hosts forwarding to the upstream guest by internal name', () => {
    expect(npmProxyHosts(withSite('none'))).toContainEqual({
      name: 'status-page', domain_names: ['status.{{ domain }}'], forward_scheme: 'http', forward_host: 'authentik-01.home.arpa', forward_port: 8080, auth: 'none', websockets: false,
    });
  });

  it('are published through the tunnel and split-horizon DNS like the infrastructure UIs, behind Authentik by default', () => {
    const result = synthesize(withSite());
    expect(result.files.get('lxc-configs/nginx-proxy-01/proxy-hosts.yml')).toContain('status.{{ domain }}');
    expect(adguardRewrites(withSite())).toContainEqual({ domain: 'status.{{ domain }}', answer: '{{ address_nginx_proxy_01_styx_servers_vlan }}' });
    expect(npmProxyHosts(withSite()).find((h) => h.name === 'status-page')?.auth).toBe('authentik');
  });

  it('reject an upstream guest that does not exist, naming the site, the rule and the fix', () => {
    expect(() => synthesize(withSite('none', 'wiki-01'))).toThrow(/\[proxySites\/status-page\/upstream\] guest "wiki-01" does not exist — rule: edge-references — fix: use one of /);
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
    const example = parse(synthAnsible(homelab).get(VAULT_EXAMPLE)!) as Record<string, unknown>;
    expect(Object.keys(example)).toEqual(secretCatalogue(homelab).map((k) => k.name));
  });

  it('matches the snapshot', () => {
    expect(Object.fromEntries(synthAnsible(homelab))).toMatchSnapshot();
  });

  it('the WireGuard role listens on the port the bastion firewalls (OCI security list, host firewall) open', () => {
    const defaults = parse(fs.readFileSync(path.join(__dirname, '../../ansible/roles/wireguard/defaults/main.yml'), 'utf8')) as { wireguard_port: number };
    expect(SERVICE_PORTS.wireguard).toEqual([{ protocol: 'udp', ports: [defaults.wireguard_port] }]);
    const bastion = homelab.cloudInstances.find((c) => c.role === 'bastion')!;
    expect(bastion.inbound).toContain('wireguard');
  });
});
