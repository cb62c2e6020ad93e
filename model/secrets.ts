/**
 * The one catalogue of secret keys. OpenTofu variables, the Ansible vault schema, `task secrets:check` and the Flux
 * substitutions are all derived from it; no other file invents a secret name. Values never appear in the repository:
 * they live in the Ansible Vault (ansible/group_vars/all/vault.yml) and reach each layer through its own bridge.
 */
import type { AppSpec, BackupTool, GpuSpec, GuestSpec, Homelab } from './types';
import { identifier } from '../naming/names';
import { clusterNodeNetwork } from './lookup';
import { bootstrapStack, EDGE_STACK, stackLayout, stacksOfKind } from './stacks';

/** Value types, checked by `task secrets:check`. */
export type SecretType =
  | 'ipv4-address'
  | 'ipv4-cidr'
  | 'ipv4-cidr-list'
  | 'vlan-id'
  | 'domain'
  | 'url'
  | 'token'
  | 'id'
  | 'passphrase'
  | 'ssh-public-keys'
  | 'pem'
  | 'email-list'
  /** A PCI device path `dddd:bb:dd` (all functions) or `dddd:bb:dd.f` (one function), lowercase hex as in `lspci -D`. */
  | 'pci-path'
  /** A PCI `vendor:device` pair, four lowercase hex digits each (`lspci -nn`), e.g. 10de:2204; also subsystem IDs. */
  | 'pci-id'
  /** A non-empty list of `pci-id`s: every function of a device, the mapped function (.0) first. */
  | 'pci-id-list'
  /** An IOMMU group number (`/sys/bus/pci/devices/<path>/iommu_group`). */
  | 'iommu-group';

/**
 * Where a secret is consumed.
 * - `tofu`: a sensitive OpenTofu variable of the named stacks (`tofuStacks`).
 * - `ansible`: an Ansible vault variable a role puts on a host.
 * - `flux`: a key of the `cluster-secrets` Secret, substituted by Flux postBuild (`${KEY}`).
 * - `tofu-output`: created by OpenTofu, copied into the vault by `task secrets:sync`.
 * - `operator`: used only on a person's machine by a task (`task backups:prune`); no role, chart or stack gets it.
 */
export type SecretConsumer = 'tofu' | 'ansible' | 'flux' | 'tofu-output' | 'operator';

/** The layers a key can reach (tofu-output is where a key comes from, not where it goes). */
export const SECRET_LAYERS: readonly SecretConsumer[] = ['tofu', 'ansible', 'flux', 'operator'];

export interface SecretKey {
  /** Vault variable name (snake_case); also the OpenTofu variable name. */
  readonly name: string;
  readonly type: SecretType;
  readonly consumers: readonly SecretConsumer[];
  readonly description: string;
  /** Stacks whose variables include it (consumer `tofu`) or whose outputs produce it (`tofu-output`). @default none */
  readonly tofuStacks?: readonly string[];
  /** Name in the `cluster-secrets` Secret (consumer `flux`). @default none */
  readonly fluxName?: string;
  /** Entity this key belongs to, for error messages. @default the homelab */
  readonly entity?: string;
  /**
   * Environment variable the tofu bridge exports with this value for every stack (the S3 state backend takes its
   * credentials from the environment: OpenTofu refuses sensitive values in a backend block). @default none
   */
  readonly backendEnv?: string;
  /**
   * Why the key may reach more than one layer (rule deploy-security-secret-one-layer): a credential reaching two layers
   * is exposed to whoever owns either. @default none (one layer only)
   */
  readonly sharedReason?: string;
  /**
   * `ipv4-cidr-list` only: why this list may contain 0.0.0.0/0. @default none (`task secrets:check` rejects 0.0.0.0/0)
   */
  readonly anySourceReason?: string;
  /**
   * Bootstrap step (bootstrap/plan.ts) at which a person fills this key: until then the vault may hold the example's
   * value, and `task secrets:check -- --allow-pending` names it as pending instead of failing. Keys the OpenTofu outputs
   * produce (`tofu-output`, filled by `task secrets:sync`) are pending the same way. @default filled with the vault
   */
  readonly filledAt?: string;
}

