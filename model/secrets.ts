/**
 * The one catalogue of secret keys. OpenTofu variables, the Ansible vault schema, `task secrets:check` and the Flux
 * substitutions are all derived from it; no other file invents a secret name. Values never appear in the repository:
 * they live in the Ansible Vault (ansible/group_vars/all/vault.yml) and reach each layer through its own bridge.
 */
import type { GpuSpec, Homelab } from './types';
import { identifier, STACKS } from '../naming/names';
import { clusterNodeNetwork } from './lookup';

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
 * - `ansible`: an Ansible vault variable.
 * - `flux`: a key of the `cluster-secrets` Secret, substituted by Flux postBuild (`${KEY}`).
 * - `tofu-output`: created by OpenTofu, copied into the vault by `task secrets:sync`.
 */
export type SecretConsumer = 'tofu' | 'ansible' | 'flux' | 'tofu-output';

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
  domain: 'domain',
  stateEncryptionPassphrase: 'state_encryption_passphrase',
  proxmoxEndpoint: 'proxmox_endpoint',
  proxmoxApiToken: 'proxmox_api_token',
  sshPublicKeys: 'ssh_public_keys',
  cloudflareApiToken: 'cloudflare_api_token',
  cloudflareDnsApiToken: 'cloudflare_dns_api_token',
  cloudflareAccountId: 'cloudflare_account_id',
  cloudflareZoneId: 'cloudflare_zone_id',
  tunnelToken: 'cloudflare_tunnel_token',
  awsAccessKeyId: 'aws_access_key_id',
  awsSecretAccessKey: 'aws_secret_access_key',
  restoreAccessKeyId: 'backup_restore_access_key_id',
  restoreSecretAccessKey: 'backup_restore_secret_access_key',
  ociTenancyOcid: 'oci_tenancy_ocid',
  ociUserOcid: 'oci_user_ocid',
  ociFingerprint: 'oci_fingerprint',
  ociPrivateKey: 'oci_private_key',
  ociCompartmentOcid: 'oci_compartment_ocid',
  adminCidrs: 'admin_cidrs',
  k3sToken: 'k3s_token',
  fluxGitDeployKey: 'flux_git_deploy_key',
  fluxGitVerificationKeys: 'flux_git_verification_keys',
  authentikSecretKey: 'authentik_secret_key',
  authentikPostgresPassword: 'authentik_postgres_password',
  authentikOutpostToken: 'authentik_outpost_token',
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
} as const;

const ALL_STACKS: readonly string[] = Object.values(STACKS);

