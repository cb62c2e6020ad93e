/**
 * The plan of an OCI location stack: the provider's region and keys, and each active cloud instance of the location
 * with its network and the services let in (from the admin CIDRs, or from anywhere with a reason). Plain data;
 * stacks/oci-location.ts renders it.
 */
import type { ResolvedModel } from '../model/resolved';
import { isActive } from '../model/resolved';
import { secretNames } from '../model/secrets';
import { servicePorts, type ServicePort } from '../model/services';
import { managedTags } from '../naming/names';

/** The instance itself: name, shape and operating system (what constructs/oci-bastion.ts creates). */
export interface OciInstanceShape {
  /** Display name and hostname (naming rule `guest`), e.g. bastion-01. */
  readonly name: string;
  /** e.g. VM.Standard.A1.Flex. */
  readonly shape: string;
  readonly ocpus: number;
  readonly memoryGiB: number;
  readonly bootVolumeGiB: number;
  readonly operatingSystem: string;
  readonly operatingSystemVersion: string;
}

export interface OciInstancePlan extends OciInstanceShape {
  /** Purpose word of its network names (the role). */
  readonly purpose: string;
  /** Let in from the admin CIDRs. */
  readonly inbound: readonly ServicePort[];
  /** Let in from anywhere, each with its reason (rule deploy-security-open-ingress). */
  readonly openInbound: readonly { readonly port: ServicePort; readonly reason: string }[];
  readonly tags: Readonly<Record<string, string>>;
  /** Output (and vault key) of its public address. */
  readonly addressKey: string;
  readonly role: string;
}

export interface OciLocationPlan {
  readonly location: string;
  readonly region: string;
  readonly keys: {
    readonly tenancy: string;
    readonly user: string;
    readonly fingerprint: string;
    readonly privateKey: string;
    readonly compartment: string;
    readonly vcnCidr: string;
    readonly adminCidrs: string;
    readonly sshPublicKeys: string;
  };
  readonly instances: readonly OciInstancePlan[];
}

export function ociLocationPlan(model: ResolvedModel, location: string): OciLocationPlan {
  const n = secretNames;
  return {
    location,
    // Rule location-exists: cloud instances sit in an OCI location; its region is required there.
    region: model.index.locations.get(location)?.region ?? '',
    keys: {
      tenancy: n.ociTenancyOcid,
      user: n.ociUserOcid,
      fingerprint: n.ociFingerprint,
      privateKey: n.ociPrivateKey,
      compartment: n.ociCompartmentOcid,
      vcnCidr: n.cloudVcnCidr(location),
      adminCidrs: n.adminCidrs,
      sshPublicKeys: n.sshPublicKeys,
    },
    instances: model.cloudInstances
      .filter((c) => c.location === location && isActive(c))
      .map((c) => ({
        name: c.name,
        purpose: c.role,
        role: c.role,
        shape: c.shape,
        ocpus: c.ocpus,
        memoryGiB: c.memoryGiB,
        bootVolumeGiB: c.bootVolumeGiB,
        operatingSystem: c.image.operatingSystem,
        operatingSystemVersion: c.image.version,
        inbound: c.inbound.flatMap(servicePorts),
        openInbound: c.openInbound.flatMap((o) => servicePorts(o.service).map((port) => ({ port, reason: o.reason }))),
        tags: managedTags(location, { role: c.role }),
        addressKey: n.cloudInstanceAddress(c.name),
      })),
  };
}
