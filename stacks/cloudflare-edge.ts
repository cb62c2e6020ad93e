/**
 * The Cloudflare edge stack: renders plan/edge.ts — the tunnel, its hostname split, one DNS record per public hostname
 * and Cloudflare Access in front of every infrastructure UI that asks for it (model `infraEndpoints[].cloudflareAccess`).
 * Its API token is OpenTofu's alone: Traefik's DNS-01 has its own DNS-only token (model/secrets.ts). The domain is read
 * from the zone itself (so it cannot disagree with the zone ID, and no vault key is shared between this stack and the
 * cluster), kept sensitive.
 */
import { Construct } from 'constructs';
import { Fn, TerraformOutput, Token } from '../constructs/core';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { DataCloudflareZone } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zone';
import { HomelabStack } from './base-stack';
import { CloudflareTunnel } from '../constructs/cloudflare-tunnel';
import { CloudflareAccess } from '../constructs/cloudflare-access';
import type { StackBasePlan } from '../plan/stacks';
import type { EdgePlan } from '../plan/edge';

export class CloudflareEdgeStack extends HomelabStack {
  readonly tunnel: CloudflareTunnel;
  /** Access applications, by infrastructure endpoint name. */
  readonly access: ReadonlyMap<string, CloudflareAccess>;

  constructor(scope: Construct, base: StackBasePlan, plan: EdgePlan) {
    super(scope, base);
    const k = plan.keys;
    new CloudflareProvider(this, 'cloudflare', { apiToken: this.secrets.string(k.apiToken) });
    const zoneId = this.secrets.string(k.zoneId);
    const zone = new DataCloudflareZone(this, 'zone', { zoneId });
    const domain = Token.asString(Fn.sensitive(zone.name));
    this.tunnel = new CloudflareTunnel(this, 'tunnel', {
      tunnelName: plan.tunnel,
      accountId: this.secrets.string(k.accountId),
      zoneId,
      domain,
      // Traefik presents the certificate of the public hostname, so TLS to the origin is verified against it.
      routes: plan.routes.map((r) => ({
        hostname: r.hostname,
        service: r.origin,
        via: r.via,
        originServerName: r.audience === 'application' ? `${r.hostname}.${domain}` : undefined,
      })),
      tokenOutput: k.tunnelToken,
    });
    const accountId = this.secrets.string(k.accountId);
    const emails = this.secrets.expression(k.accessEmails);
    this.access = new Map(
      plan.access.map((a) => [
        a.endpoint,
        new CloudflareAccess(this, `access-${a.endpoint}`, { endpoint: a.endpoint, hostname: a.hostname, domain, accountId, allowedEmailsExpression: emails }),
      ]),
    );

    // Plain outputs for the Ansible layer and the docs: names only (the domain stays sensitive).
    new TerraformOutput(this, 'tunnel_name', { value: plan.tunnel, description: 'Name of the Cloudflare tunnel the connector LXC runs.' });
    new TerraformOutput(this, 'public_hostnames', {
      value: plan.routes.map((r) => ({ hostname: r.hostname, audience: r.audience, via: r.via })),
      description: 'Public hostname labels (below the secret domain) and the proxy each one is routed to.',
    });
  }
}
