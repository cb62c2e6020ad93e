/**
 * Stacks from data: one stack per location with something to provision, its class chosen by the location's kind and
 * cloud, plus the Cloudflare edge — and no silent drop: every active guest and cloud instance is provisioned by exactly
 * one stack. Fixture models prove that a second Proxmox site or a second OCI region is a change to the model only.
 */
import '../helpers/cdktf-matchers';
import { FIXTURES, fixture, fixtureModel, withOciBastion, withOciLocation, withProxmoxSite, withServiceVm } from '../fixtures/models';
import { resolveModel } from '../../model/resolved';
import { ModelError } from '../../model/errors';
import { buildStacks } from '../../stacks';
import { Testing } from 'cdktf';
import { ProxmoxLocationStack } from '../../stacks/proxmox-location';
import { AwsLocationStack } from '../../stacks/aws-location';
import { OciLocationStack } from '../../stacks/oci-location';
import { CloudflareEdgeStack } from '../../stacks/cloudflare-edge';
import { VirtualEnvironmentVm } from '../../.gen/providers/proxmox/virtual-environment-vm';
import { CoreInstance } from '../../.gen/providers/oci/core-instance';
import { OciProvider } from '../../.gen/providers/oci/provider';
import { ProxmoxProvider } from '../../.gen/providers/proxmox/provider';
import { homelab } from '../../homelab';
import type { Homelab } from '../../model/types';
import { expectNoSilentDrop, ociInstanceNames, proxmoxGuestNames, synthAll, synthStack } from '../helpers/stacks';

describe('stack layout', () => {
  it('builds a stack per location with something to provision, by kind, then the edge', () => {
    expect(resolveModel(fixtureModel(withOciBastion)).stacks).toEqual([
      { name: 'home', kind: 'proxmox', location: 'home' },
      { name: 'vault', kind: 'aws', location: 'vault' },
      { name: 'tower', kind: 'oci', location: 'tower' },
      { name: 'edge', kind: 'cloudflare' },
    ]);
  });

  it('renders each kind with its class (named by kind, never by a location)', () => {
    const app = Testing.app();
    const stacks = buildStacks(app, resolveModel(fixtureModel(withOciBastion)));
    expect(stacks.map((s) => s.constructor)).toEqual([ProxmoxLocationStack, AwsLocationStack, OciLocationStack, CloudflareEdgeStack]);
    expect(stacks.map((s) => s.stackName)).toEqual(['home', 'vault', 'tower', 'edge']);
  });

  it('a model without an OCI location synthesizes without an OCI stack', () => {
    const model = resolveModel(fixtureModel());
    expect(model.stacks.map((s) => s.kind)).toEqual(['proxmox', 'aws', 'cloudflare']);
    expect([...synthAll(model).keys()]).toEqual(['home', 'vault', 'edge']);
  });

  it('gives a location with nothing to provision no stack: a TrueNAS-only site, a planned site, an AWS location without the backups', () => {
    const m = fixture(withProxmoxSite('dune'));
    m.locations.find((l) => l.name === 'dune')!.lifecycle = 'planned';
    m.locations.push({ name: 'spare', kind: 'cloud', cloud: 'aws', region: 'eu-west-2', description: 'An AWS account with nothing in it.' });
    const model = resolveModel(m);
    expect(model.stacks.map((s) => s.name)).toEqual(['home', 'vault', 'edge']);
    // The planned site's guest is planned (lifecycle propagated from its location) and created nowhere.
    expect(model.index.guests.get('remote-01')?.lifecycle).toBe('planned');
    expectNoSilentDrop(model, synthAll(model));
  });

  it('refuses a location whose stack would be named like the edge stack, with a named rule', () => {
    const m = fixture(withOciLocation('edge', 'bastion-09'));
    expect(() => resolveModel(m)).toThrow(ModelError);
    expect(() => resolveModel(m)).toThrow(
      /\[locations\/edge\] its oci stack would be named "edge".* — rule: stack-names — fix: give the location another codename/,
    );
  });
});

describe('no silent drop: every active guest and cloud instance is provisioned by exactly one stack', () => {
  it.each([...Object.keys(FIXTURES)])('fixture %s', (name) => {
    const model = resolveModel(fixtureModel(...FIXTURES[name]));
    expectNoSilentDrop(model, synthAll(model));
  });

  it('the seed homelab (end to end)', () => {
    const model = resolveModel(homelab);
    const stacks = synthAll(model);
    expect([...stacks.keys()]).toEqual(['asgard', 'babylon', 'coruscant', 'edge']);
    expectNoSilentDrop(model, stacks);
  });
});

describe('a change to the model only', () => {
  it("a new VM with an existing role is provisioned by its location's stack", () => {
    const { text } = synthStack(fixtureModel(withServiceVm('svc-07', 260)), 'home');
    expect(text).toHaveResourceWithProperties(VirtualEnvironmentVm, { name: 'svc-07', vm_id: 260, node_name: 'home-alpha' });
  });

  it('a second Proxmox site gets its own stack, provider keys and guests', () => {
    const model: Homelab = fixtureModel(withProxmoxSite('dune'));
    const dune = synthStack(model, 'dune');
    expect(dune.stack).toBeInstanceOf(ProxmoxLocationStack);
    expect(dune.text).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      name: 'remote-01',
      node_name: 'dune-beta',
      tags: expect.arrayContaining(['location-dune']),
    });
    expect(dune.text).toHaveProviderWithProperties(ProxmoxProvider, { endpoint: '${var.proxmox_endpoint_dune}', api_token: '${var.proxmox_api_token_dune}' });
    const home = synthStack(model, 'home');
    expect(home.text).toHaveProviderWithProperties(ProxmoxProvider, { endpoint: '${var.proxmox_endpoint_home}' });
    expect(proxmoxGuestNames(home.json)).not.toContain('remote-01');
    expect(JSON.stringify(home.json.terraform.backend)).toContain('stacks/home/terraform.tfstate');
    expect(JSON.stringify(dune.json.terraform.backend)).toContain('stacks/dune/terraform.tfstate');
  });

  it('a second OCI region with a bastion there gets its own OCI stack that provisions it', () => {
    const model = fixtureModel(withOciBastion, withOciLocation('spire', 'bastion-02', 'eu-amsterdam-1'));
    const spire = synthStack(model, 'spire');
    expect(spire.stack).toBeInstanceOf(OciLocationStack);
    expect(spire.text).toHaveProviderWithProperties(OciProvider, { region: 'eu-amsterdam-1' });
    expect(spire.text).toHaveResourceWithProperties(CoreInstance, { display_name: 'bastion-02' });
    expect(ociInstanceNames(synthStack(model, 'tower').json)).toEqual(['bastion-01']);
    // Its VCN CIDR and public address are its own keys; the address is an output of its stack.
    expect(spire.json.variable?.vcn_cidr_spire).toMatchObject({ sensitive: true });
    expect(spire.json.output?.address_bastion_02_public).toMatchObject({ sensitive: true });
  });
});
