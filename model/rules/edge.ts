import type { ModelRule } from './rule';
import { at, oneOf } from './rule';
import { instanceServices, resticPaths, tunnelBastion, vpnGateway } from '../derive';
import { hostLifecycle } from '../lookup';
import type { GuestRole } from '../types';

/** The edge names the tunnel connector, the infrastructure proxy and the application ingress with the right roles. */
export const edgeReferences: ModelRule = {
  id: 'edge-references',
  description: 'The tunnel connector is a tunnel guest, the infrastructure proxy a reverse-proxy guest, the application ingress an app.',
  check(model, index, problems) {
    const guestWithRole = (field: string, name: string, role: GuestRole) => {
      const g = index.guests.get(name);
      const fit = model.guests.filter((x) => x.role === role).map((x) => x.name);
      if (!g) problems.report(`edge/${field}`, 'edge-references', `guest "${name}" does not exist`, oneOf(fit, `${role} guest`));
      else if (g.role !== role)
        problems.report(`edge/${field}`, 'edge-references', `guest "${name}" has role ${g.role}, ${role} is needed`, oneOf(fit, `${role} guest`));
    };
    guestWithRole('connector', model.edge.connector, 'tunnel');
    guestWithRole('infrastructureProxy', model.edge.infrastructureProxy, 'reverse-proxy');
    const ingress = index.apps.get(model.edge.applicationIngress);
    if (!ingress)
      problems.report(
        'edge/applicationIngress',
        'edge-references',
        `app "${model.edge.applicationIngress}" does not exist`,
        oneOf(
          model.apps.filter((a) => a.tier === 'platform').map((a) => a.name),
          'platform app',
        ),
      );
    const proxy = index.guests.get(model.edge.infrastructureProxy);
    const mgmt = model.networks.filter((n) => n.purpose === 'mgmt').map((n) => n.name);
    for (const s of model.proxySites ?? []) {
      const upstream = index.guests.get(s.upstream.guest);
      if (!upstream)
        problems.report(
          `${at.site(s.name)}/upstream`,
          'edge-references',
          `guest "${s.upstream.guest}" does not exist`,
          oneOf(
            model.guests.map((g) => g.name),
            'guest',
          ),
        );
    }
    if (proxy && model.infraEndpoints.length > 0 && !proxy.networks.some((n) => mgmt.includes(n))) {
      problems.report(
        'edge/infrastructureProxy',
        'edge-references',
        `guest "${proxy.name}" has no NIC on a management network, so it cannot reach the infrastructure UIs`,
        `add ${mgmt[0] ?? 'a management network'} to its networks`,
      );
    }
  },
};

/** Backup sources exist, write under distinct prefixes ending with '/'. */
export const backupSources: ModelRule = {
  id: 'backup-sources',
  description: 'Each backup source names a host or cluster and owns its own bucket prefix.',
  check(model, index, problems) {
    const prefixes: [string, string][] = [];
    if (model.backups.sources.length === 0)
      problems.report('backups', 'backup-sources', 'the backup bucket has no source', 'add the TrueNAS and the cluster as sources');
    for (const s of model.backups.sources) {
      if ('cluster' in s.from && !index.clusters.has(s.from.cluster))
        problems.report(at.backup(s.name), 'backup-sources', `cluster "${s.from.cluster}" does not exist`, oneOf(index.clusters.keys(), 'cluster'));
      if (!/^[a-z0-9][a-z0-9-]*\/$/.test(s.prefix))
        problems.report(at.backup(s.name), 'backup-sources', `bucket prefix "${s.prefix}" is not a lowercase folder ending with '/'`, `use e.g. "${s.name}/"`);
      for (const [other, p] of prefixes) {
        if (p.startsWith(s.prefix) || s.prefix.startsWith(p))
          problems.report(at.backup(s.name), 'backup-sources', `bucket prefix "${s.prefix}" overlaps ${other}'s "${p}"`, 'give each source its own prefix');
      }
      prefixes.push([s.name, s.prefix]);
      const source = 'host' in s.from ? index.hosts.get(s.from.host) : undefined;
      if (s.tool === 'restic' && source !== undefined && resticPaths(model, source.name).length === 0)
        problems.report(
          at.backup(s.name),
          'backup-sources',
          hostLifecycle(model, source) === 'planned'
            ? `restic would back up nothing: planned host "${source.name}" has no storage pool with a path`
            : `restic would back up nothing: host "${source.name}" has no storage pool with a path that is live in storage stage "${model.storageStage}"`,
          `give ${source.name} a pool with a path for this stage, or back up another host`,
        );
      if (s.schedule.trim().split(/\s+/).length !== 5)
        problems.report(at.backup(s.name), 'backup-sources', `schedule "${s.schedule}" is not a 5-field cron expression`, 'use e.g. "0 3 * * *"');
    }
    if (model.backups.noncurrentVersionExpiryDays <= model.backups.transitionAfterDays && model.backups.transitionStorageClass !== 'STANDARD_IA') {
      problems.report(
        'backups',
        'backup-sources',
        'noncurrent versions expire before they could transition',
        'raise noncurrentVersionExpiryDays above transitionAfterDays',
      );
    }
  },
};

