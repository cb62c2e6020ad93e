import '../helpers/cdktf-matchers';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { EdgeStack } from '../../stacks/edge';
import { changedModel, synthStack, type TfJson } from '../helpers/cloud';
import { homelab } from '../../homelab';
import { fluxSubstitutions, secretCatalogue } from '../../model/secrets';

type Rule = { hostname?: string; service: string; origin_request?: Record<string, unknown> };

function ingress(json: TfJson): Rule[] {
  const [config] = Object.values(json.resource.cloudflare_zero_trust_tunnel_cloudflared_config) as Array<{ config: { ingress: Rule[] } }>;
  return config.config.ingress;
}
function recordNames(json: TfJson): string[] {
  return Object.values(json.resource.cloudflare_dns_record).map((r) => String(r.name)).sort();
}

describe('edge stack', () => {
  const { text, json } = synthStack(EdgeStack, 'edge');

  it('matches its snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('takes the token, account and zone from variables and the domain from the zone, sensitive, never literals', () => {
    expect(text).toHaveProviderWithProperties(CloudflareProvider, { api_token: '${var.cloudflare_api_token}' });
    for (const v of ['cloudflare_account_id', 'cloudflare_zone_id', 'cloudflare_api_token']) expect(json.variable?.[v]).toMatchObject({ sensitive: true });
    expect(text).toHaveResourceWithProperties(DnsRecord, { name: 'pve.${sensitive(data.cloudflare_zone.zone.name)}', zone_id: '${var.cloudflare_zone_id}', proxied: true, type: 'CNAME' });
  });

  it('Cloudflare account token in the Traefik pod: no vault key is both an edge variable and a cluster-secrets key', () => {
    const edgeVariables = Object.keys(json.variable ?? {});
    const clusterSecrets = fluxSubstitutions(homelab).map((k) => k.name);
    expect(edgeVariables).toContain('cloudflare_api_token');
    expect(edgeVariables.filter((v) => clusterSecrets.includes(v))).toEqual([]);
    // The domain comes from the zone the token edits, kept sensitive: no variable shared with the cluster.
    expect(edgeVariables).not.toContain('domain');
    expect(Object.values(json.data?.cloudflare_zone ?? {})).toEqual([expect.objectContaining({ zone_id: '${var.cloudflare_zone_id}' })]);
    expect(secretCatalogue(homelab).find((k) => k.name === 'domain')?.tofuStacks).toBeUndefined();
  });

  it('pve.<domain> with one auth layer: a Cloudflare Access application and policy per infrastructure UI', () => {
    const apps = Object.values(json.resource.cloudflare_zero_trust_access_application ?? {});
    const policies = Object.values(json.resource.cloudflare_zero_trust_access_policy ?? {});
    expect(apps).toEqual([
      expect.objectContaining({
        name: 'homelab-edge-proxmox-ui-access',
        type: 'self_hosted',
        domain: 'pve.${sensitive(data.cloudflare_zone.zone.name)}',
        account_id: '${var.cloudflare_account_id}',
        policies: [{ id: expect.stringMatching(/^\$\{cloudflare_zero_trust_access_policy\.[\w-]+\.id\}$/), precedence: 1 }],
        http_only_cookie_attribute: true,
      }),
    ]);
    expect(policies).toEqual([
      expect.objectContaining({
        name: 'homelab-edge-proxmox-ui-policy',
        decision: 'allow',
        include: '${[for address in var.cloudflare_access_emails : { email = { email = address } }]}',
      }),
    ]);
    expect(json.variable?.cloudflare_access_emails).toMatchObject({ sensitive: true, type: 'list(string)' });
  });

  it('Access follows the model: the TrueNAS UI gets one when its host is active; cloudflareAccess false drops it', () => {
    const active = changedModel((m) => {
      const host = m.hosts.find((h) => h.name === 'wano-zunesha');
      if (host) host.lifecycle = 'active';
    });
    const names = (j: TfJson) => Object.values(j.resource.cloudflare_zero_trust_access_application ?? {}).map((a) => a.name).sort();
    expect(names(synthStack(EdgeStack, 'edge', active).json)).toEqual(['homelab-edge-proxmox-ui-access', 'homelab-edge-truenas-ui-access']);
    const off = changedModel((m) => {
      m.infraEndpoints[0].cloudflareAccess = false;
    });
    expect(names(synthStack(EdgeStack, 'edge', off).json)).toEqual([]);
  });

  it('splits hostnames: infrastructure to the NGINX proxy, applications to Traefik, then 404', () => {
    expect(ingress(json)).toEqual([
      { hostname: 'pve.${sensitive(data.cloudflare_zone.zone.name)}', service: 'http://nginx-proxy-01.home.arpa:80' },
      ...['auth', 'grafana', 'jellyfin', 'radarr', 'sonarr'].map((h) => ({
        hostname: `${h}.\${sensitive(data.cloudflare_zone.zone.name)}`,
        service: 'https://traefik.home.arpa:443',
        origin_request: { origin_server_name: `${h}.\${sensitive(data.cloudflare_zone.zone.name)}`, http2_origin: true },
      })),
      { service: 'http_status:404' },
    ]);
  });

  it('has one proxied record per public hostname and no other', () => {
    expect(recordNames(json)).toEqual(['auth', 'grafana', 'jellyfin', 'pve', 'radarr', 'sonarr'].map((h) => `${h}.\${sensitive(data.cloudflare_zone.zone.name)}`));
  });

  it('keeps LAN-only apps (prometheus) and planned hosts (truenas) out of DNS', () => {
    expect(recordNames(json).some((n) => n.startsWith('prometheus.') || n.startsWith('truenas.'))).toBe(false);
  });

  it('outputs the tunnel token as sensitive, the names in plain', () => {
    expect(json.output?.cloudflare_tunnel_token).toMatchObject({ sensitive: true });
    expect(json.output?.tunnel_name).toEqual(expect.objectContaining({ value: 'homelab-asgard-ingress-tunnel' }));
    expect(json.output?.public_hostnames?.sensitive).toBeUndefined();
  });

  it('adding an app to the model adds its record and its rule (before the 404)', () => {
    const model = changedModel((m) => {
      m.apps.push({
        name: 'paperless', namespace: 'documents', tier: 'application', cluster: 'asgard-orion-cluster',
        image: { repository: 'ghcr.io/paperless-ngx/paperless-ngx', tag: '2.18.4' }, port: 8000,
        exposure: { hostname: 'paperless' }, dependsOn: ['traefik', 'authentik'], description: 'Document archive.',
      });
    });
    const grown = synthStack(EdgeStack, 'edge', model).json;
    expect(recordNames(grown)).toEqual([...recordNames(json), 'paperless.${sensitive(data.cloudflare_zone.zone.name)}'].sort());
    const rules = ingress(grown);
    expect(rules).toHaveLength(ingress(json).length + 1);
    expect(rules[rules.length - 2]).toEqual({
      hostname: 'paperless.${sensitive(data.cloudflare_zone.zone.name)}',
      service: 'https://traefik.home.arpa:443',
      origin_request: { origin_server_name: 'paperless.${sensitive(data.cloudflare_zone.zone.name)}', http2_origin: true },
    });
    expect(rules[rules.length - 1]).toEqual({ service: 'http_status:404' });
  });

  it('activating the TrueNAS puts its UI behind the NGINX proxy', () => {
    const model = changedModel((m) => {
      const nas = m.hosts.find((h) => h.name === 'wano-zunesha');
      if (nas) nas.lifecycle = 'active';
    });
    const rules = ingress(synthStack(EdgeStack, 'edge', model).json);
    expect(rules).toContainEqual({ hostname: 'truenas.${sensitive(data.cloudflare_zone.zone.name)}', service: 'http://nginx-proxy-01.home.arpa:80' });
  });

  it('contains no address and no domain', () => {
    expect(text).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
    expect(text).not.toMatch(/"[a-z0-9-]+\.(com|net|org|io|dev|de)"/);
  });
});
