import '../helpers/cdktf-matchers';
import { Testing } from 'cdktf';
import { ZeroTrustTunnelCloudflared } from '@cdktf/provider-cloudflare/lib/zero-trust-tunnel-cloudflared';
import { ZeroTrustTunnelCloudflaredConfigA } from '@cdktf/provider-cloudflare/lib/zero-trust-tunnel-cloudflared-config';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { DataCloudflareZeroTrustTunnelCloudflaredToken } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zero-trust-tunnel-cloudflared-token';
import { CATCH_ALL_SERVICE, CloudflareTunnel, type CloudflareTunnelProps, type TunnelRoute } from '../../constructs/cloudflare-tunnel';

const PVE: TunnelRoute = { hostname: 'pve', service: 'http://nginx-proxy-01.home.arpa:80', via: 'nginx-proxy-01' };
const GRAFANA: TunnelRoute = { hostname: 'grafana', service: 'https://traefik.home.arpa:443', via: 'traefik', originServerName: 'grafana.example.test' };
const PROPS: CloudflareTunnelProps = {
  tunnelName: 'homelab-asgard-ingress-tunnel',
  accountId: 'account',
  zoneId: 'zone',
  domain: 'example.test',
  routes: [PVE, GRAFANA],
  tokenOutput: 'cloudflare_tunnel_token',
};

interface Json {
  resource: {
    cloudflare_zero_trust_tunnel_cloudflared_config: Record<string, { config: { ingress: Record<string, unknown>[] } }>;
    cloudflare_dns_record: Record<string, Record<string, unknown>>;
  };
  output: Record<string, { sensitive?: boolean }>;
}

function synth(props: CloudflareTunnelProps = PROPS): { text: string; json: Json } {
  const text = Testing.synthScope((scope) => {
    new CloudflareTunnel(scope, 'tunnel', props);
  });
  return { text, json: JSON.parse(text) as Json };
}

describe('CloudflareTunnel', () => {
  const { text, json } = synth();

  it('is a remotely managed tunnel', () => {
    expect(text).toHaveResourceWithProperties(ZeroTrustTunnelCloudflared, {
      name: 'homelab-asgard-ingress-tunnel',
      account_id: 'account',
      config_src: 'cloudflare',
    });
    expect(text).toHaveResourceWithProperties(ZeroTrustTunnelCloudflaredConfigA, { account_id: 'account', source: 'cloudflare' });
  });

  it('has one ingress rule per route, in order, then the catch-all 404', () => {
    const [config] = Object.values(json.resource.cloudflare_zero_trust_tunnel_cloudflared_config);
    expect(config.config.ingress).toEqual([
      { hostname: 'pve.example.test', service: 'http://nginx-proxy-01.home.arpa:80' },
      {
        hostname: 'grafana.example.test',
        service: 'https://traefik.home.arpa:443',
        origin_request: { origin_server_name: 'grafana.example.test', http2_origin: true },
      },
      { service: CATCH_ALL_SERVICE },
    ]);
    expect(CATCH_ALL_SERVICE).toBe('http_status:404');
  });

  it('has one proxied CNAME per route pointing at the tunnel', () => {
    const records = Object.values(json.resource.cloudflare_dns_record);
    expect(records.map((r) => r.name).sort()).toEqual(['grafana.example.test', 'pve.example.test']);
    expect(text).toHaveResourceWithProperties(DnsRecord, {
      name: 'grafana.example.test',
      type: 'CNAME',
      proxied: true,
      ttl: 1,
      zone_id: 'zone',
      comment: 'managed by platform-stack: tunnel to traefik',
    });
    for (const r of records) expect(r.content).toMatch(/^\$\{cloudflare_zero_trust_tunnel_cloudflared\.[\w-]+\.id\}\.cfargotunnel\.com$/);
  });

  it('exposes the connector token only as a sensitive output', () => {
    expect(text).toHaveDataSource(DataCloudflareZeroTrustTunnelCloudflaredToken);
    expect(json.output).toEqual({ cloudflare_tunnel_token: expect.objectContaining({ sensitive: true }) });
  });

  it('with no route, still answers 404 and creates no record', () => {
    const empty = synth({ ...PROPS, routes: [] });
    const [config] = Object.values(empty.json.resource.cloudflare_zero_trust_tunnel_cloudflared_config);
    expect(config.config.ingress).toEqual([{ service: CATCH_ALL_SERVICE }]);
    expect(empty.json.resource.cloudflare_dns_record).toBeUndefined();
  });

  it('refuses an origin given by address (addresses are secrets)', () => {
    expect(() => synth({ ...PROPS, routes: [{ ...PVE, service: 'http://192.168.1.10:80' }] })).toThrow(
      /origin "http:\/\/192\.168\.1\.10:80" of pve is not an http\(s\):\/\/name\[:port\] URL/,
    );
  });

  it('reports every bad route at once: duplicate, non-label, address-free origin', () => {
    const bad = [PVE, PVE, { ...GRAFANA, hostname: 'Bad_Label' }, { ...GRAFANA, hostname: 'x', service: 'tcp://10.0.0.1' }];
    expect(() => synth({ ...PROPS, routes: bad })).toThrow(
      /3 problems:\n {2}- \[edge\/tunnel\/homelab-asgard-ingress-tunnel\] hostname "pve" is routed twice — rule: unique-hostnames.*\n {2}- .*hostname "Bad_Label" is not a DNS label.* — rule: name-convention.*\n {2}- .*origin "tcp:\/\/10\.0\.0\.1" of x is not an http\(s\):\/\/name\[:port\] URL — rule: construct-props/,
    );
  });
});
