/**
 * An OCI location stack (oracle/oci): renders plan/oci.ts — each always-on instance of the location (a bastion) with
 * its own network; SSH in from the admin CIDRs only, an `openInbound` service (WireGuard) from anywhere with its
 * reason (docs/decisions/0010-bastion-wireguard-ingress.md).
 */
import { Construct } from 'constructs';
import { TerraformOutput } from '../constructs/core';
import { HomelabStack } from './base-stack';
import { OciProvider } from '../.gen/providers/oci/provider';
import { OciBastion } from '../constructs/oci-bastion';
import type { StackBasePlan } from '../plan/stacks';
import type { OciLocationPlan } from '../plan/oci';

export class OciLocationStack extends HomelabStack {
  readonly bastions: readonly OciBastion[];

  constructor(scope: Construct, base: StackBasePlan, plan: OciLocationPlan) {
    super(scope, base);
    const s = this.secrets;
    const k = plan.keys;
    new OciProvider(this, 'oci', {
      region: plan.region,
      tenancyOcid: s.string(k.tenancy),
      userOcid: s.string(k.user),
      fingerprint: s.string(k.fingerprint),
      privateKey: s.string(k.privateKey),
    });
    this.bastions = plan.instances.map(
      (c) =>
        new OciBastion(this, c.name, {
          location: plan.location,
          purpose: c.purpose,
          instance: c,
          compartmentId: s.string(k.compartment),
          tenancyId: s.string(k.tenancy),
          vcnCidr: s.string(k.vcnCidr),
          adminCidrs: s.list(k.adminCidrs),
          inbound: c.inbound,
          openInbound: c.openInbound,
          sshPublicKeys: s.list(k.sshPublicKeys),
          tags: { ...c.tags },
        }),
    );
    // The public address is a secret: a sensitive output named after the catalogue key, copied by `task secrets:sync`.
    this.bastions.forEach((b, i) => {
      const c = plan.instances[i];
      new TerraformOutput(this, `${c.name}-address`, {
        value: b.publicIp,
        sensitive: true,
        description: `Public address of ${c.name} (task secrets:sync copies it into the vault).`,
      }).overrideLogicalId(c.addressKey);
    });
    // For the Ansible layer: names and roles only (no addresses).
    new TerraformOutput(this, 'instances', {
      value: plan.instances.map((c) => ({ name: c.name, role: c.role, shape: c.shape })),
      description: 'Cloud instances of this stack for the Ansible layer (no addresses).',
    });
  }
}
