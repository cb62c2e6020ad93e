/** The plain shape of a Proxmox firewall rule and its expansion from a named service (model/services.ts). */
import type { ServiceName } from '../model/types';
import { servicePorts, type Protocol } from '../model/services';

export type FirewallAction = 'ACCEPT' | 'DROP' | 'REJECT';

/** One inbound rule as the Proxmox firewall takes it. */
export interface FirewallRule {
  readonly action: FirewallAction;
  /** `+<ipset>`, an alias or an address. @default any source */
  readonly source?: string;
  /** `+<ipset>`, an alias or an address. @default any destination */
  readonly dest?: string;
  /** @default every protocol */
  readonly proto?: Protocol;
  /** Port or range. @default every port */
  readonly dport?: string;
  /** @default none */
  readonly comment?: string;
}

/** A service allowed from one IP set to another. */
export interface ServiceAllowance {
  readonly service: ServiceName;
  /** Source IP set name (a reference, so the rule depends on the set). */
  readonly fromIpset: string;
  readonly toIpset: string;
  readonly comment: string;
}

/** ACCEPT rules for each protocol/port of the service (one rule without protocol for `any`). */
export function acceptRules(a: ServiceAllowance): FirewallRule[] {
  const base = { action: 'ACCEPT' as const, source: `+${a.fromIpset}`, dest: `+${a.toIpset}`, comment: `${a.service}: ${a.comment}` };
  const ports = servicePorts(a.service);
  return ports.length === 0 ? [base] : ports.map((p) => ({ ...base, proto: p.proto, dport: p.port }));
}

/** The provider's rule block (type in: every rule here is inbound). */
export function ruleBlock(r: FirewallRule): {
  type: string;
  action: string;
  source?: string;
  dest?: string;
  proto?: string;
  dport?: string;
  comment?: string;
  enabled: boolean;
} {
  return { type: 'in', action: r.action, source: r.source, dest: r.dest, proto: r.proto, dport: r.dport, comment: r.comment, enabled: true };
}
