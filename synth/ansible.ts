/**
 * Ansible layer: the inventory (ansible/inventory/hosts.yml), the per-LXC configuration the playbooks deploy
 * (lxc-configs/<guest>/) and the plaintext example of the vault (ansible/vault.example.yml), all from the model.
 * Every address, CIDR, VLAN ID and the domain are Jinja references to vault variables (`{{ address_… }}`), so the
 * generated files hold names only.
 */
import { stringify } from 'yaml';
import type { GuestSpec, Homelab, HostSpec, ServiceName } from '../model/types';
import { secretNames, fluxSubstitutions } from '../model/secrets';
import { SERVICE_PORTS } from '../model/services';
import { clusterNodes, publicRoutes, siteActive } from '../model/derive';
import { isGuestActive } from '../model/lookup';
import { ansibleGroup, internalHostname, INTERNAL_ZONE, k8sNames, nfsMountPoint } from '../naming/names';
import { clusterPath } from '../charts/layout';
import { exampleVaultYaml } from '../secrets/example';
import { liveMediaStorage, storageNetwork } from '../secrets/layout';
import { hashHeader } from './header';
import type { OutputFiles } from './outputs';

export const ANSIBLE_INVENTORY = 'ansible/inventory';
export const LXC_CONFIGS = 'lxc-configs';
export const VAULT_EXAMPLE = 'ansible/vault.example.yml';

/** A Jinja reference to a vault variable: the only way a generated file mentions a secret. */
export function vaultRef(key: string): string {
  return `{{ ${key} }}`;
}

type Vars = Record<string, unknown>;
interface Group {
  hosts?: Record<string, Vars | null>;
  children?: Record<string, Group>;
  vars?: Vars;
}

function yamlText(value: unknown): string {
  return `${hashHeader()}${stringify(value, { lineWidth: 0, sortMapEntries: false, nullStr: '' })}`;
}

function addTo(groups: Map<string, Group>, group: string, host: string, vars: Vars | null = null): void {
  const g = groups.get(group) ?? {};
  g.hosts ??= {};
  g.hosts[host] = vars;
  groups.set(group, g);
}

/** Host firewall allow-list of a guest: flows into its networks for the services it serves. */
function firewallRules(model: Homelab, networks: readonly string[], serves: readonly ServiceName[]): Vars[] {
  const rules: Vars[] = [];
  for (const flow of model.flows) {
    if (!networks.includes(flow.to) || flow.from === 'internet') continue;
    for (const service of flow.services) {
      if (service !== 'any' && !serves.includes(service)) continue;
      for (const p of SERVICE_PORTS[service]) {
        rules.push({ service, protocol: p.protocol, ports: [...p.ports], from: vaultRef(secretNames.cidr(flow.from)), why: flow.why });
      }
    }
  }
  return rules;
}

function networkVars(networks: readonly string[], addressKey: (net: string) => string): Vars[] {
  return networks.map((net) => ({
    name: net,
    vlan_id: vaultRef(secretNames.vlanId(net)),
    cidr: vaultRef(secretNames.cidr(net)),
    gateway: vaultRef(secretNames.gateway(net)),
    address: vaultRef(addressKey(net)),
  }));
}

function hostVars(host: HostSpec): Vars {
  return {
    ansible_host: vaultRef(secretNames.hostAddress(host.name)),
    homelab_kind: host.kind,
    homelab_location: host.location,
    homelab_lifecycle: host.lifecycle ?? 'active',
    internal_hostname: internalHostname(host.name),
    homelab_networks: networkVars(host.networks.slice(0, 1), () => secretNames.hostAddress(host.name)),
  };
}

function guestVars(model: Homelab, guest: GuestSpec): Vars {
  const host = model.hosts.find((h) => h.name === guest.host);
  return {
    ansible_host: vaultRef(secretNames.guestAddress(guest.name, guest.networks[0])),
    homelab_kind: guest.kind,
    homelab_location: host?.location ?? '',
    homelab_lifecycle: isGuestActive(model, guest) ? 'active' : 'planned',
    homelab_role: guest.role,
    homelab_node: guest.host,
    homelab_vmid: guest.vmid,
    internal_hostname: internalHostname(guest.name),
    homelab_networks: networkVars(guest.networks, (net) => secretNames.guestAddress(guest.name, net)),
    host_firewall_rules: firewallRules(model, guest.networks, guest.serves ?? []),
  };
}

