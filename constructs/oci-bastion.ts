/**
 * An always-on OCI bastion: its own VCN with one public subnet, an internet gateway and a route table, a security list
 * that lets in only the inbound services named (each from the admin CIDRs alone, stateless) plus the model's
 * `openInbound` ports from anywhere (each with its reason), and lets everything out,
 * the VCN's default security list emptied (OCI seeds it with SSH from anywhere), and the instance: shape and OS from
 * the model, the newest matching platform image looked up by operating system + version + shape, hardened instance
 * options (no legacy IMDS, in-transit boot volume encryption, monitoring agent on).
 * Addresses never appear: the VCN CIDR, the admin CIDRs and the SSH keys are sensitive variables.
 * Built from the bindings generated from the real schema of the pinned oracle/oci (tools/pins.json; .gen/providers/oci, `npm run gen`).
 */
import { CONSTRUCT_PROPS } from './contracts';
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { Fn } from './core';
import { CoreDefaultSecurityList } from '../.gen/providers/oci/core-default-security-list';
import { CoreInstance } from '../.gen/providers/oci/core-instance';
import { CoreInternetGateway } from '../.gen/providers/oci/core-internet-gateway';
import { CoreRouteTable } from '../.gen/providers/oci/core-route-table';
import { CoreSecurityList } from '../.gen/providers/oci/core-security-list';
import { CoreSubnet } from '../.gen/providers/oci/core-subnet';
import { CoreVcn } from '../.gen/providers/oci/core-vcn';
import { DataOciCoreImages } from '../.gen/providers/oci/data-oci-core-images';
import { DataOciIdentityAvailabilityDomains } from '../.gen/providers/oci/data-oci-identity-availability-domains';
import { cloudDnsLabel, cloudNetworkName } from '../naming/names';
import { ANY_IPV4, type ServicePort } from '../model/services';
import type { OciInstanceShape } from '../plan/oci';

/** IANA protocol numbers, as the OCI API wants them. */
const PROTOCOL = { tcp: '6', udp: '17', icmp: '1' } as const;
const ANYWHERE = ANY_IPV4;

/** Name, shape and operating system of the instance (the plan's OciInstanceShape). */
export type OciBastionInstance = OciInstanceShape;

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

/** The body of an ingress rule inside a `dynamic` block: raw OpenTofu JSON (snake_case), written by an override. */
type IngressRuleBody = Readonly<Record<string, string | boolean | readonly { readonly min: number; readonly max: number }[]>>;

/** A port open to any source, and the reason it may be. */
export interface OpenPort {
  readonly port: ServicePort;
  readonly reason: string;
}

/** OCI caps a security rule's description at 255 characters. */
const MAX_DESCRIPTION = 255;

/** One stateless ingress rule for `port` from `source` (a dynamic block's value, or a literal CIDR). */
function ingressRule(port: ServicePort, source: string, description: string): IngressRuleBody {
  const bounds = (port.port ?? '').split(':').map(Number);
  const min = bounds[0];
  const range = { min, max: bounds.at(1) ?? min };
  const base = { protocol: PROTOCOL[port.proto], source, source_type: 'CIDR_BLOCK', stateless: true };
  if (port.proto === 'icmp') return base;
  return { ...base, [`${port.proto}_options`]: [range], description: description.slice(0, MAX_DESCRIPTION) };
}

export class OciBastion extends Construct {
  readonly vcn: CoreVcn;
  readonly subnet: CoreSubnet;
  readonly securityList: CoreSecurityList;
  readonly instance: CoreInstance;
  /** The instance's public address (a secret: expose it only as a sensitive output). */
  readonly publicIp: string;

