/**
 * Ansible layer: the inventory (ansible/inventory/hosts.yml), the per-LXC configuration the playbooks deploy
 * (lxc-configs/<guest>/) and the plaintext example of the vault (ansible/vault.example.yml), all from the model.
 * Every address, CIDR, VLAN ID and the domain are Jinja references to vault variables (`{{ address_… }}`), so the
 * generated files hold names only.
 */
import { stringify } from 'yaml';
import type { CloudInstanceSpec, GuestRole, GuestSpec, HostSpec, NetworkSpec, ServiceName, StorageContent, StorageSpec } from '../model/types';
import { isActive, type ResolvedModel } from '../model/resolved';
import { bindMounts } from '../plan/proxmox';
import { secretNames } from '../model/secrets';
import { renderedClusters } from '../charts';
import { ANY_IPV4, SERVICE_PORTS } from '../model/services';
import {
  CONTROL_PLANE_TAINT,
  clusterOfGuest,
  taintArg,
  poolDemandGiB,
  clusterNodes,
  dataDisks,
  guestAgentEnabled,
  inboundAllowances,
  mediaMounts,
  publicRoutes,
  authentikServer,
  resticPaths,
  resticRepository,
  siteActive,
  tunnelFlows,
  tunnelReturnNetwork,
  vpnGateway,
} from '../model/derive';
import { authOf, hostLifecycle, isGuestActive, isHostActive, liveMediaPool, liveStorageFor } from '../model/lookup';
import { ansibleGroup, internalHostname, INTERNAL_ZONE, k8sNames, localStorageDir, nfsMountPoint } from '../naming/names';
import { clusterPath } from '../charts/layout';
import { exampleVaultYaml } from '../secrets/example';
import { storageNetwork } from '../secrets/layout';
import { hashHeader } from '../naming/header';
import { known } from '../model/errors';
import type { OutputFiles } from './outputs';

export const ANSIBLE_INVENTORY = 'ansible/inventory';
export const LXC_CONFIGS = 'lxc-configs';
export const VAULT_EXAMPLE = 'ansible/vault.example.yml';

/** A Jinja reference to a vault variable: the only way a generated file mentions a secret. */
export function vaultRef(key: string): string {
  return `{{ ${key} }}`;
}

/**
 * How the hosts of each role are grouped in the inventory: `role` — a group named after the role, which a play of
 * ansible/*.yml targets (`hosts: <group>`); `cluster` — by cluster membership instead (k8s_control_plane,
 * k8s_workers); `none` — no play configures the role, so no group. Give a role its playbook and say `role` here
 * (__tests__/ansible/playbooks.test.ts checks this table against the plays).
 */
export const ROLE_GROUPS: Readonly<Record<GuestRole | CloudInstanceSpec['role'], 'role' | 'cluster' | 'none'>> = {
  'k8s-control-plane': 'cluster',
  'k8s-worker': 'cluster',
  'identity-outpost': 'role',
  'gpu-workbench': 'none',
  'media-downloads': 'role',
  tunnel: 'role',
  'reverse-proxy': 'role',
  dns: 'role',
  'vpn-gateway': 'role',
  service: 'none',
  bastion: 'role',
};

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

/**
 * Host firewall allow-list of a guest: the same inbound allowances as its Proxmox firewall (model/derive.ts
 * inboundAllowances: flows into its networks, for what it serves and ping). Flows the bastion tunnel may use (see
 * tunnelFlows) also admit the tunnel CIDR: the vpn gateway routes that traffic without NAT.
 */
