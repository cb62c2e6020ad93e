/**
 * Exact provider pins for `required_providers`. The prebuilt bindings pin aws 6.25.0 and cloudflare 5.14.0; the
 * generated bindings in .gen/ come from the schemas of the pinned bpg/proxmox and oracle/oci builds (docs/TOOLING.md).
 */
export const PROVIDER_PINS = {
  aws: { source: 'hashicorp/aws', version: '6.25.0' },
  cloudflare: { source: 'cloudflare/cloudflare', version: '5.14.0' },
  proxmox: { source: 'bpg/proxmox', version: '0.111.1' },
  oci: { source: 'oracle/oci', version: '8.28.0' },
} as const;


/** OpenTofu release the stacks are written for (state encryption and S3 use_lockfile need ≥ 1.10). */
export const REQUIRED_TOFU_VERSION = '>= 1.10.0';