/** NFS exports of active hosts (live storage stage) and the NFS mounts Proxmox hosts need for their guests. */
function nfsVars(model: Homelab): { exports: Map<string, Vars[]>; mounts: Map<string, Vars[]> } {
  const exports = new Map<string, Vars[]>();
  const mounts = new Map<string, Vars[]>();
  const media = liveMediaStorage(model);
  for (const s of model.storage) {
    if (s.kind !== 'nfs' || !s.stages.includes(model.storageStage) || s.path === undefined) continue;
    const host = model.hosts.find((h) => h.name === s.host);
    if (host?.kind !== 'proxmox') continue;
    const net = storageNetwork(model, s);
    if (net === undefined) continue;
    exports.set(s.host, [...(exports.get(s.host) ?? []), { storage: s.name, path: s.path, clients: vaultRef(secretNames.cidr(net)), options: 'rw,sync,no_subtree_check,root_squash' }]);
  }
  for (const guest of model.guests.filter((g) => isGuestActive(model, g))) {
    for (const m of guest.mounts ?? []) {
      const s = model.storage.find((x) => x.name === m.storage);
      if (!s || s.kind !== 'nfs' || s.host === guest.host || s.path === undefined) continue;
      const server = media && media.name === s.name ? vaultRef(secretNames.mediaNfsServer) : vaultRef(secretNames.hostAddress(s.host));
      const list = mounts.get(guest.host) ?? [];
      if (!list.some((x) => x.storage === s.name)) list.push({ storage: s.name, src: `${server}:${s.path}`, path: nfsMountPoint(s.name), opts: 'rw,hard,noatime,vers=4.2,_netdev' });
      mounts.set(guest.host, list);
    }
  }
  return { exports, mounts };
}

