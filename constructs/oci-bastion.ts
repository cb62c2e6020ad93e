/**
 * An always-on OCI bastion: its own VCN with one public subnet, an internet gateway and a route table, a security list
 * that lets in only the inbound services named (each from the admin CIDRs alone, stateless) plus the model's
 * `openInbound` ports from anywhere (each with its reason), and lets everything out,
 * the VCN's default security list emptied (OCI seeds it with SSH from anywhere), and the instance: shape and OS from
 * the model, the newest matching platform image looked up by operating system + version + shape, hardened instance
 * options (no legacy IMDS, in-transit boot volume encryption, monitoring agent on).
 * Addresses never appear: the VCN CIDR, the admin CIDRs and the SSH keys are sensitive variables.
 */
import { Construct } from 'constructs';
import { Fn, type TerraformResource } from './core';
import { ociDataSource, ociResource, type OciAttributes } from './oci-l1';
import { cloudDnsLabel, cloudNetworkName } from '../naming/names';
import { ANY_IPV4, type ServicePort } from '../model/services';

/** IANA protocol numbers, as the OCI API wants them. */
const PROTOCOL = { tcp: '6', udp: '17', icmp: '1' } as const;
const ANYWHERE = ANY_IPV4;

export interface OciBastionInstance {
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

export interface OciBastionProps {
  /** Cloud location (naming: homelab-<location>-<purpose>-<type>). */
  readonly location: string;
  /** Purpose word in the network names. @default 'bastion' */
  readonly purpose?: string;
  readonly instance: OciBastionInstance;
  readonly compartmentId: string;
  /** Tenancy OCID: availability domains are listed at the tenancy. */
  readonly tenancyId: string;
  /** VCN CIDR (a variable); the one subnet spans it. */
  readonly vcnCidr: string;
  /** Source CIDRs allowed in (a list variable). */
  readonly adminCidrs: string[];
  /** Protocol/port pairs let in from the admin CIDRs (from the model's `inbound` services). */
  readonly inbound: readonly ServicePort[];
  /**
   * Protocol/port pairs let in from any address (the model's `openInbound`, each with its reason — rule
   * deploy-security-open-ingress). @default none
   */
  readonly openInbound?: readonly OpenPort[];
  /** SSH public keys for the default user (a list variable). */
  readonly sshPublicKeys: string[];
  /** Which availability domain of the region (A1 capacity differs per domain). @default 0 */
  readonly availabilityDomainIndex?: number;
  /** Free-form tags on every resource. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A port open to any source, and the reason it may be. */
export interface OpenPort {
  readonly port: ServicePort;
  readonly reason: string;
}

/** OCI caps a security rule's description at 255 characters. */
const MAX_DESCRIPTION = 255;

/** One stateless ingress rule for `port` from `source` (a dynamic block's value, or a literal CIDR). */
function ingressRule(port: ServicePort, source: string, description: string): OciAttributes {
  const [min, max] = (port.port ?? '').split(':').map(Number);
  const range = { min, max: max ?? min };
  const base = { protocol: PROTOCOL[port.proto], source, source_type: 'CIDR_BLOCK', stateless: true };
  if (port.proto === 'icmp') return base;
  return { ...base, [`${port.proto}_options`]: [range], description: description.slice(0, MAX_DESCRIPTION) };
}

export class OciBastion extends Construct {
  readonly vcn: TerraformResource;
  readonly subnet: TerraformResource;
  readonly securityList: TerraformResource;
  readonly instance: TerraformResource;
  /** The instance's public address (a secret: expose it only as a sensitive output). */
  readonly publicIp: string;

