/**
 * coruscant (Oracle Cloud): the always-on bastion and its network; SSH in from the admin CIDRs only, WireGuard from
 * anywhere (asgard dials from a changing address; docs/decisions/0010-bastion-wireguard-ingress.md).
 */
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { TerraformOutput } from '../constructs/core';
import { HomelabStack, type HomelabStackProps } from './base-stack';
import { OciProvider } from '../.gen/providers/oci/provider';
import { OciBastion } from '../constructs/oci-bastion';
import { secretNames } from '../model/secrets';
import { managedTags } from '../naming/names';
import { servicePorts } from '../model/services';

export class CoruscantStack extends HomelabStack {
  readonly bastions: readonly OciBastion[];

  constructor(scope: Construct, name: string, props: HomelabStackProps) {
    super(scope, name, props);
    const location = props.model.locations.find((l) => l.name === name);
    const instances = props.model.cloudInstances.filter((c) => c.location === name);
    if (!location?.region || location.cloud !== 'oci') {
      fail(`locations/${name}`, 'location-exists', 'its stack provisions OCI instances, but it is not an OCI cloud location with a region', "set cloud: 'oci' and region");
    }
    new OciProvider(this, 'oci', {
      region: location.region,
      tenancyOcid: this.secrets.string(secretNames.ociTenancyOcid),
      userOcid: this.secrets.string(secretNames.ociUserOcid),
      fingerprint: this.secrets.string(secretNames.ociFingerprint),
      privateKey: this.secrets.string(secretNames.ociPrivateKey),
    });
    this.bastions = instances.map(
      (c) =>
        new OciBastion(this, c.name, {
          location: name,
          purpose: c.role,
          instance: {
            name: c.name,
            shape: c.shape,
            ocpus: c.ocpus,
            memoryGiB: c.memoryGiB,
            bootVolumeGiB: c.bootVolumeGiB,
            operatingSystem: c.image.operatingSystem,
            operatingSystemVersion: c.image.version,
          },
          compartmentId: this.secrets.string(secretNames.ociCompartmentOcid),
          tenancyId: this.secrets.string(secretNames.ociTenancyOcid),
          vcnCidr: this.secrets.string(secretNames.cloudVcnCidr(name)),
          adminCidrs: this.secrets.list(secretNames.adminCidrs),
          inbound: c.inbound.flatMap(servicePorts),
          openInbound: (c.openInbound ?? []).flatMap((o) => servicePorts(o.service).map((port) => ({ port, reason: o.reason }))),
          sshPublicKeys: this.secrets.list(secretNames.sshPublicKeys),
          tags: managedTags(name, { role: c.role }),
        }),
    );
    // The public address is a secret: a sensitive output named after the catalogue key, copied by `task secrets:sync`.
    this.bastions.forEach((b, i) => {
      new TerraformOutput(this, `${instances[i].name}-address`, {
        value: b.publicIp,
        sensitive: true,
        description: `Public address of ${instances[i].name} (task secrets:sync copies it into the vault).`,
      }).overrideLogicalId(secretNames.cloudInstanceAddress(instances[i].name));
    });
    // For the Ansible layer: names and roles only (no addresses).
    new TerraformOutput(this, 'instances', {
      value: instances.map((c) => ({ name: c.name, role: c.role, shape: c.shape })),
      description: 'Cloud instances of this stack for the Ansible layer (no addresses).',
    });
  }
}