/** Key names for per-entity secrets: the only place those names are spelled. */
export const secretNames = {
  vlanId: (network: string): string => `vlan_id_${identifier(network)}`,
  cidr: (network: string): string => `cidr_${identifier(network)}`,
  gateway: (network: string): string => `gateway_${identifier(network)}`,
  guestAddress: (guest: string, network: string): string => `address_${identifier(guest)}_${identifier(network)}`,
  hostAddress: (host: string): string => `address_${identifier(host)}`,
  backupAccessKeyId: (source: string): string => `backup_${identifier(source)}_access_key_id`,
  backupSecretAccessKey: (source: string): string => `backup_${identifier(source)}_secret_access_key`,
  gpuPciPath: (gpu: string): string => `pci_path_${identifier(gpu)}`,
  gpuPciIds: (gpu: string): string => `pci_ids_${identifier(gpu)}`,
  gpuPciSubsystemId: (gpu: string): string => `pci_subsystem_id_${identifier(gpu)}`,
  gpuIommuGroup: (gpu: string): string => `iommu_group_${identifier(gpu)}`,
  hostNetworkAddress: (host: string, network: string): string => `address_${identifier(host)}_${identifier(network)}`,
  cloudVcnCidr: (location: string): string => `vcn_cidr_${identifier(location)}`,
  cloudInstanceAddress: (instance: string): string => `address_${identifier(instance)}_public`,
  stateEncryptionPassphrase: (stack: string): string => `state_encryption_passphrase_${identifier(stack)}`,
  domain: 'domain',
  proxmoxEndpoint: 'proxmox_endpoint',
  proxmoxApiToken: 'proxmox_api_token',
  sshPublicKeys: 'ssh_public_keys',
  cloudflareApiToken: 'cloudflare_api_token',
  cloudflareDnsApiToken: 'cloudflare_dns_api_token',
  cloudflareProxyDnsApiToken: 'cloudflare_proxy_dns_api_token',
  cloudflareAccessEmails: 'cloudflare_access_emails',
  cloudflareAccountId: 'cloudflare_account_id',
  cloudflareZoneId: 'cloudflare_zone_id',
  tunnelToken: 'cloudflare_tunnel_token',
  stateAccessKeyId: 'tfstate_access_key_id',
  stateSecretAccessKey: 'tfstate_secret_access_key',
  pruneAccessKeyId: 'backup_prune_access_key_id',
  pruneSecretAccessKey: 'backup_prune_secret_access_key',
  restoreAccessKeyId: 'backup_restore_access_key_id',
  restoreSecretAccessKey: 'backup_restore_secret_access_key',
  ociTenancyOcid: 'oci_tenancy_ocid',
  ociUserOcid: 'oci_user_ocid',
  ociFingerprint: 'oci_fingerprint',
  ociPrivateKey: 'oci_private_key',
  ociCompartmentOcid: 'oci_compartment_ocid',
  adminCidrs: 'admin_cidrs',
  k3sToken: 'k3s_token',
  k3sAgentToken: 'k3s_agent_token',
  fluxGitDeployKey: 'flux_git_deploy_key',
  fluxGitVerificationKeys: 'flux_git_verification_keys',
  authentikSecretKey: 'authentik_secret_key',
  authentikPostgresPassword: 'authentik_postgres_password',
  authentikOutpostToken: 'authentik_outpost_token',
  authentikInfrastructureOutpostToken: 'authentik_infrastructure_outpost_token',
  grafanaAdminPassword: 'grafana_admin_password',
  grafanaOidcClientId: 'grafana_oidc_client_id',
  grafanaOidcClientSecret: 'grafana_oidc_client_secret',
  veleroRepositoryPassword: 'velero_repository_password',
  resticPassword: 'restic_password',
  mediaNfsServer: 'media_nfs_server',
  wireguardBastionPrivateKey: 'wireguard_bastion_private_key',
  wireguardAsgardPrivateKey: 'wireguard_asgard_private_key',
  wireguardTunnelCidr: 'wireguard_tunnel_cidr',
  npmAdminEmail: 'npm_admin_email',
  npmAdminPassword: 'npm_admin_password',
  downloadClientPassword: 'download_client_password',
} as const;