function firewallRules(model: ResolvedModel, networks: readonly string[], serves: readonly ServiceName[]): Vars[] {
  const rules: Vars[] = [];
  const viaTunnel = new Set(tunnelFlows(model));
  for (const { from, service, why, flow } of inboundAllowances(model, networks, serves)) {
    for (const p of SERVICE_PORTS[service]) {
      rules.push({ service, protocol: p.protocol, ports: [...p.ports], from: vaultRef(secretNames.cidr(from)), why });
      if (viaTunnel.has(flow))
        rules.push({
          service,
          protocol: p.protocol,
          ports: [...p.ports],
          from: vaultRef(secretNames.wireguardTunnelCidr),
          why: `Through the bastion tunnel (as ${from}): ${why}`,
        });
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

/** Routing table of the tunnel's return route, and the rule priorities of the policy routes (before main's 32766). */
const POLICY_ROUTING = { tunnelTable: 51820, tunnelPriority: 9500, sourceTable: 100, sourcePriority: 9600 } as const;

/**
 * Policy routes of a host or guest, so every reply leaves the way its request came (a stateful router drops a reply
 * whose request it never saw; role hardening, platform-stack-policy-routes.service, behind a rule that keeps every
 * specific route of the main table first):
 * - on the tunnel's return network (see tunnelReturnNetwork): replies from that address to the tunnel CIDR go straight
 *   to the vpn gateway (none for the gateway itself);
 * - a guest on several networks (not a Kubernetes node: k3s owns its routing) sends what leaves from its address on a
 *   network through that network's gateway — a client routed to its servers address is answered through the router,
 *   not out of the management NIC beside it.
 */
function policyRoutes(model: ResolvedModel, name: string, networks: readonly string[], addressKey: (net: string) => string, clusterNode: boolean): Vars {
  const routes: Vars[] = [];
  const net = tunnelReturnNetwork(model);
  const gateway = vpnGateway(model);
  if (net !== undefined && gateway !== undefined && gateway.name !== name && networks.includes(net)) {
    routes.push({
      source: vaultRef(addressKey(net)),
      table: POLICY_ROUTING.tunnelTable,
      priority: POLICY_ROUTING.tunnelPriority,
      routes: [{ to: vaultRef(secretNames.wireguardTunnelCidr), via: vaultRef(secretNames.guestAddress(gateway.name, net)) }],
    });
  }
  if (networks.length > 1 && !clusterNode) {
    networks.forEach((n, i) => {
      routes.push({
        source: vaultRef(addressKey(n)),
        table: POLICY_ROUTING.sourceTable + i,
        priority: POLICY_ROUTING.sourcePriority + i,
        routes: [{ to: 'default', via: vaultRef(secretNames.gateway(n)) }],
      });
    });
  }
  return routes.length > 0 ? { policy_routes: routes } : {};
}

function hostVars(model: ResolvedModel, host: HostSpec): Vars {
  return {
    ansible_host: vaultRef(secretNames.hostAddress(host.name)),
    homelab_kind: host.kind,
    homelab_location: host.location,
    homelab_lifecycle: hostLifecycle(model, host),
    internal_hostname: internalHostname(host.name),
    homelab_networks: networkVars(host.networks.slice(0, 1), () => secretNames.hostAddress(host.name)),
    ...(isHostActive(model, host) ? policyRoutes(model, host.name, host.networks.slice(0, 1), () => secretNames.hostAddress(host.name), false) : {}),
  };
}

function guestVars(model: ResolvedModel, guest: GuestSpec): Vars {
  const host = model.index.hosts.get(guest.host);
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
    // Proxmox enables the agent on every VM; the hardening role installs and starts it where this is true.
    homelab_qemu_guest_agent: guestAgentEnabled(guest),
    ...(isGuestActive(model, guest)
      ? policyRoutes(model, guest.name, guest.networks, (net) => secretNames.guestAddress(guest.name, net), clusterOfGuest(model, guest.name) !== undefined)
      : {}),
    ...(dataDisks(guest).length > 0
      ? { data_disks_mounts: dataDisks(guest).map((d) => ({ use: d.use, device: d.device, label: d.label, path: d.mountPath, fstype: 'ext4' })) }
      : {}),
  };
}

/** Variables of the guests that serve a model service through a role of this repository (outpost, download client, vpn gateway). */
function roleVars(model: ResolvedModel, guest: GuestSpec): Vars | undefined {
  switch (guest.role) {
    case 'identity-outpost': {
      const server = authentikServer(model);
      return {
        // The outpost's version must equal the server's (the authentik chart's version is the server's).
        authentik_outpost_version: server?.chart?.version ?? '',
        authentik_outpost_server_url: server?.exposure ? `https://${server.exposure.hostname}.${vaultRef(secretNames.domain)}` : '',
        authentik_outpost_port: SERVICE_PORTS['authentik-outpost'][0].ports[0],
      };
    }
    case 'media-downloads': {
      // It writes into the media share as the share's owner (the uid/gid contract every writer of the share follows);
      // rule deploy-download-client-media makes it mount the share exactly once.
      const mount = mediaMounts(model, guest).at(0);
      const owner = mount ? model.index.storage.get(liveStorageFor(model, mount.storage, 'media'))?.owner : undefined;
      return {
        download_client_media_dir: mount?.path ?? '',
        download_client_rpc_port: SERVICE_PORTS.http[0].ports[0],
        download_client_hostname: internalHostname(guest.name),
        ...(owner ? { download_client_uid: owner.uid, download_client_gid: owner.gid } : {}),
      };
    }
    case 'dns': {
      // Who may resolve here: the sources of the flows that carry DNS into this guest's networks (defence in depth
      // behind the firewalls; the bastion tunnel where it rides a management flow). The template adds loopback.
      const viaTunnel = new Set(tunnelFlows(model));
      const flows = model.flows.filter(
        (f) => guest.networks.includes(f.to) && f.from !== 'internet' && (f.services.includes('dns') || f.services.includes('any')),
      );
      const clients = flows.flatMap((f) => [vaultRef(secretNames.cidr(f.from)), ...(viaTunnel.has(f) ? [vaultRef(secretNames.wireguardTunnelCidr)] : [])]);
      return { adguard_home_allowed_clients: [...new Set(clients)] };
    }
    case 'vpn-gateway': {
      if (vpnGateway(model)?.name !== guest.name) return undefined;
      const flows = tunnelFlows(model);
      return {
        // Forward chain of the gateway: exactly the flows of the network the tunnel joins (no NAT, default drop).
        wireguard_forward_rules: flows.flatMap((f) =>
          f.services.flatMap((service) =>
            SERVICE_PORTS[service].map((p) => ({ service, protocol: p.protocol, ports: [...p.ports], to: vaultRef(secretNames.cidr(f.to)), why: f.why })),
          ),
        ),
        wireguard_routed_cidrs: [...new Set(flows.map((f) => vaultRef(secretNames.cidr(f.to))))],
      };
    }
    default:
      return undefined;
  }
}

/**
 * One export: with an owner (the uid/gid contract of a shared volume) every client id is squashed to that owner, so
 * pods, an unprivileged LXC's mapped ids and the node's root all write as the same user; without one, root is squashed.
 */
export function exportVars(s: StorageSpec, clients: string): Vars {
  if (s.owner === undefined) return { storage: s.name, path: s.path, clients, options: 'rw,sync,no_subtree_check,root_squash' };
  return {
    storage: s.name,
    path: s.path,
    clients,
    options: `rw,sync,no_subtree_check,all_squash,anonuid=${s.owner.uid},anongid=${s.owner.gid}`,
    owner_uid: s.owner.uid,
    owner_gid: s.owner.gid,
    // setgid: files created by any writer keep the share's group.
    mode: '2775',
  };
}

/** Proxmox nodes: bridges made VLAN-aware, and a VLAN interface with the host's address on each non-management network. */
function hostNetworkVars(model: ResolvedModel): Map<string, Vars> {
  const out = new Map<string, Vars>();
  for (const host of model.hosts.filter((h) => h.kind === 'proxmox' && isHostActive(model, h))) {
    const nets = host.networks.map((n) => model.index.networks.get(n)).filter((n): n is NetworkSpec => n !== undefined);
    const guestNets = model.guests
      .filter((g) => g.host === host.name)
      .flatMap((g) => g.networks)
      .map((n) => model.index.networks.get(n)?.bridge);
    const bridges = [...new Set([...nets.map((n) => n.bridge), ...guestNets.filter((b): b is string => b !== undefined)])].sort();
    out.set(host.name, {
      pve_vlan_aware_bridges: bridges,
      pve_vlan_interfaces: nets.slice(1).map((n) => ({
        network: n.name,
        bridge: n.bridge,
        vlan_id: vaultRef(secretNames.vlanId(n.name)),
        address: vaultRef(secretNames.hostNetworkAddress(host.name, n.name)),
        cidr: vaultRef(secretNames.cidr(n.name)),
      })),
    });
  }
  return out;
}

/** Proxmox content types of a pool's model content (images → downloaded cloud images, templates and ISOs). */
const PVE_CONTENT: Readonly<Record<StorageContent, readonly string[]>> = {
  'vm-disks': ['images'],
  'container-rootfs': ['rootdir'],
  images: ['import', 'iso', 'vztmpl'],
  snippets: ['snippets'],
  media: [],
  backups: ['backup'],
};

/** The node's local directory pools, registered by the host-side play with the Proxmox content types they hold. */
export function localStorageVars(model: ResolvedModel, host: string): Vars[] {
  return model.storage
    .filter((s) => s.host === host && s.kind === 'local-ssd' && s.backend === 'dir')
    .map((s) => ({
      id: s.name,
      path: localStorageDir(s.name),
      content: [...new Set(s.content.flatMap((c) => PVE_CONTENT[c]))].sort(),
      required_gib: poolDemandGiB(model, s.name),
    }));
}

/** The first active node of each Proxmox VE cluster creates the automation user, its role and its token. */
function accessVars(model: ResolvedModel): Map<string, Vars> {
  const out = new Map<string, Vars>();
  for (const c of model.pveClusters) {
    const first = model.hosts.find((h) => h.pveCluster === c.name && h.kind === 'proxmox' && isHostActive(model, h));
    if (first)
      out.set(first.name, { pve_automation_user: c.automation.user, pve_automation_token_id: c.automation.tokenId, pve_automation_role: c.automation.role });
  }
  return out;
}

/** Where Proxmox shifts an unprivileged container's ids by default (/etc/subuid root:100000:65536). */
export const LXC_ID_BASE = 100_000;
export const LXC_ID_COUNT = 65_536;

/**
 * lxc.idmap lines that map container id `id` to the same host id (the share owner) and shift every other id as
 * Proxmox does by default: [0, id) and (id, 65535] to 100000 + the id.
 */
export function idmap(kind: 'u' | 'g', id: number): Vars[] {
  const lines: Vars[] = [];
  if (id > 0) lines.push({ kind, start: 0, host: LXC_ID_BASE, count: id });
  lines.push({ kind, start: id, host: id, count: 1 });
  if (id + 1 < LXC_ID_COUNT) lines.push({ kind, start: id + 1, host: LXC_ID_BASE + id + 1, count: LXC_ID_COUNT - id - 1 });
  return lines;
}

/** Bind mounts (and the id mapping of their owner) that the host-side play sets as root, per node. */
function bindMountVars(model: ResolvedModel): Map<string, Vars[]> {
  const out = new Map<string, Vars[]>();
  for (const location of model.locations) {
    for (const b of bindMounts(model, location.name)) {
      out.set(b.node, [
        ...(out.get(b.node) ?? []),
        {
          guest: b.guest,
          vmid: b.vmid,
          mount: `mp${b.index}`,
          host_path: b.hostPath,
          path: b.path,
          privileged: b.privileged,
          owner_uid: b.owner?.uid ?? null,
          owner_gid: b.owner?.gid ?? null,
          subids:
            b.privileged || b.owner === undefined
              ? []
              : [
                  { file: 'subuid', id: b.owner.uid },
                  { file: 'subgid', id: b.owner.gid },
                ],
          idmap: b.privileged || b.owner === undefined ? [] : [...idmap('u', b.owner.uid), ...idmap('g', b.owner.gid)],
        },
      ]);
    }
  }
  return out;
}

/** NFS exports of active hosts (live storage stage) and the NFS mounts Proxmox hosts need for their guests. */
function nfsVars(model: ResolvedModel): { exports: Map<string, Vars[]>; mounts: Map<string, Vars[]> } {
  const exports = new Map<string, Vars[]>();
  const mounts = new Map<string, Vars[]>();
  const media = liveMediaPool(model);
  for (const s of model.storage) {
    if (s.kind !== 'nfs' || !s.stages.includes(model.storageStage) || s.path === undefined) continue;
    const host = model.index.hosts.get(s.host);
    if (host?.kind !== 'proxmox') continue;
    const net = storageNetwork(model, s);
    if (net === undefined) continue;
    exports.set(s.host, [...(exports.get(s.host) ?? []), exportVars(s, vaultRef(secretNames.cidr(net)))]);
  }
  for (const guest of model.guests.filter((g) => isGuestActive(model, g))) {
    for (const m of guest.mounts) {
      const s = model.index.storage.get(m.storage);
      if (s?.kind !== 'nfs' || s.host === guest.host || s.path === undefined) continue;
      const server = media?.name === s.name ? vaultRef(secretNames.mediaNfsServer) : vaultRef(secretNames.hostAddress(s.host));
      const list = mounts.get(guest.host) ?? [];
      if (!list.some((x) => x.storage === s.name))
        list.push({ storage: s.name, src: `${server}:${s.path}`, path: nfsMountPoint(s.name), opts: 'rw,hard,noatime,vers=4.2,_netdev' });
      mounts.set(guest.host, list);
    }
  }
  return { exports, mounts };
}

/** The inventory: groups by location, by kind and by role; host variables name vault keys, never values. */
export function inventory(model: ResolvedModel): Group {
  const groups = new Map<string, Group>();
  const byLocation = new Map<string, Record<string, Vars>>(model.locations.map((l) => [l.name, {}]));
  const planned: string[] = [];

  for (const host of model.hosts) {
    known(byLocation, host.location, 'location')[host.name] = hostVars(model, host);
    addTo(groups, host.kind === 'proxmox' ? 'proxmox_hosts' : 'truenas_hosts', host.name);
    if (!isHostActive(model, host)) planned.push(host.name);
    const gpus = host.gpus;
    // The same vault keys as the PCI mapping of the host's Proxmox location stack (model/secrets.ts gpuKeys): one format everywhere.
    if (gpus.length > 0)
      addTo(groups, 'gpu_passthrough_hosts', host.name, {
        vfio_devices: gpus.map((g) => ({
          name: g.name,
          path: vaultRef(secretNames.gpuPciPath(g.name)),
          ids: vaultRef(secretNames.gpuPciIds(g.name)),
          all_functions: g.allFunctions ?? true,
        })),
      });
  }
  for (const [host, vars] of hostNetworkVars(model)) addTo(groups, 'pve_network_hosts', host, { ...vars, pve_local_storage: localStorageVars(model, host) });
  for (const [host, vars] of accessVars(model)) addTo(groups, 'pve_access_hosts', host, vars);
  for (const [host, mounts] of bindMountVars(model)) addTo(groups, 'pve_bind_mount_hosts', host, { pve_bind_mounts: mounts });
  const nfs = nfsVars(model);
  for (const [host, exports] of nfs.exports) addTo(groups, 'nfs_servers', host, { nfs_exports: exports });
  for (const [host, mounts] of nfs.mounts) addTo(groups, 'nfs_clients', host, { nfs_mounts: mounts });

  for (const guest of model.guests) {
    const host = model.index.hosts.get(guest.host);
    if (host) known(byLocation, host.location, 'location')[guest.name] = guestVars(model, guest);
    if (!isGuestActive(model, guest)) planned.push(guest.name);
    addTo(groups, guest.kind === 'lxc' ? 'lxc_guests' : 'vm_guests', guest.name);
    if (ROLE_GROUPS[guest.role] === 'role') addTo(groups, ansibleGroup(guest.role), guest.name, roleVars(model, guest) ?? null);
  }

  for (const instance of model.cloudInstances) {
    known(byLocation, instance.location, 'location')[instance.name] = {
      ansible_host: vaultRef(secretNames.cloudInstanceAddress(instance.name)),
      homelab_kind: 'cloud-instance',
      homelab_location: instance.location,
      // An instance of a planned location has no stack to create it (plan/oci.ts): the plays skip it.
      homelab_lifecycle: instance.lifecycle,
      homelab_role: instance.role,
      // The same contract as the OCI security list (constructs/oci-bastion.ts): `inbound` from the admin CIDRs,
      // `openInbound` from anywhere with the model's reason.
      host_firewall_rules: [
        ...instance.inbound.flatMap((service) =>
          SERVICE_PORTS[service].map((p) => ({
            service,
            protocol: p.protocol,
            ports: [...p.ports],
            from: vaultRef(secretNames.adminCidrs),
            why: 'Administrators only (admin CIDRs).',
          })),
        ),
        ...instance.openInbound.flatMap((o) =>
          SERVICE_PORTS[o.service].map((p) => ({
            service: o.service,
            protocol: p.protocol,
            ports: [...p.ports],
            from: ANY_IPV4,
            why: `Open to any source: ${o.reason}`,
          })),
        ),
      ],
    };
    if (!isActive(instance)) planned.push(instance.name);
    if (ROLE_GROUPS[instance.role] === 'role') addTo(groups, ansibleGroup(instance.role), instance.name);
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
    const nodeNetwork = model.index.guests.get(cp[0])?.networks[0] ?? '';
    clusterGroups[ansibleGroup(cluster.name)] = {
      // Each node advertises its address on the cluster network (the control plane's primary network).
      hosts: Object.fromEntries([...cp, ...workers].map((g) => [g, { k3s_node_ip: vaultRef(secretNames.guestAddress(g, nodeNetwork)) }])),
      vars: {
        k8s_cluster_name: cluster.name,
        k8s_distribution: cluster.distribution,
        k3s_version: cluster.version,
        k3s_server: cp[0] ?? '',
        // With workers, the control plane runs no workloads (model/derive.ts workloadNodes).
        k3s_server_taints: workers.length > 0 ? [taintArg(CONTROL_PLANE_TAINT)] : [],
        // The k8s layer installs Traefik and the local-path provisioner as apps: k3s must not bundle its own.
        k3s_disable: [...(apps.has('traefik') ? ['traefik'] : []), ...(apps.has('local-path-provisioner') ? ['local-storage'] : [])],
        flux_enabled: apps.has('flux'),
        flux_git_url: model.gitops.repositoryUrl,
        flux_git_branch: model.gitops.branch,
        flux_git_secret: k8sNames.fluxGitSecret,
        flux_cluster_path: clusterPath(cluster.name),
        flux_git_verification_secret: k8sNames.fluxGitVerificationSecret,
        // One Secret per app with only the substitutions its manifests use (no app reads another's keys).
        flux_substitution_secrets: (renderedClusters(model).find((c) => c.cluster.name === cluster.name)?.substitutionSecrets ?? []).map((s) => ({
          name: s.name,
          keys: s.keys.map((k) => ({ name: k.fluxName, vault_key: k.vaultKey })),
        })),
      },
    };
  }

  const restic = model.backups.sources.filter((s) => s.tool === 'restic' && 'host' in s.from);
  for (const source of restic) {
    const hostName = (source.from as { host: string }).host;
    const paths = resticPaths(model, hostName);
    addTo(groups, 'restic_backup_sources', hostName, {
      restic_backups: [
        {
          name: source.name,
          repository: resticRepository(model, source),
          schedule: source.schedule,
          paths,
          access_key_id: vaultRef(secretNames.backupAccessKeyId(source.name)),
          secret_access_key: vaultRef(secretNames.backupSecretAccessKey(source.name)),
          password: vaultRef(secretNames.resticPassword),
        },
      ],
    });
  }

  const children: Record<string, Group> = {};
  for (const [loc, hosts] of byLocation) children[ansibleGroup(loc)] = Object.keys(hosts).length > 0 ? { hosts } : {};
  children.on_prem = { children: Object.fromEntries(model.locations.filter((l) => l.kind === 'on-prem').map((l) => [ansibleGroup(l.name), {}])) };
  children.cloud = { children: Object.fromEntries(model.locations.filter((l) => l.kind === 'cloud').map((l) => [ansibleGroup(l.name), {}])) };
  for (const name of [...groups.keys()].sort()) children[name] = known(groups, name, 'inventory group');
  Object.assign(children, clusterGroups);
  children.planned = planned.length > 0 ? { hosts: Object.fromEntries(planned.map((p) => [p, null])) } : {};
  return {
    vars: {
      homelab_name: model.name,
      homelab_internal_zone: INTERNAL_ZONE,
      homelab_storage_stage: model.storageStage,
      homelab_backup_bucket: model.backups.bucket,
    },
    children,
  };
}

/** AdGuard Home DNS rewrites: every internal name → its vault address; published hostnames → their proxy. */
export function adguardRewrites(model: ResolvedModel): Vars[] {
  const rewrites: Vars[] = [];
  const activeHosts = model.hosts.filter((h) => isHostActive(model, h));
  for (const h of activeHosts) rewrites.push({ domain: internalHostname(h.name), answer: vaultRef(secretNames.hostAddress(h.name)) });
  const guests = model.guests.filter((g) => isGuestActive(model, g));
  for (const g of guests) rewrites.push({ domain: internalHostname(g.name), answer: vaultRef(secretNames.guestAddress(g.name, g.networks[0])) });
  // The ingress name resolves to every node of its cluster (k3s ServiceLB publishes Traefik on each node).
  const ingress = model.index.apps.get(model.edge.applicationIngress);
  const ingressNodes = ingress
    ? clusterNodes(model, ingress.cluster)
        .map((n) => model.index.guests.get(n.guest))
        .filter((g): g is NonNullable<typeof g> => g !== undefined && isGuestActive(model, g))
    : [];
  for (const g of ingressNodes)
    rewrites.push({ domain: internalHostname(model.edge.applicationIngress), answer: vaultRef(secretNames.guestAddress(g.name, g.networks[0])) });
  // Split horizon: published hostnames resolve to the proxy that serves them, so LAN clients stay on the LAN.
  const proxy = model.index.guests.get(model.edge.infrastructureProxy);
  for (const r of publicRoutes(model)) {
    if (r.audience === 'infrastructure' && proxy)
      rewrites.push({ domain: `${r.hostname}.${vaultRef(secretNames.domain)}`, answer: vaultRef(secretNames.guestAddress(proxy.name, proxy.networks[0])) });
  }
  // Every other name below the domain is an application hostname served by the ingress (exact rewrites win).
  for (const g of ingressNodes)
    rewrites.push({ domain: `*.${vaultRef(secretNames.domain)}`, answer: vaultRef(secretNames.guestAddress(g.name, g.networks[0])) });
  return rewrites;
}

/** Nginx Proxy Manager proxy hosts: the infrastructure hostnames and the UI behind each, then the model's own sites. */
export function npmProxyHosts(model: ResolvedModel): Vars[] {
  const endpoints = model.infraEndpoints
    .filter((e) => model.hosts.some((h) => h.name === e.host && isHostActive(model, h)))
    .map((e) => ({
      name: e.name,
      domain_names: [`${e.hostname}.${vaultRef(secretNames.domain)}`],
      forward_scheme: e.scheme,
      forward_host: internalHostname(e.host),
      forward_port: e.port,
      auth: authOf(e),
      websockets: true,
    }));
  const sites = model.proxySites
    .filter((s) => siteActive(model, s))
    .map((s) => ({
      name: s.name,
      domain_names: [`${s.hostname}.${vaultRef(secretNames.domain)}`],
      forward_scheme: s.upstream.scheme,
      forward_host: internalHostname(s.upstream.guest),
      forward_port: s.upstream.port,
      auth: authOf(s),
      websockets: s.websockets,
    }));
  return [...endpoints, ...sites];
}

function lxcConfigs(model: ResolvedModel): OutputFiles {
  const files: OutputFiles = new Map();
  const connector = model.edge.connector;
  files.set(
    `${LXC_CONFIGS}/${connector}/cloudflared.yml`,
    yamlText({
      // The tunnel is remotely managed (edge stack: ingress rules live in Cloudflare); the connector only needs its token,
      // which the cloudflared role passes from the vault through a 0600 environment file.
      'no-autoupdate': true,
      metrics: `localhost:2000`,
      loglevel: 'info',
      'transport-loglevel': 'warn',
    }),
  );
  // Every DNS guest answers with the same rewrites (a second resolver, or one planned to take over, must not answer less).
  const dnsGuests = model.guests.filter((g) => g.role === 'dns');
  if (dnsGuests.length > 0) {
    const rewrites = yamlText({ adguard_rewrites: adguardRewrites(model) });
    for (const dns of dnsGuests) files.set(`${LXC_CONFIGS}/${dns.name}/rewrites.yml`, rewrites);
  }
  const outpost = model.guests.find((g) => g.role === 'identity-outpost' && isGuestActive(model, g));
  files.set(
    `${LXC_CONFIGS}/${model.edge.infrastructureProxy}/proxy-hosts.yml`,
    yamlText({
      npm_proxy_hosts: npmProxyHosts(model),
      npm_authentik_outpost: outpost ? `http://${internalHostname(outpost.name)}:${SERVICE_PORTS['authentik-outpost'][0].ports[0]}` : '',
    }),
  );
  return files;
}

/** Every Ansible-layer output. */
export function synthAnsible(model: ResolvedModel): OutputFiles {
  const files: OutputFiles = new Map();
  files.set(`${ANSIBLE_INVENTORY}/hosts.yml`, yamlText({ all: inventory(model) }));
  for (const [f, c] of lxcConfigs(model)) files.set(f, c);
  files.set(VAULT_EXAMPLE, exampleVaultYaml(model));
  return files;
}

/** What the Ansible generator owns. */
export const ANSIBLE_OWNERSHIP = { dirs: [ANSIBLE_INVENTORY, LXC_CONFIGS], files: [VAULT_EXAMPLE] } as const;
