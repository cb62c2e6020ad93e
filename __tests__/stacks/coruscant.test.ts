import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { CoruscantStack } from '../../stacks/coruscant';
import { PROVIDER_PINS } from '../../stacks/providers';
import { homelab } from '../../homelab';
import { secretCatalogue } from '../../model/secrets';
import { changedModel, resourcesOf, synthStack } from '../helpers/cloud';

describe('coruscant stack', () => {
  const { text, json } = synthStack(CoruscantStack, 'coruscant');

  it('matches its snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('configures the oracle/oci provider from sensitive variables, pinned exactly', () => {
    expect((json as unknown as { provider: { oci: unknown[] } }).provider.oci).toEqual([
      { region: 'eu-frankfurt-1', tenancy_ocid: '${var.oci_tenancy_ocid}', user_ocid: '${var.oci_user_ocid}', fingerprint: '${var.oci_fingerprint}', private_key: '${var.oci_private_key}' },
    ]);
    expect(json.terraform.required_providers).toEqual({ oci: PROVIDER_PINS.oci });
    expect(PROVIDER_PINS.oci.source).toBe('oracle/oci');
    for (const v of ['admin_cidrs', 'vcn_cidr_coruscant', 'ssh_public_keys', 'oci_private_key']) expect(json.variable?.[v]).toMatchObject({ sensitive: true });
  });

  it('has one instance per cloud instance of the location, with the shape of the model', () => {
    expect(resourcesOf(json, 'oci_core_instance').map((i) => [i.display_name, i.shape])).toEqual([['bastion-01', 'VM.Standard.A1.Flex']]);
  });

  it('outputs the public address only as the sensitive catalogue key', () => {
    const expected = secretCatalogue(homelab).filter((k) => k.consumers.includes('tofu-output') && k.tofuStacks?.includes('coruscant')).map((k) => k.name);
    expect(expected).toEqual(['address_bastion_01_public']);
    expect(json.output?.address_bastion_01_public).toMatchObject({ sensitive: true, value: expect.stringMatching(/\.public_ip\}$/) });
    expect(json.output?.instances?.sensitive).toBeUndefined();
  });

  it('bastion WireGuard unreachable from asgard\'s changing address: udp/51820 open to any source on OCI and on the host, SSH from the admin CIDRs on both', () => {
    const [list] = resourcesOf(json, 'oci_core_security_list') as Array<{ ingress_security_rules: Array<Record<string, unknown>>; dynamic: { ingress_security_rules: { for_each: string; content: Record<string, unknown> } } }>;
    // OCI: SSH per admin CIDR (a dynamic block over the list), WireGuard from 0.0.0.0/0, nothing else.
    expect(list.dynamic.ingress_security_rules).toMatchObject({ for_each: '${var.admin_cidrs}', content: { protocol: '6', tcp_options: [{ min: 22, max: 22 }] } });
    expect(list.ingress_security_rules).toEqual([expect.objectContaining({ protocol: '17', source: '0.0.0.0/0', udp_options: [{ min: 51820, max: 51820 }] })]);
    // Host firewall (generated inventory): the very same contract.
    const inventory = parse(fs.readFileSync(path.join(__dirname, '../../ansible/inventory/hosts.yml'), 'utf8')) as { all: { children: Record<string, { hosts?: Record<string, { host_firewall_rules?: Array<{ protocol: string; ports: number[]; from: unknown }> }> }> } };
    const bastion = Object.values(inventory.all.children).map((g) => g.hosts?.['bastion-01']).find((h) => h !== undefined)!;
    expect(bastion.host_firewall_rules!.map((r) => [r.protocol, r.ports, r.from])).toEqual([
      ['tcp', [22], '{{ admin_cidrs }}'],
      ['udp', [51820], '0.0.0.0/0'],
    ]);
  });

  it('contains no address: CIDRs and keys are variables', () => {
    expect(text.replace(/0\.0\.0\.0\/0/g, '')).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
  });

  it('follows the model: a bigger shape config and another OS version', () => {
    const model = changedModel((m) => {
      m.cloudInstances[0].ocpus = 2;
      m.cloudInstances[0].image.version = '22.04';
    });
    const grown = synthStack(CoruscantStack, 'coruscant', model).json;
    expect(resourcesOf(grown, 'oci_core_instance')[0].shape_config).toEqual({ ocpus: 2, memory_in_gbs: 6 });
    expect(Object.values(grown.data?.oci_core_images ?? {})[0]).toMatchObject({ operating_system_version: '22.04' });
  });

  it('refuses a location that is not an OCI cloud', () => {
    const model = changedModel((m) => {
      const c = m.locations.find((l) => l.name === 'coruscant');
      if (c) c.cloud = 'aws';
    });
    expect(() => synthStack(CoruscantStack, 'coruscant', model)).toThrow(/\[locations\/coruscant\] .*not an OCI cloud location with a region — rule: location-exists — fix: set cloud: 'oci'/);
  });
});