/** The reason address-plan keys (VLANs, CIDRs, addresses) reach both OpenTofu and Ansible. */
const ADDRESS_PLAN = 'address plan, not a credential: the stack that creates a guest and the role that configures it must agree on it';

/** Every secret key the model needs, in a stable order. */
export function secretCatalogue(model: Homelab): readonly SecretKey[] {
  const n = secretNames;
  // Which stacks take a key: derived from the stack layout (one stack per location, by kind), never a location name.
  const layout = stackLayout(model);
  const names = (kind: 'proxmox' | 'oci') => layout.filter((s) => s.kind === kind).map((s) => s.name);
  const proxmox = names('proxmox');
  const oci = names('oci');
  const aws = [bootstrapStack(model)];
  const edge = [EDGE_STACK];
  const stackOf = (location: string | undefined): string[] => {
    const stack = location === undefined ? undefined : layout.find((s) => s.location === location);
    return stack === undefined ? [] : [stack.name];
  };
  const hostLocation = (host: string) => model.hosts.find((h) => h.name === host)?.location;
  const keys: SecretKey[] = [
    {
      name: n.domain,
      type: 'domain',
      consumers: ['ansible', 'flux'],
      fluxName: 'SECRET_DOMAIN',
      sharedReason: 'a name, not a credential: the proxies, AdGuard and the cluster render hostnames below it',
      description: 'Public DNS domain; hostnames are labels below it (the edge stack reads it from the Cloudflare zone instead).',
    },
    ...layout.map(({ name: stack }): SecretKey => ({
      name: n.stateEncryptionPassphrase(stack),
      type: 'passphrase',
      consumers: ['tofu'],
      tofuStacks: [stack],
      description: `OpenTofu state encryption passphrase of the ${stack} stack (pbkdf2 key provider; one per stack).`,
    })),
    {
      name: n.stateAccessKeyId,
      type: 'id',
      consumers: ['tofu-output'],
      tofuStacks: aws,
      backendEnv: 'AWS_ACCESS_KEY_ID',
      description:
        'State-backend identity (the state objects and lock files of every stack, nothing else), access key; exported to the S3 backend of every stack but the AWS stack of the backup location (it runs with the bootstrap profile).',
    },
    {
      name: n.stateSecretAccessKey,
      type: 'token',
      consumers: ['tofu-output'],
      tofuStacks: aws,
      backendEnv: 'AWS_SECRET_ACCESS_KEY',
      description: 'State-backend identity, secret key.',
    },
    {
      name: n.pruneAccessKeyId,
      type: 'id',
      consumers: ['tofu-output', 'operator'],
      tofuStacks: aws,
      description: 'Prune identity (restic forget --prune, run by a person with `task backups:prune`; no homelab host holds it), access key.',
    },
    { name: n.pruneSecretAccessKey, type: 'token', consumers: ['tofu-output', 'operator'], tofuStacks: aws, description: 'Prune identity, secret key.' },
    ...proxmox.flatMap((stack): SecretKey[] => {
      const keys = proxmoxApiKeys(model, stack);
      const of = proxmox.length > 1 ? ` of ${stack}` : '';
      return [
        {
          name: keys.endpoint,
          type: 'url',
          consumers: ['tofu', 'ansible'],
          tofuStacks: [stack],
          sharedReason: 'an address, not a credential',
          description: `Proxmox VE cluster API endpoint${of} (https://…:8006/).`,
        },
        {
          name: keys.apiToken,
          type: 'token',
          consumers: ['tofu'],
          tofuStacks: [stack],
          filledAt: 'provisioning-token',
          description: `Proxmox API token of the automation user${of} (user@realm!id=secret, privilege-separated; made by the pve_access role of ansible/proxmox.yml, never root@pam).`,
        },
      ];
    }),
    {
      name: n.sshPublicKeys,
      type: 'ssh-public-keys',
      consumers: ['tofu', 'ansible'],
      tofuStacks: [...proxmox, ...oci],
      sharedReason: 'public keys: cloud-init and the hardening role put the same keys on every machine',
      description: 'SSH public keys put on every guest by cloud-init.',
    },
    {
      name: n.cloudflareApiToken,
      type: 'token',
      consumers: ['tofu'],
      tofuStacks: edge,
      description:
        'Cloudflare API token of the edge stack only (account: tunnel edit, Access apps and policies edit; zone: zone read, DNS edit). Never in the cluster.',
    },
    {
      name: n.cloudflareDnsApiToken,
      type: 'token',
      consumers: ['flux'],
      fluxName: 'CLOUDFLARE_DNS_API_TOKEN',
      description: "Cloudflare API token for Traefik's DNS-01 challenge: Zone DNS edit on the one zone, nothing else.",
    },
    {
      name: n.cloudflareProxyDnsApiToken,
      type: 'token',
      consumers: ['ansible'],
      description:
        "Cloudflare API token for the NGINX proxy's DNS-01 challenge (its Let's Encrypt certificate for the infrastructure hostnames, which internal clients reach over https through AdGuard's rewrites): Zone DNS edit on the one zone, nothing else.",
    },
    {
      name: n.cloudflareAccessEmails,
      type: 'email-list',
      consumers: ['tofu'],
      tofuStacks: edge,
      description: 'E-mail addresses Cloudflare Access lets through to the infrastructure UIs (one-time PIN or the account identity provider).',
    },
    { name: n.cloudflareAccountId, type: 'id', consumers: ['tofu'], tofuStacks: edge, description: 'Cloudflare account ID.' },
    { name: n.cloudflareZoneId, type: 'id', consumers: ['tofu'], tofuStacks: edge, description: 'Cloudflare zone ID of the domain.' },
    {
      name: n.tunnelToken,
      type: 'token',
      consumers: ['tofu-output', 'ansible'],
      tofuStacks: edge,
      description: 'cloudflared connector token (created by the edge stack).',
    },
    { name: n.restoreAccessKeyId, type: 'id', consumers: ['tofu-output', 'ansible'], tofuStacks: aws, description: 'Read-only restore identity, access key.' },
    {
      name: n.restoreSecretAccessKey,
      type: 'token',
      consumers: ['tofu-output', 'ansible'],
      tofuStacks: aws,
      description: 'Read-only restore identity, secret key.',
    },
    // The OCI API and the bastions' admin sources: only when some OCI stack exists.
    ...(oci.length === 0 ? [] : ociKeys(oci)),
    {
      name: n.k3sToken,
      type: 'token',
      consumers: ['ansible'],
      description: 'k3s server token (servers only: it joins control-plane nodes and is never written on an agent).',
    },
    {
      name: n.k3sAgentToken,
      type: 'token',
      consumers: ['ansible'],
      description: "k3s agent token (the server's agent-token; workers join with it and cannot join as servers).",
    },
    { name: n.fluxGitDeployKey, type: 'pem', consumers: ['ansible'], description: 'Deploy key Flux uses to read this repository.' },
    {
      name: n.fluxGitVerificationKeys,
      type: 'ssh-public-keys',
      consumers: ['ansible'],
      description: 'SSH public keys whose commit signatures Flux accepts on the HEAD of the branch it applies (docs/decisions/0010-k8s-flux-trust.md).',
    },
    { name: n.authentikSecretKey, type: 'token', consumers: ['flux'], fluxName: 'AUTHENTIK_SECRET_KEY', description: 'Authentik secret key.' },
    {
      name: n.authentikPostgresPassword,
      type: 'token',
      consumers: ['flux'],
      fluxName: 'AUTHENTIK_POSTGRES_PASSWORD',
      description: 'Authentik database password.',
    },
    {
      name: n.authentikOutpostToken,
      type: 'token',
      consumers: ['flux'],
      fluxName: 'AUTHENTIK_OUTPOST_TOKEN',
      filledAt: 'authentik-outpost-token',
      description:
        "Token of the in-cluster Authentik proxy outpost (the outpost itself comes from the forward-auth blueprint): copied by a person from the Authentik UI into the vault (bootstrap step authentik-outpost-token; until then the example's placeholder).",
    },
    {
      name: n.authentikInfrastructureOutpostToken,
      type: 'token',
      consumers: ['ansible'],
      filledAt: 'authentik-outpost-token',
      description:
        'Token of the standalone Authentik proxy outpost on the identity-outpost guest (the outpost infrastructure, from the forward-auth blueprint): copied by a person from the Authentik UI.',
    },
    { name: n.grafanaAdminPassword, type: 'token', consumers: ['flux'], fluxName: 'GRAFANA_ADMIN_PASSWORD', description: 'Grafana admin password.' },
    {
      name: n.grafanaOidcClientId,
      type: 'id',
      consumers: ['flux'],
      fluxName: 'GRAFANA_OIDC_CLIENT_ID',
      description: "Client ID of Grafana's OAuth2/OpenID provider in Authentik.",
    },
    {
      name: n.grafanaOidcClientSecret,
      type: 'token',
      consumers: ['flux'],
      fluxName: 'GRAFANA_OIDC_CLIENT_SECRET',
      description: "Client secret of Grafana's OAuth2/OpenID provider in Authentik (hex: the Authentik blueprint quotes it).",
    },
    {
      name: n.veleroRepositoryPassword,
      type: 'passphrase',
      consumers: ['flux'],
      fluxName: 'VELERO_REPOSITORY_PASSWORD',
      description: "Kopia repository password of Velero's file-system backups (encrypts volume data before upload; kept only in the vault).",
    },
    {
      name: n.mediaNfsServer,
      type: 'ipv4-address',
      consumers: ['tofu', 'ansible', 'flux'],
      tofuStacks: proxmox,
      fluxName: 'MEDIA_NFS_SERVER',
      sharedReason: ADDRESS_PLAN,
      description: 'Storage-network address of the NFS server holding the media share (the live storage stage).',
    },
    {
      name: n.resticPassword,
      type: 'passphrase',
      consumers: ['ansible', 'operator'],
      sharedReason: 'the repository password: the source machine encrypts with it, the person pruning (`task backups:prune`) needs it to read the index',
      description: 'Restic repository password for the TrueNAS backups.',
    },
    { name: n.wireguardBastionPrivateKey, type: 'token', consumers: ['ansible'], description: 'WireGuard private key of the bastion.' },
    { name: n.wireguardAsgardPrivateKey, type: 'token', consumers: ['ansible'], description: 'WireGuard private key of the asgard end of the bastion link.' },
    {
      name: n.wireguardTunnelCidr,
      type: 'ipv4-cidr',
      consumers: ['tofu', 'ansible'],
      tofuStacks: proxmox,
      sharedReason: 'an address range, not a credential: the Proxmox ipsets (tofu) and the gateway and bastion nftables (ansible) must name the same tunnel',
      description:
        'CIDR of the bastion WireGuard link (bastion takes the first address, the asgard vpn gateway the second); routed into the management network without NAT (the router needs a route to it via the gateway).',
    },
    { name: n.npmAdminEmail, type: 'id', consumers: ['ansible'], description: 'Nginx Proxy Manager admin login (e-mail).' },
    { name: n.npmAdminPassword, type: 'passphrase', consumers: ['ansible'], description: 'Nginx Proxy Manager admin password.' },
    {
      name: n.downloadClientPassword,
      type: 'passphrase',
      consumers: ['ansible'],
      description: 'RPC password of the download client on the media-downloads guest (entered in Radarr/Sonarr as their download client).',
    },
  ];

  // The cluster nodes' network: pods reach the API server, kubelets and node exporters there (an egress policy per app).
  const nodeNetworks = new Set(model.clusters.map((c) => clusterNodeNetwork(model, c.name)).filter((x): x is string => x !== undefined));
  for (const net of model.networks) {
    const node = nodeNetworks.has(net.name);
    keys.push(
      {
        name: n.vlanId(net.name),
        type: 'vlan-id',
        consumers: ['tofu', 'ansible'],
        tofuStacks: proxmox,
        entity: `networks/${net.name}`,
        sharedReason: ADDRESS_PLAN,
        description: `VLAN ID of ${net.name}.`,
      },
      {
        name: n.cidr(net.name),
        type: 'ipv4-cidr',
        consumers: node ? ['tofu', 'ansible', 'flux'] : ['tofu', 'ansible'],
        tofuStacks: proxmox,
        fluxName: node ? `CIDR_${identifier(net.name).toUpperCase()}` : undefined,
        entity: `networks/${net.name}`,
        sharedReason: ADDRESS_PLAN,
        description: `CIDR of ${net.name}.`,
      },
      {
        name: n.gateway(net.name),
        type: 'ipv4-address',
        consumers: ['tofu', 'ansible'],
        tofuStacks: proxmox,
        entity: `networks/${net.name}`,
        sharedReason: ADDRESS_PLAN,
        description: `Gateway of ${net.name}.`,
      },
    );
  }
  for (const host of model.hosts) {
    keys.push({
      name: n.hostAddress(host.name),
      type: 'ipv4-address',
      consumers: ['ansible'],
      entity: `hosts/${host.name}`,
      description: `Management address of ${host.name}.`,
    });
    for (const net of host.networks.slice(1)) {
      keys.push({
        name: n.hostNetworkAddress(host.name, net),
        type: 'ipv4-address',
        consumers: ['ansible'],
        entity: `hosts/${host.name}`,
        description: `Address of ${host.name} on ${net} (a VLAN interface on its bridge, set by ansible/proxmox.yml).`,
      });
    }
    for (const gpu of host.gpus ?? []) keys.push(...gpuKeys(host.name, gpu, stackOf(host.location)));
  }
  for (const instance of model.cloudInstances) {
    keys.push({
      name: n.cloudInstanceAddress(instance.name),
      type: 'ipv4-address',
      consumers: ['tofu-output', 'ansible'],
      tofuStacks: [instance.location],
      entity: `cloudInstances/${instance.name}`,
      description: `Public address of ${instance.name} (an output of the ${instance.location} stack).`,
    });
  }
  // The download client's address is also a Flux substitution: the arr apps' egress policy names it (charts/lib/guest-egress.ts).
  const calledFromCluster = (guest: GuestSpec): boolean => guest.role === 'media-downloads' && arrApps(model).length > 0;
  for (const guest of model.guests) {
    for (const net of guest.networks) {
      const flux = calledFromCluster(guest);
      keys.push({
        name: n.guestAddress(guest.name, net),
        type: 'ipv4-address',
        consumers: flux ? ['tofu', 'ansible', 'flux'] : ['tofu', 'ansible'],
        tofuStacks: stackOf(hostLocation(guest.host)),
        ...(flux ? { fluxName: n.guestAddress(guest.name, net).toUpperCase() } : {}),
        entity: `guests/${guest.name}`,
        sharedReason: ADDRESS_PLAN,
        description: `Address of ${guest.name} on ${net}.`,
      });
    }
  }
  for (const location of new Set(model.cloudInstances.map((c) => c.location))) {
    keys.push({
      name: n.cloudVcnCidr(location),
      type: 'ipv4-cidr',
      consumers: ['tofu', 'ansible'],
      tofuStacks: [location],
      entity: `locations/${location}`,
      sharedReason: ADDRESS_PLAN,
      description: `Private CIDR of the ${location} VCN (its one subnet spans it).`,
    });
  }
  for (const source of model.backups.sources) {
    keys.push(
      {
        name: n.backupAccessKeyId(source.name),
        type: 'id',
        consumers: ['tofu-output', writerLayer(source.tool)],
        tofuStacks: aws,
        fluxName: source.tool === 'velero' ? 'BACKUP_ACCESS_KEY_ID' : undefined,
        entity: `backups/${source.name}`,
        description: `Writer identity of backup source ${source.name}, access key.`,
      },
      {
        name: n.backupSecretAccessKey(source.name),
        type: 'token',
        consumers: ['tofu-output', writerLayer(source.tool)],
        tofuStacks: aws,
        fluxName: source.tool === 'velero' ? 'BACKUP_SECRET_ACCESS_KEY' : undefined,
        entity: `backups/${source.name}`,
        description: `Writer identity of backup source ${source.name}, secret key.`,
      },
    );
  }
  return keys;
}

