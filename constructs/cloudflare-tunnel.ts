/**
 * A remotely managed Cloudflare tunnel: the tunnel, its ingress configuration (one rule per public hostname, then a
 * catch-all 404), one proxied CNAME per hostname pointing at the tunnel, and the connector token as a sensitive output.
 * Account, zone and domain are secrets: they arrive as variables.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { ZeroTrustTunnelCloudflared } from '@cdktf/provider-cloudflare/lib/zero-trust-tunnel-cloudflared';
import { ZeroTrustTunnelCloudflaredConfigA } from '@cdktf/provider-cloudflare/lib/zero-trust-tunnel-cloudflared-config';
import { DataCloudflareZeroTrustTunnelCloudflaredToken } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zero-trust-tunnel-cloudflared-token';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { identifier } from '../naming/names';

export interface TunnelRoute {
  /** DNS label below the domain. */
  readonly hostname: string;
  /** Origin URL as cloudflared sees it, e.g. https://traefik.home.arpa:443. */
  readonly service: string;
  /** Which proxy takes it, recorded in the DNS record comment. */
  readonly via: string;
  /** For https origins: the certificate name the origin presents (TLS verification stays on). @default none (plain http origin) */
  readonly originServerName?: string;
}

export interface CloudflareTunnelProps {
  /** Tunnel name (naming rule `cloud-resource`). */
  readonly tunnelName: string;
  readonly accountId: string;
  readonly zoneId: string;
  /** The (secret) domain the hostname labels live under. */
  readonly domain: string;
  readonly routes: readonly TunnelRoute[];
  /** Output name of the connector token (sensitive). */
  readonly tokenOutput: string;
}

export class CloudflareTunnel extends Construct {
  readonly tunnel: ZeroTrustTunnelCloudflared;
  readonly records: readonly DnsRecord[];

  constructor(scope: Construct, id: string, props: CloudflareTunnelProps) {
    super(scope, id);
    const labels = props.routes.map((r) => r.hostname);
    const dup = labels.find((l, i) => labels.indexOf(l) !== i);
    if (dup !== undefined) throw new Error(`tunnel ${props.tunnelName}: hostname "${dup}" is routed twice`);

    this.tunnel = new ZeroTrustTunnelCloudflared(this, 'tunnel', {
      accountId: props.accountId,
      name: props.tunnelName,
      configSrc: 'cloudflare',
    });
    new ZeroTrustTunnelCloudflaredConfigA(this, 'config', {
      accountId: props.accountId,
      tunnelId: this.tunnel.id,
      config: {
        ingress: [
          ...props.routes.map((r) => ({
            hostname: `${r.hostname}.${props.domain}`,
            service: r.service,
            ...(r.originServerName !== undefined ? { originRequest: { originServerName: r.originServerName, http2Origin: true } } : {}),
          })),
          { service: 'http_status:404' },
        ],
      },
    });
    this.records = props.routes.map(
      (r) =>
        new DnsRecord(this, `record-${identifier(r.hostname)}`, {
          zoneId: props.zoneId,
          name: `${r.hostname}.${props.domain}`,
          type: 'CNAME',
          content: `${this.tunnel.id}.cfargotunnel.com`,
          proxied: true,
          ttl: 1,
          comment: `managed by platform-stack: tunnel → ${r.via}`,
        }),
    );
    const token = new DataCloudflareZeroTrustTunnelCloudflaredToken(this, 'token', { accountId: props.accountId, tunnelId: this.tunnel.id });
    new TerraformOutput(this, 'token-output', { value: token.token, sensitive: true, description: 'cloudflared connector token; task secrets:sync copies it into the vault' }).overrideLogicalId(props.tokenOutput);
  }
}
