/**
 * Exact provider pins for `required_providers`, from tools/pins.json (the one file of tool and provider pins, which
 * scripts/tools.sh builds the providers from). The prebuilt bindings (@cdktf/provider-aws, -cloudflare) are for the
 * pinned aws and cloudflare; the generated bindings in .gen/ come from the schemas of the pinned bpg/proxmox and
 * oracle/oci builds (docs/TOOLING.md).
 */
import pins from '../tools/pins.json';

export interface ProviderRequirement {
  readonly source: string;
  readonly version: string;
}

function requirement(name: 'aws' | 'cloudflare' | 'proxmox' | 'oci'): ProviderRequirement {
  const { source, version } = pins.providers[name];
  return { source, version };
}

export const PROVIDER_PINS = {
  aws: requirement('aws'),
  cloudflare: requirement('cloudflare'),
  proxmox: requirement('proxmox'),
  oci: requirement('oci'),
} as const;

/** OpenTofu release the stacks are written for (state encryption and S3 use_lockfile need ≥ 1.10). */
export const REQUIRED_TOFU_VERSION = '>= 1.10.0';