  constructor(scope: Construct, id: string, props: OciBastionProps) {
    super(scope, id);
    const purpose = props.purpose ?? 'bastion';
    const name = (type: 'vcn' | 'subnet' | 'gateway' | 'routes' | 'firewall') => cloudNetworkName(props.location, purpose, type);
    const tags = { ...props.tags };
    const compartmentId = props.compartmentId;
    for (const p of [...props.inbound, ...(props.openInbound ?? []).map((o) => o.port)]) {
      if (p.proto !== 'icmp' && !/^\d{1,5}(:\d{1,5})?$/.test(p.port ?? '')) {
        fail(
          `cloudInstances/${props.instance.name}`,
          CONSTRUCT_PROPS,
          `an inbound ${p.proto} rule without a port reaches the bastion`,
          'pass single services with their ports',
        );
      }
    }
    if (props.inbound.length === 0 && (props.openInbound ?? []).length === 0) {
      fail(
        `cloudInstances/${props.instance.name}`,
        'cloud-instance-inbound',
        'the bastion lets in no service, so nothing can reach it',
        "add 'ssh' to inbound",
      );
    }

    this.vcn = new CoreVcn(this, 'vcn', {
      compartmentId,
      cidrBlocks: [props.vcnCidr],
      displayName: name('vcn'),
      dnsLabel: cloudDnsLabel(purpose, 'vcn'),
      freeformTags: tags,
    });
    const vcnId = this.vcn.id;

    // OCI gives every VCN a default security list allowing SSH from anywhere: manage it and leave it empty.
    new CoreDefaultSecurityList(this, 'default-security-list', {
      manageDefaultResourceId: this.vcn.defaultSecurityListId,
      compartmentId,
      displayName: cloudNetworkName(props.location, `${purpose}-default`, 'firewall'),
      freeformTags: tags,
    });

    const gateway = new CoreInternetGateway(this, 'internet-gateway', {
      compartmentId,
      vcnId,
      enabled: true,
      displayName: name('gateway'),
      freeformTags: tags,
    });
    const routes = new CoreRouteTable(this, 'route-table', {
      compartmentId,
      vcnId,
      displayName: name('routes'),
      routeRules: [{ destination: ANYWHERE, destinationType: 'CIDR_BLOCK', networkEntityId: gateway.id, description: 'default route to the internet gateway' }],
      freeformTags: tags,
    });

    this.securityList = new CoreSecurityList(this, 'security-list', {
      compartmentId,
      vcnId,
      displayName: name('firewall'),
      egressSecurityRules: [
        { protocol: 'all', destination: ANYWHERE, destinationType: 'CIDR_BLOCK', stateless: false, description: 'updates, WireGuard to asgard' },
      ],
      freeformTags: tags,
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

    this.subnet = new CoreSubnet(this, 'subnet', {
      compartmentId,
      vcnId,
      cidrBlock: props.vcnCidr,
      displayName: name('subnet'),
      dnsLabel: cloudDnsLabel(purpose, 'subnet'),
      routeTableId: routes.id,
      securityListIds: [this.securityList.id],
      prohibitPublicIpOnVnic: false,
      freeformTags: tags,
    });

    const domains = new DataOciIdentityAvailabilityDomains(this, 'availability-domains', { compartmentId: props.tenancyId });
    const image = new DataOciCoreImages(this, 'image', {
      compartmentId,
      operatingSystem: props.instance.operatingSystem,
      operatingSystemVersion: props.instance.operatingSystemVersion,
      shape: props.instance.shape,
      state: 'AVAILABLE',
      sortBy: 'TIMECREATED',
      sortOrder: 'DESC',
    });

    this.instance = new CoreInstance(this, 'instance', {
      compartmentId,
      availabilityDomain: domains.availabilityDomains.get(props.availabilityDomainIndex ?? 0).name,
      displayName: props.instance.name,
      shape: props.instance.shape,
      shapeConfig: { ocpus: props.instance.ocpus, memoryInGbs: props.instance.memoryGiB },
      sourceDetails: { sourceType: 'image', sourceId: image.images.get(0).id, bootVolumeSizeInGbs: String(props.instance.bootVolumeGiB) },
      createVnicDetails: { subnetId: this.subnet.id, assignPublicIp: 'true', displayName: props.instance.name, hostnameLabel: props.instance.name },
      metadata: { ssh_authorized_keys: Fn.join('\n', props.sshPublicKeys) },
      isPvEncryptionInTransitEnabled: true,
      instanceOptions: { areLegacyImdsEndpointsDisabled: true },
      agentConfig: { isMonitoringDisabled: false, isManagementDisabled: false },
      freeformTags: { ...tags, Name: props.instance.name },
      // A newer platform image must not replace a running bastion: re-image deliberately with -replace.
      lifecycle: { ignoreChanges: ['source_details[0].source_id'] },
    });
    this.publicIp = this.instance.publicIp;
  }
}
