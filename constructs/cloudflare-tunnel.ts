/**
 * A remotely managed Cloudflare tunnel: the tunnel, its ingress configuration (one rule per public hostname, then a
 * catch-all 404), one proxied CNAME per hostname pointing at the tunnel, and the connector token as a sensitive output.
 * Account, zone and domain are secrets: they arrive as variables.
 */
import { CONSTRUCT_PROPS } from './contracts';
import { Problems } from '../model/errors';
import { Construct } from 'constructs';
import { TerraformOutput } from './core';
import { ZeroTrustTunnelCloudflared } from '@cdktf/provider-cloudflare/lib/zero-trust-tunnel-cloudflared';
import { ZeroTrustTunnelCloudflaredConfigA } from '@cdktf/provider-cloudflare/lib/zero-trust-tunnel-cloudflared-config';
import { DataCloudflareZeroTrustTunnelCloudflaredToken } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zero-trust-tunnel-cloudflared-token';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { identifier, PROJECT } from '../naming/names';
import { checkName } from '../naming/rules';

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

/** The last ingress rule: whatever hostname no rule matched gets a 404 from cloudflared itself. */
export const CATCH_ALL_SERVICE = 'http_status:404';

/** An http(s) origin by name: a host with at least one letter (an address would be a secret in the JSON). */
const ORIGIN = /^https?:\/\/(?=[a-z0-9.-]*[a-z])[a-z0-9.-]+(:\d{1,5})?$/;

/** Every problem of the routes at once: labels, origins, duplicates. */
export function validateRoutes(tunnelName: string, routes: readonly TunnelRoute[]): void {
  const problems = new Problems();
  const seen = new Set<string>();
  const entity = `edge/tunnel/${tunnelName}`;
  for (const r of routes) {
    const label = checkName('hostname-label', r.hostname);
    if (label !== undefined) problems.report(entity, 'name-convention', `hostname "${r.hostname}" is not a DNS label (${label})`, 'use a DNS label');
    if (seen.has(r.hostname)) problems.report(entity, 'unique-hostnames', `hostname "${r.hostname}" is routed twice`, 'give each app its own hostname');
    seen.add(r.hostname);
    if (!ORIGIN.test(r.service))
      problems.report(
        entity,
        CONSTRUCT_PROPS,
        `origin "${r.service}" of ${r.hostname} is not an http(s)://name[:port] URL`,
        'route to an internal DNS name (naming/names.ts internalHostname)',
      );
  }
  problems.throwIfAny();
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
  /** The hostname labels routed through the tunnel, in rule order. */
  readonly hostnames: readonly string[];

  constructor(scope: Construct, id: string, props: CloudflareTunnelProps) {
    super(scope, id);
    validateRoutes(props.tunnelName, props.routes);

    this.tunnel = new ZeroTrustTunnelCloudflared(this, 'tunnel', {
      accountId: props.accountId,
      name: props.tunnelName,
      configSrc: 'cloudflare',
    });
    this.hostnames = props.routes.map((r) => r.hostname);
    new ZeroTrustTunnelCloudflaredConfigA(this, 'config', {
      accountId: props.accountId,
      tunnelId: this.tunnel.id,
      source: 'cloudflare',
      config: {
        ingress: [
          ...props.routes.map((r) => ({
            hostname: `${r.hostname}.${props.domain}`,
            service: r.service,
            ...(r.originServerName !== undefined ? { originRequest: { originServerName: r.originServerName, http2Origin: true } } : {}),
          })),
          { service: CATCH_ALL_SERVICE },
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
          comment: `managed by ${PROJECT}: tunnel to ${r.via}`,
        }),
    );
    const token = new DataCloudflareZeroTrustTunnelCloudflaredToken(this, 'token', { accountId: props.accountId, tunnelId: this.tunnel.id });
    new TerraformOutput(this, 'token-output', {
      value: token.token,
      sensitive: true,
      description: 'cloudflared connector token; task secrets:sync copies it into the vault',
    }).overrideLogicalId(props.tokenOutput);
  }
}