/**
 * The vault keys of a Proxmox stack's API access. With one Proxmox location they are `proxmox_endpoint` and
 * `proxmox_api_token`; with several, each location has its own pair (`proxmox_endpoint_<location>` …): adding a second
 * Proxmox site renames the first site's pair in the vault (`task secrets:check` names the keys it misses).
 */
export function proxmoxApiKeys(model: Homelab, stack: string): { readonly endpoint: string; readonly apiToken: string } {
  if (stacksOfKind(model, 'proxmox').length <= 1) return { endpoint: secretNames.proxmoxEndpoint, apiToken: secretNames.proxmoxApiToken };
  return { endpoint: `${secretNames.proxmoxEndpoint}_${identifier(stack)}`, apiToken: `${secretNames.proxmoxApiToken}_${identifier(stack)}` };
}

/** Where a backup source's writer keys go: Velero reads them from cluster-secrets, restic from its host's env file. */
function writerLayer(tool: BackupTool): SecretConsumer {
  return tool === 'velero' ? 'flux' : 'ansible';
}

/** The layers a key reaches (SECRET_LAYERS among its consumers; a backend credential reaches OpenTofu). */
export function secretLayers(key: SecretKey): readonly SecretConsumer[] {
  const layers = key.consumers.filter((c) => SECRET_LAYERS.includes(c));
  return key.backendEnv !== undefined && !layers.includes('tofu') ? ['tofu', ...layers] : layers;
}