/** A cloud instance lets in at least one single service (a bastion nobody can reach is useless; `any` is no service). */
export const cloudInstanceInbound: ModelRule = {
  id: 'cloud-instance-inbound',
  description: 'Every cloud instance lets in at least one service, each a single service with its port (never any).',
  check(model, _index, problems) {
    for (const c of model.cloudInstances) {
      const services = instanceServices(c);
      if (services.length === 0)
        problems.report(at.cloudInstance(c.name), 'cloud-instance-inbound', 'it lets in no service, so nothing can reach it', "add 'ssh' to inbound");
      if (services.includes('any'))
        problems.report(
          at.cloudInstance(c.name),
          'cloud-instance-inbound',
          'it lets in "any", which opens every port',
          'list the single services it needs (ssh, wireguard …)',
        );
    }
  },
};

/**
 * The vpn gateway dials the bastion (the home end has no inbound port): an active gateway needs an active bastion that
 * lets WireGuard in, or bastion.yml links it to nothing (or to an instance no stack creates).
 */
export const vpnGatewayBastion: ModelRule = {
  id: 'vpn-gateway-bastion',
  description: 'An active vpn-gateway guest has an active bastion to dial (the first one), whose inbound (or openInbound) has wireguard.',
  after: ['host-exists', 'location-exists'],
  check(model, _index, problems) {
    const gateway = vpnGateway(model);
    if (gateway === undefined) return;
    const bastion = tunnelBastion(model);
    if (bastion === undefined)
      problems.report(
        at.guest(gateway.name),
        'vpn-gateway-bastion',
        'the vpn gateway has no active bastion to dial (no cloud instance with role bastion in an active location)',
        'declare the bastion in an active cloud location, or mark this guest planned',
      );
    else if (!instanceServices(bastion).includes('wireguard'))
      problems.report(
        at.cloudInstance(bastion.name),
        'vpn-gateway-bastion',
        `the vpn gateway ${gateway.name} dials this bastion over WireGuard, but it does not let wireguard in`,
        "add 'wireguard' to openInbound (the home end dials from a changing address) with its reason",
      );
  },
};

/** Flows refer to services guests offer; a guest serving something no flow allows is reported. */
export const flowMatrix: ModelRule = {
  id: 'flow-matrix',
  description: 'Flows connect declared networks once each; internet never flows inbound (the tunnel is outbound-only).',
  check(model, _index, problems) {
    const seen = new Set<string>();
    model.flows.forEach((f, i) => {
      const key = `${f.from}→${f.to}`;
      if (seen.has(key)) problems.report(at.flow(i), 'flow-matrix', `a second flow from ${f.from} to ${f.to}`, 'merge their services into one flow');
      seen.add(key);
      if (f.from === 'internet')
        problems.report(
          at.flow(i),
          'flow-matrix',
          'no inbound flow from the internet is allowed: public traffic arrives through the outbound Cloudflare tunnel',
          'remove this flow and publish the service through the edge',
        );
      if (f.services.length === 0) problems.report(at.flow(i), 'flow-matrix', 'the flow allows no service', 'list the services or remove the flow');
      if (f.services.includes('any') && f.from !== f.to)
        problems.report(at.flow(i), 'flow-matrix', `"any" between different networks (${f.from} → ${f.to}) defeats segmentation`, 'list the services needed');
    });
  },
};
