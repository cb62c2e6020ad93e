/**
 * Cloudflare Access in front of one hostname: a reusable Access policy (allow the listed e-mail identities) and a
 * self-hosted Access application for `<hostname>.<domain>` that applies it. Cloudflare's edge then asks for an identity
 * before a single request reaches the tunnel — a second gate in front of the origin's own login (Authentik forward-auth
 * on NGINX for the infrastructure UIs). The allowed identities are a secret list variable; their number is unknown
 * until plan, so the policy's `include` is a for-expression over it.
 */
import { CONSTRUCT_PROPS } from './contracts';
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { Token } from './core';
import { ZeroTrustAccessApplication } from '@cdktf/provider-cloudflare/lib/zero-trust-access-application';
import { ZeroTrustAccessPolicy } from '@cdktf/provider-cloudflare/lib/zero-trust-access-policy';
import { accessName } from '../naming/names';
import { checkName } from '../naming/rules';

/** How long an Access login lasts before Cloudflare asks again (an admin session, not a day). */
export const ACCESS_SESSION_DURATION = '8h';

export interface CloudflareAccessProps {
  /** The endpoint's model name (names the application and the policy). */
  readonly endpoint: string;
  /** DNS label below the domain. */
  readonly hostname: string;
  /** The (secret) domain. */
  readonly domain: string;
  readonly accountId: string;
  /** The allowed e-mail addresses as a bare OpenTofu expression of a list, e.g. `var.cloudflare_access_emails`. */
  readonly allowedEmailsExpression: string;
}

export class CloudflareAccess extends Construct {
  readonly application: ZeroTrustAccessApplication;
  readonly policy: ZeroTrustAccessPolicy;

  constructor(scope: Construct, id: string, props: CloudflareAccessProps) {
    super(scope, id);
    const label = checkName('hostname-label', props.hostname);
    if (label !== undefined)
      fail(
        `infraEndpoints/${props.endpoint}/hostname`,
        'name-convention',
        `hostname "${props.hostname}" is not a DNS label (${label})`,
        'use a DNS label, e.g. "pve"',
      );
    if (!/^[a-z_][a-z0-9_.]*$/.test(props.allowedEmailsExpression)) {
      fail(
        `infraEndpoints/${props.endpoint}`,
        CONSTRUCT_PROPS,
        `allowedEmailsExpression "${props.allowedEmailsExpression}" is not a bare reference`,
        'pass a reference such as var.cloudflare_access_emails',
      );
    }
    this.policy = new ZeroTrustAccessPolicy(this, 'policy', {
      accountId: props.accountId,
      name: accessName(props.endpoint, 'policy'),
      decision: 'allow',
      // One include rule per allowed address (include rules are OR-ed).
      include: Token.asAny(`\${[for address in ${props.allowedEmailsExpression} : { email = { email = address } }]}`),
      sessionDuration: ACCESS_SESSION_DURATION,
    });
    this.application = new ZeroTrustAccessApplication(this, 'application', {
      accountId: props.accountId,
      name: accessName(props.endpoint, 'access'),
      type: 'self_hosted',
      domain: `${props.hostname}.${props.domain}`,
      sessionDuration: ACCESS_SESSION_DURATION,
      appLauncherVisible: false,
      httpOnlyCookieAttribute: true,
      sameSiteCookieAttribute: 'lax',
      enableBindingCookie: true,
      policies: [{ id: this.policy.id, precedence: 1 }],
    });
  }
}