/**
 * The PCI identity of a passed-through GPU, one key per field in one format for every consumer: the Proxmox PCI
 * mapping (tofu: path, first id, subsystem id, IOMMU group), the vfio role (`options vfio-pci ids=` = every id) and
 * `task secrets:check` (validates each by its type). Read them on the host with `lspci -nnD -v -s <path>` and
 * `readlink /sys/bus/pci/devices/<path>.0/iommu_group`.
 */
function gpuKeys(host: string, gpu: GpuSpec, tofuStacks: readonly string[]): SecretKey[] {
  const n = secretNames;
  const entity = `hosts/${host}/gpus/${gpu.name}`;
  const both: SecretConsumer[] = ['tofu', 'ansible'];
  const sharedReason = 'hardware address, not a credential: the PCI mapping (OpenTofu) and the vfio role (Ansible) bind the same device';
  const keys: SecretKey[] = [
    {
      name: n.gpuPciPath(gpu.name),
      type: 'pci-path',
      consumers: both,
      tofuStacks,
      entity,
      sharedReason,
      description: `PCI path of ${gpu.name}, as dddd:bb:dd (without the .N suffix: all functions${gpu.allFunctions === false ? '; this GPU passes one function: give .0' : ''}).`,
    },
    {
      name: n.gpuPciIds(gpu.name),
      type: 'pci-id-list',
      consumers: both,
      tofuStacks,
      entity,
      sharedReason,
      description: `vendor:device of every function of ${gpu.name}, function .0 first (a list of vvvv:dddd): the mapping's id and the vfio-pci ids.`,
    },
    {
      name: n.gpuIommuGroup(gpu.name),
      type: 'iommu-group',
      consumers: both,
      tofuStacks,
      entity,
      sharedReason,
      filledAt: 'provisioning-token',
      description: `IOMMU group of ${gpu.name} (after IOMMU is on: the host prep's reboot).`,
    },
  ];
  if (gpu.subsystemId ?? true)
    keys.push({
      name: n.gpuPciSubsystemId(gpu.name),
      type: 'pci-id',
      consumers: both,
      tofuStacks,
      entity,
      sharedReason,
      description: `PCI subsystem vendor:device of ${gpu.name} function .0 (lspci -v "Subsystem: … [vvvv:dddd]").`,
    });
  return keys;
}

