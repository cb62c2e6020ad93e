/** An OCI location stack, rendered from fixture models. */
import '../helpers/cdktf-matchers';
import { CoreInstance } from '../../.gen/providers/oci/core-instance';
import { OciProvider } from '../../.gen/providers/oci/provider';
import { fixture, fixtureModel, withOciBastion } from '../fixtures/models';
import { secretCatalogue } from '../../model/secrets';
import type { Homelab } from '../../model/types';
import { resourcesOf, synthStack } from '../helpers/stacks';
import { PROVIDER_PINS } from '../../stacks/providers';

describe('OCI location stack', () => {
  const model = fixture(withOciBastion);
  model.cloudInstances[0].openInbound = [{ service: 'wireguard', reason: 'answers no unauthenticated packet' }];
  const { text, json } = synthStack(model, 'tower');

  it("configures the oracle/oci provider in the location's region from sensitive variables, pinned exactly", () => {
    expect(json.provider?.oci).toEqual([
      {
        region: 'eu-frankfurt-1',
        tenancy_ocid: '${var.oci_tenancy_ocid}',
        user_ocid: '${var.oci_user_ocid}',
        fingerprint: '${var.oci_fingerprint}',
        private_key: '${var.oci_private_key}',
      },
    ]);
    expect(json.terraform.required_providers).toEqual({ oci: PROVIDER_PINS.oci });
    for (const v of ['admin_cidrs', 'vcn_cidr_tower', 'ssh_public_keys', 'oci_private_key']) expect(json.variable?.[v]).toMatchObject({ sensitive: true });
  });

  it("has one instance per active cloud instance of the location, with the model's shape", () => {
    expect(text).toHaveResourceWithProperties(CoreInstance, {
      display_name: 'bastion-01',
      shape: 'VM.Standard.A1.Flex',
      shape_config: { ocpus: 1, memory_in_gbs: 6 },
    });
    expect(resourcesOf(json, 'oci_core_instance')).toHaveLength(1);
  });

  it('outputs the public address only as the sensitive catalogue key', () => {
    const expected = secretCatalogue(model as Homelab)
      .filter((k) => k.consumers.includes('tofu-output') && k.tofuStacks?.includes('tower'))
      .map((k) => k.name);
    expect(expected).toEqual(['address_bastion_01_public']);
    expect(json.output?.address_bastion_01_public).toMatchObject({ sensitive: true, value: expect.stringMatching(/\.public_ip\}$/) });
    expect(json.output?.instances.sensitive).toBeUndefined();
  });

  it('lets SSH in from the admin CIDRs only and an open service from anywhere', () => {
    const [list] = resourcesOf(json, 'oci_core_security_list') as {
      ingress_security_rules: Record<string, unknown>[];
      dynamic: { ingress_security_rules: { for_each: string; content: Record<string, unknown> } };
    }[];
    expect(list.dynamic.ingress_security_rules).toMatchObject({
      for_each: '${var.admin_cidrs}',
      content: { protocol: '6', tcp_options: [{ min: 22, max: 22 }] },
    });
    expect(list.ingress_security_rules).toEqual([expect.objectContaining({ protocol: '17', source: '0.0.0.0/0', udp_options: [{ min: 51820, max: 51820 }] })]);
    expect(text.replace(/0\.0\.0\.0\/0/g, '')).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
  });

  it('follows the model: another shape config, OS version and region', () => {
    const d = fixture(withOciBastion);
    d.cloudInstances[0].ocpus = 2;
    d.cloudInstances[0].image.version = '22.04';
    d.locations.find((l) => l.name === 'tower')!.region = 'eu-paris-1';
    const grown = synthStack(d, 'tower');
    expect(grown.text).toHaveProviderWithProperties(OciProvider, { region: 'eu-paris-1' });
    expect(resourcesOf(grown.json, 'oci_core_instance')[0].shape_config).toEqual({ ocpus: 2, memory_in_gbs: 6 });
    expect(Object.values(grown.json.data?.oci_core_images ?? {})[0]).toMatchObject({ operating_system_version: '22.04' });
  });

  it('no OCI location with an instance, no OCI stack', () => {
    expect(() => synthStack(fixtureModel(), 'tower')).toThrow(/the model has no stack tower/);
  });
});