/** The inventory: groups by location, by kind and by role; host variables name vault keys, never values. */
export function inventory(model: Homelab): Group {
  const groups = new Map<string, Group>();
  const byLocation = new Map<string, Record<string, Vars>>(model.locations.map((l) => [l.name, {}]));
  const planned: string[] = [];

  for (const host of model.hosts) {
    byLocation.get(host.location)![host.name] = hostVars(host);
    addTo(groups, host.kind === 'proxmox' ? 'proxmox_hosts' : 'truenas_hosts', host.name);
    if ((host.lifecycle ?? 'active') === 'planned') planned.push(host.name);
    const gpus = host.gpus ?? [];
    if (gpus.length > 0) addTo(groups, 'gpu_passthrough_hosts', host.name, { vfio_devices: gpus.map((g) => ({ name: g.name, pci: vaultRef(secretNames.gpuPciId(g.name)), all_functions: g.allFunctions ?? true })) });
  }
  const nfs = nfsVars(model);
  for (const [host, exports] of nfs.exports) addTo(groups, 'nfs_servers', host, { nfs_exports: exports });
  for (const [host, mounts] of nfs.mounts) addTo(groups, 'nfs_clients', host, { nfs_mounts: mounts });

  for (const guest of model.guests) {
    const host = model.hosts.find((h) => h.name === guest.host);
    if (host) byLocation.get(host.location)![guest.name] = guestVars(model, guest);
    if (!isGuestActive(model, guest)) planned.push(guest.name);
    addTo(groups, guest.kind === 'lxc' ? 'lxc_guests' : 'vm_guests', guest.name);
    // Kubernetes nodes are grouped by cluster membership below (k8s_control_plane, k8s_workers).
    if (guest.role !== 'k8s-control-plane' && guest.role !== 'k8s-worker') addTo(groups, ansibleGroup(guest.role), guest.name);
  }

  for (const instance of model.cloudInstances) {
    byLocation.get(instance.location)![instance.name] = {
      ansible_host: vaultRef(secretNames.cloudInstanceAddress(instance.name)),
      homelab_kind: 'cloud-instance',
      homelab_location: instance.location,
      homelab_lifecycle: 'active',
      homelab_role: instance.role,
      host_firewall_rules: instance.inbound.flatMap((service) => SERVICE_PORTS[service].map((p) => ({ service, protocol: p.protocol, ports: [...p.ports], from: vaultRef(secretNames.adminCidrs), why: 'Administrators only (admin CIDRs).' }))),
    };
    addTo(groups, ansibleGroup(instance.role), instance.name);
  }

  const clusterGroups: Record<string, Group> = {};
  for (const cluster of model.clusters) {
    const nodes = clusterNodes(model, cluster.name);
    const cp = nodes.filter((n) => n.role === 'control-plane').map((n) => n.guest);
    const workers = nodes.filter((n) => n.role === 'worker').map((n) => n.guest);
    for (const g of cp) addTo(groups, 'k8s_control_plane', g);
    for (const g of workers) addTo(groups, 'k8s_workers', g);
    for (const g of [...cp, ...workers]) addTo(groups, 'nfs_clients', g, { nfs_mounts: [] });
    const apps = new Set(model.apps.filter((a) => a.cluster === cluster.name).map((a) => a.name));
    const nodeNetwork = model.guests.find((g) => g.name === cp[0])?.networks[0] ?? '';
    clusterGroups[ansibleGroup(cluster.name)] = {
      // Each node advertises its address on the cluster network (the control plane's primary network).
      hosts: Object.fromEntries([...cp, ...workers].map((g) => [g, { k3s_node_ip: vaultRef(secretNames.guestAddress(g, nodeNetwork)) }])),
      vars: {
        k8s_cluster_name: cluster.name,
        k8s_distribution: cluster.distribution,
        k3s_version: cluster.version,
        k3s_server: cp[0] ?? '',
        // The k8s layer installs Traefik and the local-path provisioner as apps: k3s must not bundle its own.
        k3s_disable: [...(apps.has('traefik') ? ['traefik'] : []), ...(apps.has('local-path-provisioner') ? ['local-storage'] : [])],
        flux_enabled: apps.has('flux'),
        flux_git_url: model.gitops.repositoryUrl,
        flux_git_branch: model.gitops.branch,
        flux_git_secret: k8sNames.fluxGitSecret,
        flux_cluster_path: clusterPath(cluster.name),
        flux_cluster_secrets_name: k8sNames.clusterSecrets,
        flux_cluster_secrets: fluxSubstitutions(model).map((k) => ({ name: k.fluxName, vault_key: k.name })),
      },
    };
  }

  const restic = model.backups.sources.filter((s) => s.tool === 'restic' && 'host' in s.from);
  const bucketRegion = model.locations.find((l) => l.name === model.backups.location)?.region ?? '';
  for (const source of restic) {
    const hostName = (source.from as { host: string }).host;
    const paths = model.storage.filter((s) => s.host === hostName && s.path !== undefined).map((s) => s.path!);
    addTo(groups, 'restic_backup_sources', hostName, {
      restic_backups: [{
        name: source.name,
        repository: `s3:s3.${bucketRegion}.amazonaws.com/${model.backups.bucket}/${source.prefix.replace(/\/$/, '')}`,
        schedule: source.schedule,
        paths,
        access_key_id: vaultRef(secretNames.backupAccessKeyId(source.name)),
        secret_access_key: vaultRef(secretNames.backupSecretAccessKey(source.name)),
        password: vaultRef(secretNames.resticPassword),
      }],
    });
  }

  const mgmt = model.networks.find((n) => n.purpose === 'mgmt');
  const children: Record<string, Group> = {};
  for (const [loc, hosts] of byLocation) children[ansibleGroup(loc)] = Object.keys(hosts).length > 0 ? { hosts } : {};
  children.on_prem = { children: Object.fromEntries(model.locations.filter((l) => l.kind === 'on-prem').map((l) => [ansibleGroup(l.name), {}])) };
  children.cloud = { children: Object.fromEntries(model.locations.filter((l) => l.kind === 'cloud').map((l) => [ansibleGroup(l.name), {}])) };
  for (const name of [...groups.keys()].sort()) children[name] = groups.get(name)!;
  Object.assign(children, clusterGroups);
  children.planned = planned.length > 0 ? { hosts: Object.fromEntries(planned.map((p) => [p, null])) } : {};
  return {
    vars: {
      homelab_name: model.name,
      homelab_internal_zone: INTERNAL_ZONE,
      homelab_storage_stage: model.storageStage,
      homelab_backup_bucket: model.backups.bucket,
      // The management network the bastion's WireGuard link leads into.
      homelab_mgmt_cidr: mgmt ? vaultRef(secretNames.cidr(mgmt.name)) : '',
    },
    children,
  };
}