/** The OCI API keys every OCI stack uses, and the admin sources of the bastions (OCI security list and nftables). */
function ociKeys(oci: readonly string[]): SecretKey[] {
  const n = secretNames;
  return [
    { name: n.ociTenancyOcid, type: 'id', consumers: ['tofu'], tofuStacks: oci, description: 'OCI tenancy OCID.' },
    { name: n.ociUserOcid, type: 'id', consumers: ['tofu'], tofuStacks: oci, description: 'OCI API user OCID.' },
    { name: n.ociFingerprint, type: 'id', consumers: ['tofu'], tofuStacks: oci, description: 'Fingerprint of the OCI API key.' },
    { name: n.ociPrivateKey, type: 'pem', consumers: ['tofu'], tofuStacks: oci, description: 'OCI API private key (PEM).' },
    { name: n.ociCompartmentOcid, type: 'id', consumers: ['tofu'], tofuStacks: oci, description: 'OCI compartment holding the resources of every OCI stack.' },
    {
      name: n.adminCidrs,
      type: 'ipv4-cidr-list',
      consumers: ['tofu', 'ansible'],
      tofuStacks: oci,
      sharedReason: 'source ranges, not a credential: the OCI security list and the bastion nftables must agree',
      description: 'Source CIDRs allowed to reach the bastion over SSH (never 0.0.0.0/0).',
    },
  ];
}