/** Every secret key the model needs, in a stable order. */
export function secretCatalogue(model: Homelab): readonly SecretKey[] {
  const n = secretNames;
  const keys: SecretKey[] = [
    { name: n.domain, type: 'domain', consumers: ['tofu', 'ansible', 'flux'], tofuStacks: [STACKS.edge], fluxName: 'SECRET_DOMAIN', description: 'Public DNS domain; hostnames are labels below it.' },
    { name: n.stateEncryptionPassphrase, type: 'passphrase', consumers: ['tofu'], tofuStacks: ALL_STACKS, description: 'OpenTofu state encryption passphrase (pbkdf2 key provider).' },
    { name: n.awsAccessKeyId, type: 'id', consumers: ['tofu'], tofuStacks: [STACKS.babylon], backendEnv: 'AWS_ACCESS_KEY_ID', description: 'AWS access key for babylon resources and the state backend of every stack.' },
    { name: n.awsSecretAccessKey, type: 'token', consumers: ['tofu'], tofuStacks: [STACKS.babylon], backendEnv: 'AWS_SECRET_ACCESS_KEY', description: 'AWS secret key for babylon resources and the state backend of every stack.' },
    { name: n.proxmoxEndpoint, type: 'url', consumers: ['tofu', 'ansible'], tofuStacks: [STACKS.asgard], description: 'Proxmox VE cluster API endpoint (https://…:8006/).' },
    { name: n.proxmoxApiToken, type: 'token', consumers: ['tofu'], tofuStacks: [STACKS.asgard], description: 'Proxmox API token of the automation user (user@realm!id=secret, privilege-separated; made by ansible/proxmox-access.yml, never root@pam).' },
    { name: n.sshPublicKeys, type: 'ssh-public-keys', consumers: ['tofu', 'ansible'], tofuStacks: [STACKS.asgard, STACKS.coruscant], description: 'SSH public keys put on every guest by cloud-init.' },
    { name: n.cloudflareApiToken, type: 'token', consumers: ['tofu'], tofuStacks: [STACKS.edge], description: 'Cloudflare API token of the edge stack (DNS edit, tunnel edit); never in the cluster.' },
    { name: n.cloudflareDnsApiToken, type: 'token', consumers: ['flux'], fluxName: 'CLOUDFLARE_DNS_API_TOKEN', description: 'Cloudflare API token for Traefik\'s ACME DNS-01 only: Zone:DNS:Edit on the one zone of the domain, nothing else.' },
    { name: n.cloudflareAccountId, type: 'id', consumers: ['tofu'], tofuStacks: [STACKS.edge], description: 'Cloudflare account ID.' },
    { name: n.cloudflareZoneId, type: 'id', consumers: ['tofu'], tofuStacks: [STACKS.edge], description: 'Cloudflare zone ID of the domain.' },
    { name: n.tunnelToken, type: 'token', consumers: ['tofu-output', 'ansible'], tofuStacks: [STACKS.edge], description: 'cloudflared connector token (created by the edge stack).' },
    { name: n.restoreAccessKeyId, type: 'id', consumers: ['tofu-output', 'ansible'], tofuStacks: [STACKS.babylon], description: 'Read-only restore identity, access key.' },
    { name: n.restoreSecretAccessKey, type: 'token', consumers: ['tofu-output', 'ansible'], tofuStacks: [STACKS.babylon], description: 'Read-only restore identity, secret key.' },
    { name: n.ociTenancyOcid, type: 'id', consumers: ['tofu'], tofuStacks: [STACKS.coruscant], description: 'OCI tenancy OCID.' },
    { name: n.ociUserOcid, type: 'id', consumers: ['tofu'], tofuStacks: [STACKS.coruscant], description: 'OCI API user OCID.' },
    { name: n.ociFingerprint, type: 'id', consumers: ['tofu'], tofuStacks: [STACKS.coruscant], description: 'Fingerprint of the OCI API key.' },
    { name: n.ociPrivateKey, type: 'pem', consumers: ['tofu'], tofuStacks: [STACKS.coruscant], description: 'OCI API private key (PEM).' },
    { name: n.ociCompartmentOcid, type: 'id', consumers: ['tofu'], tofuStacks: [STACKS.coruscant], description: 'OCI compartment for coruscant.' },
    { name: n.adminCidrs, type: 'ipv4-cidr-list', consumers: ['tofu', 'ansible'], tofuStacks: [STACKS.coruscant], description: 'Source CIDRs allowed to reach the bastion over SSH.' },
    { name: n.k3sToken, type: 'token', consumers: ['ansible'], description: 'k3s cluster join token.' },
    { name: n.fluxGitDeployKey, type: 'pem', consumers: ['ansible'], description: 'Deploy key Flux uses to read this repository.' },
    { name: n.fluxGitVerificationKeys, type: 'ssh-public-keys', consumers: ['ansible'], description: 'SSH public keys whose commit signatures Flux accepts on the HEAD of the branch it applies (docs/decisions/0010-k8s-flux-trust.md).' },
    { name: n.authentikSecretKey, type: 'token', consumers: ['ansible', 'flux'], fluxName: 'AUTHENTIK_SECRET_KEY', description: 'Authentik secret key.' },
    { name: n.authentikPostgresPassword, type: 'token', consumers: ['ansible', 'flux'], fluxName: 'AUTHENTIK_POSTGRES_PASSWORD', description: 'Authentik database password.' },
    { name: n.authentikOutpostToken, type: 'token', consumers: ['ansible', 'flux'], fluxName: 'AUTHENTIK_OUTPOST_TOKEN', description: 'Token of the Authentik proxy outpost: created by a person in the Authentik UI (manual step authentik-outpost-token of the authentik-outpost app; until then any placeholder), copied into the vault.' },
    { name: n.grafanaAdminPassword, type: 'token', consumers: ['ansible', 'flux'], fluxName: 'GRAFANA_ADMIN_PASSWORD', description: 'Grafana admin password.' },
    { name: n.grafanaOidcClientId, type: 'id', consumers: ['flux'], fluxName: 'GRAFANA_OIDC_CLIENT_ID', description: 'Client ID of Grafana\'s OAuth2/OpenID provider in Authentik.' },
    { name: n.grafanaOidcClientSecret, type: 'token', consumers: ['flux'], fluxName: 'GRAFANA_OIDC_CLIENT_SECRET', description: 'Client secret of Grafana\'s OAuth2/OpenID provider in Authentik (hex: the Authentik blueprint quotes it).' },
    { name: n.veleroRepositoryPassword, type: 'passphrase', consumers: ['flux'], fluxName: 'VELERO_REPOSITORY_PASSWORD', description: 'Kopia repository password of Velero\'s file-system backups (encrypts volume data before upload; kept only in the vault).' },
    { name: n.mediaNfsServer, type: 'ipv4-address', consumers: ['tofu', 'ansible', 'flux'], tofuStacks: [STACKS.asgard], fluxName: 'MEDIA_NFS_SERVER', description: 'Storage-network address of the NFS server holding the media share (the live storage stage).' },
    { name: n.resticPassword, type: 'passphrase', consumers: ['ansible'], description: 'Restic repository password for the TrueNAS backups.' },
    { name: n.wireguardBastionPrivateKey, type: 'token', consumers: ['ansible'], description: 'WireGuard private key of the bastion.' },
    { name: n.wireguardAsgardPrivateKey, type: 'token', consumers: ['ansible'], description: 'WireGuard private key of the asgard end of the bastion link.' },
    { name: n.wireguardTunnelCidr, type: 'ipv4-cidr', consumers: ['ansible'], description: 'Point-to-point CIDR of the bastion WireGuard link (bastion takes the first address, asgard the second).' },
    { name: n.npmAdminEmail, type: 'id', consumers: ['ansible'], description: 'Nginx Proxy Manager admin login (e-mail).' },
    { name: n.npmAdminPassword, type: 'passphrase', consumers: ['ansible'], description: 'Nginx Proxy Manager admin password.' },
  ];

  // The cluster nodes' network: pods reach the API server, kubelets and node exporters there (an egress policy per app).
  const nodeNetworks = new Set(model.clusters.map((c) => clusterNodeNetwork(model, c.name)).filter((x): x is string => x !== undefined));
  for (const net of model.networks) {
    const node = nodeNetworks.has(net.name);
    keys.push(
      { name: n.vlanId(net.name), type: 'vlan-id', consumers: ['tofu', 'ansible'], tofuStacks: [STACKS.asgard], entity: `networks/${net.name}`, description: `VLAN ID of ${net.name}.` },
      { name: n.cidr(net.name), type: 'ipv4-cidr', consumers: node ? ['tofu', 'ansible', 'flux'] : ['tofu', 'ansible'], tofuStacks: [STACKS.asgard], fluxName: node ? `CIDR_${identifier(net.name).toUpperCase()}` : undefined, entity: `networks/${net.name}`, description: `CIDR of ${net.name}.` },
      { name: n.gateway(net.name), type: 'ipv4-address', consumers: ['tofu', 'ansible'], tofuStacks: [STACKS.asgard], entity: `networks/${net.name}`, description: `Gateway of ${net.name}.` },
    );
  }
  for (const host of model.hosts) {
    keys.push({ name: n.hostAddress(host.name), type: 'ipv4-address', consumers: ['ansible'], entity: `hosts/${host.name}`, description: `Management address of ${host.name}.` });
    for (const net of host.networks.slice(1)) {
      keys.push({ name: n.hostNetworkAddress(host.name, net), type: 'ipv4-address', consumers: ['ansible'], entity: `hosts/${host.name}`, description: `Address of ${host.name} on ${net} (a VLAN interface on its bridge, set by ansible/proxmox.yml).` });
    }
    for (const gpu of host.gpus ?? []) keys.push(...gpuKeys(host.name, gpu));
  }
  for (const instance of model.cloudInstances) {
    keys.push({ name: n.cloudInstanceAddress(instance.name), type: 'ipv4-address', consumers: ['tofu-output', 'ansible'], tofuStacks: [instance.location], entity: `cloudInstances/${instance.name}`, description: `Public address of ${instance.name} (an output of the ${instance.location} stack).` });
  }
  for (const guest of model.guests) {
    for (const net of guest.networks) {
      keys.push({ name: n.guestAddress(guest.name, net), type: 'ipv4-address', consumers: ['tofu', 'ansible'], tofuStacks: [STACKS.asgard], entity: `guests/${guest.name}`, description: `Address of ${guest.name} on ${net}.` });
    }
  }
  for (const location of new Set(model.cloudInstances.map((c) => c.location))) {
    keys.push({ name: n.cloudVcnCidr(location), type: 'ipv4-cidr', consumers: ['tofu', 'ansible'], tofuStacks: [location], entity: `locations/${location}`, description: `Private CIDR of the ${location} VCN (its one subnet spans it).` });
  }
  for (const source of model.backups.sources) {
    keys.push(
      { name: n.backupAccessKeyId(source.name), type: 'id', consumers: ['tofu-output', 'ansible', 'flux'], tofuStacks: [STACKS.babylon], fluxName: source.tool === 'velero' ? 'BACKUP_ACCESS_KEY_ID' : undefined, entity: `backups/${source.name}`, description: `Writer identity of backup source ${source.name}, access key.` },
      { name: n.backupSecretAccessKey(source.name), type: 'token', consumers: ['tofu-output', 'ansible', 'flux'], tofuStacks: [STACKS.babylon], fluxName: source.tool === 'velero' ? 'BACKUP_SECRET_ACCESS_KEY' : undefined, entity: `backups/${source.name}`, description: `Writer identity of backup source ${source.name}, secret key.` },
    );
  }
  return keys;
}