/** AdGuard Home DNS rewrites: every internal name → its vault address; published hostnames → their proxy. */
export function adguardRewrites(model: Homelab): Vars[] {
  const rewrites: Vars[] = [];
  const activeHosts = model.hosts.filter((h) => (h.lifecycle ?? 'active') === 'active');
  for (const h of activeHosts) rewrites.push({ domain: internalHostname(h.name), answer: vaultRef(secretNames.hostAddress(h.name)) });
  const guests = model.guests.filter((g) => isGuestActive(model, g));
  for (const g of guests) rewrites.push({ domain: internalHostname(g.name), answer: vaultRef(secretNames.guestAddress(g.name, g.networks[0])) });
  // The ingress name resolves to every node of its cluster (k3s ServiceLB publishes Traefik on each node).
  const ingress = model.apps.find((a) => a.name === model.edge.applicationIngress);
  const ingressNodes = ingress ? clusterNodes(model, ingress.cluster).map((n) => model.guests.find((g) => g.name === n.guest)!).filter((g) => g && isGuestActive(model, g)) : [];
  for (const g of ingressNodes) rewrites.push({ domain: internalHostname(model.edge.applicationIngress), answer: vaultRef(secretNames.guestAddress(g.name, g.networks[0])) });
  // Split horizon: published hostnames resolve to the proxy that serves them, so LAN clients stay on the LAN.
  const proxy = model.guests.find((g) => g.name === model.edge.infrastructureProxy);
  for (const r of publicRoutes(model)) {
    if (r.audience === 'infrastructure' && proxy) rewrites.push({ domain: `${r.hostname}.${vaultRef(secretNames.domain)}`, answer: vaultRef(secretNames.guestAddress(proxy.name, proxy.networks[0])) });
  }
  // Every other name below the domain is an application hostname served by the ingress (exact rewrites win).
  for (const g of ingressNodes) rewrites.push({ domain: `*.${vaultRef(secretNames.domain)}`, answer: vaultRef(secretNames.guestAddress(g.name, g.networks[0])) });
  return rewrites;
}

/** Nginx Proxy Manager proxy hosts: the infrastructure hostnames and the UI behind each, then the model's own sites. */
export function npmProxyHosts(model: Homelab): Vars[] {
  const endpoints = model.infraEndpoints
    .filter((e) => (model.hosts.find((h) => h.name === e.host)?.lifecycle ?? 'active') === 'active')
    .map((e) => ({
      name: e.name,
      domain_names: [`${e.hostname}.${vaultRef(secretNames.domain)}`],
      forward_scheme: e.scheme,
      forward_host: internalHostname(e.host),
      forward_port: e.port,
      auth: e.auth ?? 'authentik',
      websockets: true,
    }));
  const sites = (model.proxySites ?? [])
    .filter((s) => siteActive(model, s))
    .map((s) => ({
      name: s.name,
      domain_names: [`${s.hostname}.${vaultRef(secretNames.domain)}`],
      forward_scheme: s.upstream.scheme,
      forward_host: internalHostname(s.upstream.guest),
      forward_port: s.upstream.port,
      auth: s.auth ?? 'authentik',
      websockets: s.websockets ?? false,
    }));
  return [...endpoints, ...sites];
}

function lxcConfigs(model: Homelab): OutputFiles {
  const files: OutputFiles = new Map();
  const connector = model.edge.connector;
  files.set(`${LXC_CONFIGS}/${connector}/cloudflared.yml`, yamlText({
    // The tunnel is remotely managed (edge stack: ingress rules live in Cloudflare); the connector only needs its token,
    // which the cloudflared role passes from the vault through a 0600 environment file.
    'no-autoupdate': true,
    metrics: `localhost:2000`,
    loglevel: 'info',
    'transport-loglevel': 'warn',
  }));
  const dns = model.guests.find((g) => g.role === 'dns');
  if (dns) {
    files.set(`${LXC_CONFIGS}/${dns.name}/rewrites.yml`, yamlText({ adguard_rewrites: adguardRewrites(model) }));
  }
  const outpost = model.guests.find((g) => g.role === 'identity-outpost' && isGuestActive(model, g));
  files.set(`${LXC_CONFIGS}/${model.edge.infrastructureProxy}/proxy-hosts.yml`, yamlText({
    npm_proxy_hosts: npmProxyHosts(model),
    npm_authentik_outpost: outpost ? `http://${internalHostname(outpost.name)}:9000` : '',
  }));
  return files;
}

/** Every Ansible-layer output. */
export function synthAnsible(model: Homelab): OutputFiles {
  const files: OutputFiles = new Map();
  files.set(`${ANSIBLE_INVENTORY}/hosts.yml`, yamlText({ all: inventory(model) }));
  for (const [f, c] of lxcConfigs(model)) files.set(f, c);
  files.set(VAULT_EXAMPLE, exampleVaultYaml(model));
  return files;
}

/** What the Ansible generator owns. */
export const ANSIBLE_OWNERSHIP = { dirs: [ANSIBLE_INVENTORY, LXC_CONFIGS], files: [VAULT_EXAMPLE] } as const;