  constructor(scope: Construct, id: string, props: OciBastionProps) {
    super(scope, id);
    const purpose = props.purpose ?? 'bastion';
    const name = (type: 'vcn' | 'subnet' | 'gateway' | 'routes' | 'firewall') => cloudNetworkName(props.location, purpose, type);
    const tags = { ...props.tags };
    const compartment_id = props.compartmentId;
    for (const p of [...props.inbound, ...(props.openInbound ?? []).map((o) => o.port)]) {
      if (p.proto !== 'icmp' && !/^\d{1,5}(:\d{1,5})?$/.test(p.port ?? '')) {
        throw new Error(`bastion ${props.instance.name}: inbound ${p.proto} rule without a port — the bastion lets in single services only; name them in cloudInstances[].inbound`);
      }
    }
    if (props.inbound.length === 0 && (props.openInbound ?? []).length === 0) {
      throw new Error(`bastion ${props.instance.name}: no inbound service — an unreachable bastion is useless; add 'ssh' to cloudInstances[].inbound`);
    }

    this.vcn = ociResource(this, 'vcn', 'oci_core_vcn', {
      compartment_id,
      cidr_blocks: [props.vcnCidr],
      display_name: name('vcn'),
      dns_label: cloudDnsLabel(purpose, 'vcn'),
      freeform_tags: tags,
    });
    const vcn_id = this.vcn.getStringAttribute('id');

    // OCI gives every VCN a default security list allowing SSH from anywhere: manage it and leave it empty.
    ociResource(this, 'default-security-list', 'oci_core_default_security_list', {
      manage_default_resource_id: this.vcn.getStringAttribute('default_security_list_id'),
      compartment_id,
      display_name: cloudNetworkName(props.location, `${purpose}-default`, 'firewall'),
      freeform_tags: tags,
    });

    const gateway = ociResource(this, 'internet-gateway', 'oci_core_internet_gateway', {
      compartment_id,
      vcn_id,
      enabled: true,
      display_name: name('gateway'),
      freeform_tags: tags,
    });
    const routes = ociResource(this, 'route-table', 'oci_core_route_table', {
      compartment_id,
      vcn_id,
      display_name: name('routes'),
      route_rules: [{ destination: ANYWHERE, destination_type: 'CIDR_BLOCK', network_entity_id: gateway.getStringAttribute('id'), description: 'default route to the internet gateway' }],
      freeform_tags: tags,
    });

    this.securityList = ociResource(this, 'security-list', 'oci_core_security_list', {
      compartment_id,
      vcn_id,
      display_name: name('firewall'),
      egress_security_rules: [{ protocol: 'all', destination: ANYWHERE, destination_type: 'CIDR_BLOCK', stateless: false, description: 'updates, WireGuard to asgard' }],
      freeform_tags: tags,
    });
    // One dynamic block per inbound port, over the admin CIDRs: the list is a secret, its length unknown until plan.
    // (HCL JSON: several blocks of one type are an array of bodies.)
    const blocks = props.inbound.map((port) => ({
      for_each: props.adminCidrs,
      content: ingressRule(port, '${ingress_security_rules.value}', `${port.proto}/${port.port} from an admin CIDR`),
    }));
    if (blocks.length > 0) this.securityList.addOverride('dynamic.ingress_security_rules', blocks.length === 1 ? blocks[0] : blocks);
    // Ports open to anywhere: static rules, the reason in their description (the bastion's nftables says the same).
    const open = (props.openInbound ?? []).map((o) => ingressRule(o.port, ANYWHERE, `${o.port.proto}/${o.port.port} from anywhere: ${o.reason}`));
    if (open.length > 0) this.securityList.addOverride('ingress_security_rules', open);

    this.subnet = ociResource(this, 'subnet', 'oci_core_subnet', {
      compartment_id,
      vcn_id,
      cidr_block: props.vcnCidr,
      display_name: name('subnet'),
      dns_label: cloudDnsLabel(purpose, 'subnet'),
      route_table_id: routes.getStringAttribute('id'),
      security_list_ids: [this.securityList.getStringAttribute('id')],
      prohibit_public_ip_on_vnic: false,
      freeform_tags: tags,
    });

    const domains = ociDataSource(this, 'availability-domains', 'oci_identity_availability_domains', { compartment_id: props.tenancyId });
    const image = ociDataSource(this, 'image', 'oci_core_images', {
      compartment_id,
      operating_system: props.instance.operatingSystem,
      operating_system_version: props.instance.operatingSystemVersion,
      shape: props.instance.shape,
      state: 'AVAILABLE',
      sort_by: 'TIMECREATED',
      sort_order: 'DESC',
    });

    this.instance = ociResource(
      this,
      'instance',
      'oci_core_instance',
      {
        compartment_id,
        availability_domain: `\${${domains.fqn}.availability_domains[${props.availabilityDomainIndex ?? 0}].name}`,
        display_name: props.instance.name,
        shape: props.instance.shape,
        shape_config: [{ ocpus: props.instance.ocpus, memory_in_gbs: props.instance.memoryGiB }],
        source_details: [{ source_type: 'image', source_id: `\${${image.fqn}.images[0].id}`, boot_volume_size_in_gbs: String(props.instance.bootVolumeGiB) }],
        create_vnic_details: [{ subnet_id: this.subnet.getStringAttribute('id'), assign_public_ip: 'true', display_name: props.instance.name, hostname_label: props.instance.name }],
        metadata: { ssh_authorized_keys: Fn.join('\n', props.sshPublicKeys) },
        is_pv_encryption_in_transit_enabled: true,
        instance_options: [{ are_legacy_imds_endpoints_disabled: true }],
        agent_config: [{ is_monitoring_disabled: false, is_management_disabled: false }],
        freeform_tags: { ...tags, Name: props.instance.name },
      },
      // A newer platform image must not replace a running bastion: re-image deliberately with -replace.
      { ignoreChanges: ['source_details[0].source_id'] },
    );
    this.publicIp = this.instance.getStringAttribute('public_ip');
  }
}