/**
 * The PCI identity of a passed-through GPU, one key per field in one format for every consumer: the Proxmox PCI
 * mapping (tofu: path, first id, subsystem id, IOMMU group), the vfio role (`options vfio-pci ids=` = every id) and
 * `task secrets:check` (validates each by its type). Read them on the host with `lspci -nnD -v -s <path>` and
 * `readlink /sys/bus/pci/devices/<path>.0/iommu_group`.
 */
function gpuKeys(host: string, gpu: GpuSpec): SecretKey[] {
  const n = secretNames;
  const entity = `hosts/${host}/gpus/${gpu.name}`;
  const both: SecretConsumer[] = ['tofu', 'ansible'];
  const keys: SecretKey[] = [
    { name: n.gpuPciPath(gpu.name), type: 'pci-path', consumers: both, tofuStacks: [STACKS.asgard], entity, description: `PCI path of ${gpu.name}, as dddd:bb:dd (without the .N suffix: all functions${gpu.allFunctions === false ? '; this GPU passes one function: give .0' : ''}).` },
    { name: n.gpuPciIds(gpu.name), type: 'pci-id-list', consumers: both, tofuStacks: [STACKS.asgard], entity, description: `vendor:device of every function of ${gpu.name}, function .0 first (a list of vvvv:dddd): the mapping's id and the vfio-pci ids.` },
    { name: n.gpuIommuGroup(gpu.name), type: 'iommu-group', consumers: both, tofuStacks: [STACKS.asgard], entity, description: `IOMMU group of ${gpu.name} (after IOMMU is on: the host prep's reboot).` },
  ];
  if (gpu.subsystemId ?? true) keys.push({ name: n.gpuPciSubsystemId(gpu.name), type: 'pci-id', consumers: both, tofuStacks: [STACKS.asgard], entity, description: `PCI subsystem vendor:device of ${gpu.name} function .0 (lspci -v "Subsystem: … [vvvv:dddd]").` });
  return keys;
}

/** The secrets a stack takes as sensitive variables. */
export function tofuVariablesFor(model: Homelab, stack: string): readonly SecretKey[] {
  return secretCatalogue(model).filter((k) => k.consumers.includes('tofu') && (k.tofuStacks ?? []).includes(stack));
}

/** Secrets the tofu bridge exports as environment variables for the state backend (every stack). */
export function backendEnvironment(model: Homelab): readonly SecretKey[] {
  return secretCatalogue(model).filter((k) => k.backendEnv !== undefined);
}

/** Keys of the `cluster-secrets` Secret consumed by Flux substitutions. */
export function fluxSubstitutions(model: Homelab): readonly SecretKey[] {
  return secretCatalogue(model).filter((k) => k.consumers.includes('flux') && k.fluxName !== undefined);
}