/** The secrets a stack takes as sensitive variables. */
export function tofuVariablesFor(model: Homelab, stack: string): readonly SecretKey[] {
  return secretCatalogue(model).filter((k) => k.consumers.includes('tofu') && (k.tofuStacks ?? []).includes(stack));
}

/**
 * Secrets the tofu bridge exports as environment variables for the state backend of every stack but the bootstrap
 * one (the backup location's AWS stack runs with the person's BOOTSTRAP_AWS_PROFILE, backend included: it creates the
 * state identity).
 */
export function backendEnvironment(model: Homelab): readonly (SecretKey & { readonly backendEnv: string })[] {
  return secretCatalogue(model).filter((k): k is SecretKey & { readonly backendEnv: string } => k.backendEnv !== undefined);
}

/** Apps that hand work to the download client: media apps that write into the share (not the read-only ones). */
export function arrApps(model: Homelab): readonly AppSpec[] {
  return model.apps.filter((a) => a.media === true && a.mediaAccess !== 'read-only');
}

/** Keys of the `cluster-secrets` Secret consumed by Flux substitutions. */
export function fluxSubstitutions(model: Homelab): readonly (SecretKey & { readonly fluxName: string })[] {
  return secretCatalogue(model).filter((k): k is SecretKey & { readonly fluxName: string } => k.consumers.includes('flux') && k.fluxName !== undefined);
}
