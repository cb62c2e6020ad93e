/** The Cloudflare edge stack, rendered from fixture models. */
import '../helpers/cdktf-matchers';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { fixture, fixtureModel, withInfraEndpoint, withMediaApp } from '../fixtures/models';
import { fluxSubstitutions, secretCatalogue } from '../../model/secrets';
import type { Homelab } from '../../model/types';
import { resourcesOf, synthStack, type TfJson } from '../helpers/stacks';

interface Rule {
  hostname?: string;
  service: string;
  origin_request?: Record<string, unknown>;
}
const ZONE = '${sensitive(data.cloudflare_zone.zone.name)}';

function ingress(json: TfJson): Rule[] {
  const [config] = Object.values(json.resource.cloudflare_zero_trust_tunnel_cloudflared_config) as { config: { ingress: Rule[] } }[];
  return config.config.ingress;
}
function recordNames(json: TfJson): string[] {
  return resourcesOf(json, 'cloudflare_dns_record')
    .map((r) => String(r.name))
    .sort();
}
const edge = (model: Homelab) => synthStack(model, 'edge');

describe('Cloudflare edge stack', () => {
  const model = fixtureModel(withMediaApp, withInfraEndpoint);
  const { text, json } = edge(model);

  it('takes the token, account and zone from variables and the domain from the zone, sensitive, never literals', () => {
    expect(text).toHaveProviderWithProperties(CloudflareProvider, { api_token: '${var.cloudflare_api_token}' });
    for (const v of ['cloudflare_account_id', 'cloudflare_zone_id', 'cloudflare_api_token']) expect(json.variable?.[v]).toMatchObject({ sensitive: true });
    expect(text).toHaveResourceWithProperties(DnsRecord, { name: `pve.${ZONE}`, zone_id: '${var.cloudflare_zone_id}', proxied: true, type: 'CNAME' });
  });

  it('shares no vault key with the cluster (the domain comes from the zone)', () => {
    const edgeVariables = Object.keys(json.variable ?? {});
    const clusterSecrets = fluxSubstitutions(model).map((k) => k.name);
    expect(edgeVariables.filter((v) => clusterSecrets.includes(v))).toEqual([]);
    expect(edgeVariables).not.toContain('domain');
    expect(secretCatalogue(model).find((k) => k.name === 'domain')?.tofuStacks).toBeUndefined();
  });

  it('puts a Cloudflare Access application and policy in front of each infrastructure UI that asks for it', () => {
    expect(resourcesOf(json, 'cloudflare_zero_trust_access_application')).toEqual([
      expect.objectContaining({
        name: 'homelab-edge-proxmox-ui-access',
        type: 'self_hosted',
        domain: `pve.${ZONE}`,
        account_id: '${var.cloudflare_account_id}',
      }),
    ]);
    expect(resourcesOf(json, 'cloudflare_zero_trust_access_policy')).toEqual([
      expect.objectContaining({
        name: 'homelab-edge-proxmox-ui-policy',
        decision: 'allow',
        include: '${[for address in var.cloudflare_access_emails : { email = { email = address } }]}',
      }),
    ]);
    const off = fixture(withMediaApp, withInfraEndpoint);
    off.infraEndpoints[0].cloudflareAccess = false;
    expect(edge(off as Homelab).json.resource.cloudflare_zero_trust_access_application).toBeUndefined();
  });

  it('splits hostnames: infrastructure to the proxy guest, applications to the ingress, then 404', () => {
    expect(ingress(json)).toEqual([
      { hostname: `pve.${ZONE}`, service: 'http://proxy-01.home.arpa:80' },
      {
        hostname: `jellyfin.${ZONE}`,
        service: 'https://traefik.home.arpa:443',
        origin_request: { origin_server_name: `jellyfin.${ZONE}`, http2_origin: true },
      },
      { service: 'http_status:404' },
    ]);
    expect(recordNames(json)).toEqual([`jellyfin.${ZONE}`, `pve.${ZONE}`]);
  });

  it('keeps LAN-only apps and UIs of planned hosts out of DNS', () => {
    const d = fixture(withMediaApp, withInfraEndpoint);
    d.apps.find((a) => a.name === 'jellyfin')!.exposure!.internet = false;
    d.hosts.push({ ...structuredClone(d.hosts[0]), name: 'home-omega', lifecycle: 'planned' });
    d.infraEndpoints.push({ name: 'omega-ui', hostname: 'omega', host: 'home-omega', service: 'proxmox-ui', port: 8006, scheme: 'https' });
    expect(recordNames(edge(d as Homelab).json)).toEqual([`pve.${ZONE}`]);
  });

  it('outputs the tunnel token as sensitive, the names in plain', () => {
    expect(json.output?.cloudflare_tunnel_token).toMatchObject({ sensitive: true });
    expect(json.output?.tunnel_name).toEqual(expect.objectContaining({ value: 'homelab-home-ingress-tunnel' }));
    expect(json.output?.public_hostnames.sensitive).toBeUndefined();
  });

  it('contains no address and no domain', () => {
    expect(text).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
    expect(text).not.toMatch(/"[a-z0-9-]+\.(com|net|org|io|dev|de)"/);
  });
});
