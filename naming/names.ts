/**
 * Derived names. Constructs, stacks and charts take every name from here (or straight from the model, whose names were
 * checked by naming/rules.ts), never from a string literal of their own.
 */

/** `asgard-atlas` → `atlas`: the host name without its location prefix. */
export function hostShortName(hostName: string): string {
  const dash = hostName.indexOf('-');
  return dash < 0 ? hostName : hostName.slice(dash + 1);
}

/** `homelab-<location>-<purpose>-<type>`: the one constructor of cloud and edge resource names. */
export function cloudResourceName(location: string, purpose: string, type: string): string {
  return `homelab-${location}-${purpose}-${type}`;
}

/** The bucket holding OpenTofu state for every stack (lives in the backup location, babylon). */
export function stateBucketName(location: string): string {
  return cloudResourceName(location, 'tfstate', 'storage');
}

/** The state object key of a stack inside the state bucket. */
export function stateKey(stack: string): string {
  return `stacks/${stack}/terraform.tfstate`;
}

/** Name of the OpenTofu stack of a location or blast radius. */
export function stackName(unit: string): string {
  return unit;
}

/** Kubernetes resource names derived from an app. */
export const k8sNames = {
  fluxKustomization: (app: string): string => app,
  service: (app: string): string => app,
  configPvc: (app: string): string => `${app}-config`,
  dataPvc: (app: string): string => `${app}-data`,
  ingressRoute: (app: string): string => app,
  forwardAuthMiddleware: 'authentik-forward-auth',
  clusterSecrets: 'cluster-secrets',
  gitRepository: 'platform-stack',
} as const;

/** Proxmox tags are lowercase, dash-separated words. */
export function proxmoxTag(kind: 'location' | 'role' | 'layer' | 'managed', value: string): string {
  return `${kind}-${value}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** Identifier-safe form of an entity name (OpenTofu variable names, construct ids): `k8s-master-01` → `k8s_master_01`. */
export function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Internal DNS zone served by AdGuard Home (RFC 8375 `home.arpa`): guests and ingress points get names there, so that
 * generated configuration refers to names and the addresses stay in the vault.
 */
export const INTERNAL_ZONE = 'home.arpa';

export function internalHostname(name: string): string {
  return `${name}.${INTERNAL_ZONE}`;
}

/** Where a Proxmox host mounts NFS storage served by another host (Proxmox's own convention for storage mounts). */
export function nfsMountPoint(storage: string): string {
  return `/mnt/pve/${storage}`;
}

/** Ansible group name of a model entity or role: identifier-safe (Ansible warns on dashes in group names). */
export function ansibleGroup(name: string): string {
  return identifier(name);
}
