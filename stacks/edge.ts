/**
 * edge (Cloudflare): the tunnel, its hostname split, one DNS record per public hostname and Cloudflare Access in front
 * of every infrastructure UI that asks for it (model `infraEndpoints[].cloudflareAccess`). Its API token is OpenTofu's
 * alone: Traefik's DNS-01 has its own DNS-only token (model/secrets.ts). The domain is read from the zone itself (so it
 * cannot disagree with the zone ID, and no vault key is shared between this stack and the cluster), kept sensitive.
 */
import { Construct } from 'constructs';
import { Fn, TerraformOutput } from '../constructs/core';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { DataCloudflareZone } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zone';
import { HomelabStack, type HomelabStackProps } from './base-stack';
import { CloudflareTunnel } from '../constructs/cloudflare-tunnel';
import { CloudflareAccess } from '../constructs/cloudflare-access';
import { secretNames } from '../model/secrets';
import { publicRoutes } from '../model/derive';

export class EdgeStack extends HomelabStack {
  readonly tunnel: CloudflareTunnel;
  /** Access applications, by infrastructure endpoint name. */
  readonly access: ReadonlyMap<string, CloudflareAccess>;

  constructor(scope: Construct, name: string, props: HomelabStackProps) {
    super(scope, name, props);
    new CloudflareProvider(this, 'cloudflare', { apiToken: this.secrets.string(secretNames.cloudflareApiToken) });
    const zoneId = this.secrets.string(secretNames.cloudflareZoneId);
    const zone = new DataCloudflareZone(this, 'zone', { zoneId });
    const domain = Fn.sensitive(zone.name);
    const routes = publicRoutes(props.model);
    this.tunnel = new CloudflareTunnel(this, 'tunnel', {
      tunnelName: props.model.edge.tunnel,
      accountId: this.secrets.string(secretNames.cloudflareAccountId),
      zoneId,
      domain,
      // Traefik presents the certificate of the public hostname, so TLS to the origin is verified against it.
      routes: routes.map((r) => ({
        hostname: r.hostname,
        service: r.origin,
        via: r.via,
        originServerName: r.audience === 'application' ? `${r.hostname}.${domain}` : undefined,
      })),
      tokenOutput: secretNames.tunnelToken,
    });
    const accountId = this.secrets.string(secretNames.cloudflareAccountId);
    const emails = this.secrets.expression(secretNames.cloudflareAccessEmails);
    const access = new Map<string, CloudflareAccess>();
    for (const route of routes.filter((r) => r.audience === 'infrastructure')) {
      const endpoint = props.model.infraEndpoints.find((e) => e.name === route.target);
      if (endpoint === undefined || endpoint.cloudflareAccess === false) continue;
      access.set(endpoint.name, new CloudflareAccess(this, `access-${endpoint.name}`, { endpoint: endpoint.name, hostname: route.hostname, domain, accountId, allowedEmailsExpression: emails }));
    }
    this.access = access;

    // Plain outputs for the Ansible layer and the docs: names only (the domain stays sensitive).
    new TerraformOutput(this, 'tunnel_name', { value: props.model.edge.tunnel, description: 'Name of the Cloudflare tunnel the connector LXC runs.' });
    new TerraformOutput(this, 'public_hostnames', {
      value: routes.map((r) => ({ hostname: r.hostname, audience: r.audience, via: r.via })),
      description: 'Public hostname labels (below the secret domain) and the proxy each one is routed to.',
    });
  }
}
