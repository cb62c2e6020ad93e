import { Testing } from 'cdktf';
import { OciBastion, type OciBastionProps } from '../../constructs/oci-bastion';

type Body = Record<string, unknown>;
interface Json {
  resource: Record<string, Record<string, Body>>;
  data: Record<string, Record<string, Body>>;
}

const PROPS: OciBastionProps = {
  location: 'coruscant',
  instance: {
    name: 'bastion-01',
    shape: 'VM.Standard.A1.Flex',
    ocpus: 1,
    memoryGiB: 6,
    bootVolumeGiB: 50,
    operatingSystem: 'Canonical Ubuntu',
    operatingSystemVersion: '24.04',
  },
  compartmentId: '${var.compartment}',
  tenancyId: '${var.tenancy}',
  vcnCidr: '${var.vcn_cidr}',
  adminCidrs: ['${var.admin_cidrs}'],
  inbound: [{ proto: 'tcp', port: '22' }],
  sshPublicKeys: ['${var.keys}'],
};

function synth(props: OciBastionProps = PROPS): Json {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new OciBastion(scope, 'bastion', props);
    }),
  ) as Json;
}
function only(json: Json, type: string): Body {
  const all = Object.values(json.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
}

describe('OciBastion', () => {
  const json = synth();

  it('builds VCN, subnet, internet gateway, route table and security list, named by the naming rule', () => {
    expect(only(json, 'oci_core_vcn')).toMatchObject({
      display_name: 'homelab-coruscant-bastion-vcn',
      cidr_blocks: ['${var.vcn_cidr}'],
      dns_label: 'bastionvcn',
      compartment_id: '${var.compartment}',
    });
    expect(only(json, 'oci_core_internet_gateway')).toMatchObject({ display_name: 'homelab-coruscant-bastion-gateway', enabled: true });
    expect(only(json, 'oci_core_route_table')).toMatchObject({
      display_name: 'homelab-coruscant-bastion-routes',
      route_rules: [
        { destination: '0.0.0.0/0', destination_type: 'CIDR_BLOCK', network_entity_id: expect.stringMatching(/^\$\{oci_core_internet_gateway\.[\w-]+\.id\}$/) },
      ],
    });
    expect(only(json, 'oci_core_subnet')).toMatchObject({
      display_name: 'homelab-coruscant-bastion-subnet',
      cidr_block: '${var.vcn_cidr}',
      route_table_id: expect.stringMatching(/^\$\{oci_core_route_table\./),
      security_list_ids: [expect.stringMatching(/^\$\{oci_core_security_list\./)],
    });
  });

  it('lets SSH in only from the admin CIDRs (one stateless rule per CIDR) and nothing else', () => {
    const list = only(json, 'oci_core_security_list');
    expect(list.ingress_security_rules).toBeUndefined();
    expect(list.dynamic).toEqual({
      ingress_security_rules: {
        for_each: ['${var.admin_cidrs}'],
        content: {
          protocol: '6',
          source: '${ingress_security_rules.value}',
          source_type: 'CIDR_BLOCK',
          stateless: true,
          tcp_options: [{ min: 22, max: 22 }],
          description: 'tcp/22 from an admin CIDR',
        },
      },
    });
    expect(list.egress_security_rules).toEqual([expect.objectContaining({ protocol: 'all', destination: '0.0.0.0/0', stateless: false })]);
  });

  it('WireGuard unreachable from a changing home address: an openInbound port is one static rule from 0.0.0.0/0 carrying its reason', () => {
    const open = synth({ ...PROPS, openInbound: [{ port: { proto: 'udp', port: '51820' }, reason: 'silent to unauthenticated packets' }] });
    const list = only(open, 'oci_core_security_list');
    expect(list.ingress_security_rules).toEqual([
      {
        protocol: '17',
        source: '0.0.0.0/0',
        source_type: 'CIDR_BLOCK',
        stateless: true,
        udp_options: [{ min: 51820, max: 51820 }],
        description: 'udp/51820 from anywhere: silent to unauthenticated packets',
      },
    ]);
    // SSH is still one rule per admin CIDR.
    expect((list.dynamic as { ingress_security_rules: { for_each: unknown } }).ingress_security_rules.for_each).toEqual(['${var.admin_cidrs}']);
  });

  it('refuses an open port without a port number, like an admin one', () => {
    expect(() => synth({ ...PROPS, openInbound: [{ port: { proto: 'udp' }, reason: 'x' }] })).toThrow(/inbound udp rule without a port/);
  });

  it('empties the VCN default security list (OCI seeds it with SSH from anywhere)', () => {
    const def = only(json, 'oci_core_default_security_list');
    expect(def.manage_default_resource_id).toMatch(/^\$\{oci_core_vcn\.[\w-]+\.default_security_list_id\}$/);
    expect(def.ingress_security_rules).toBeUndefined();
    expect(def.egress_security_rules).toBeUndefined();
    expect(def.display_name).toBe('homelab-coruscant-bastion-default-firewall');
  });

  it('looks the image up by operating system, version and shape, newest first', () => {
    const [images] = Object.values(json.data.oci_core_images);
    expect(images).toMatchObject({
      operating_system: 'Canonical Ubuntu',
      operating_system_version: '24.04',
      shape: 'VM.Standard.A1.Flex',
      state: 'AVAILABLE',
      sort_by: 'TIMECREATED',
      sort_order: 'DESC',
    });
    expect(Object.values(json.data.oci_identity_availability_domains)[0]).toEqual(expect.objectContaining({ compartment_id: '${var.tenancy}' }));
  });

  it('launches the instance with the model shape, the looked-up image and hardened options', () => {
    const vm = only(json, 'oci_core_instance');
    expect(vm).toMatchObject({
      display_name: 'bastion-01',
      shape: 'VM.Standard.A1.Flex',
      shape_config: { ocpus: 1, memory_in_gbs: 6 },
      source_details: {
        source_type: 'image',
        source_id: expect.stringMatching(/^\$\{data\.oci_core_images\.[\w-]+\.images\[0\]\.id\}$/),
        boot_volume_size_in_gbs: '50',
      },
      availability_domain: expect.stringMatching(/availability_domains\[0\]\.name\}$/),
      create_vnic_details: expect.objectContaining({
        assign_public_ip: 'true',
        hostname_label: 'bastion-01',
        subnet_id: expect.stringMatching(/^\$\{oci_core_subnet\./),
      }),
      metadata: { ssh_authorized_keys: expect.stringContaining('join(') },
      is_pv_encryption_in_transit_enabled: true,
      instance_options: { are_legacy_imds_endpoints_disabled: true },
      agent_config: { is_monitoring_disabled: false, is_management_disabled: false },
      lifecycle: { ignore_changes: ['source_details[0].source_id'] },
    });
  });

  it('emits one dynamic block per inbound port', () => {
    const two = synth({
      ...PROPS,
      inbound: [
        { proto: 'tcp', port: '22' },
        { proto: 'udp', port: '51820' },
      ],
    });
    const list = only(two, 'oci_core_security_list');
    const blocks = (list.dynamic as { ingress_security_rules: { content: Body }[] }).ingress_security_rules;
    expect(blocks.map((b) => b.content.protocol)).toEqual(['6', '17']);
    expect(blocks[1].content.udp_options).toEqual([{ min: 51820, max: 51820 }]);
  });

  it('refuses a bastion nobody can reach, or a rule without a port', () => {
    expect(() => synth({ ...PROPS, inbound: [] })).toThrow(
      /\[cloudInstances\/bastion-01\] the bastion lets in no service.* — rule: cloud-instance-inbound — fix: add 'ssh'/,
    );
    expect(() => synth({ ...PROPS, inbound: [{ proto: 'tcp' }] })).toThrow(/an inbound tcp rule without a port reaches the bastion — rule: construct-props/);
  });
});
