import type { ModelRule } from './rule';
import { at } from './rule';
import { checkName, namingRule, type NameKind, type NameContext } from '../../naming/rules';
import { hostShortName } from '../../naming/names';

/** Every name in the model follows the naming convention (naming/rules.ts). */
export const namingConvention: ModelRule = {
  id: 'name-convention',
  description: 'Every entity name follows its naming rule.',
  check(model, index, problems) {
    const verify = (entity: string, kind: NameKind, name: string, context?: NameContext) => {
      const why = checkName(kind, name, context);
      if (why !== undefined) {
        const rule = namingRule(kind);
        problems.report(
          entity,
          'name-convention',
          `name "${name}" breaks the ${kind} naming rule (${rule.pattern}): ${why}`,
          `rename it, e.g. "${rule.valid[0]}"`,
        );
      }
    };
    for (const l of model.locations) verify(at.location(l.name), 'location', l.name);
    for (const c of model.pveClusters) verify(`pveClusters/${c.name}`, 'pve-cluster', c.name, { location: c.location });
    for (const h of model.hosts) {
      verify(at.host(h.name), 'host', h.name, { location: h.location });
      for (const g of h.gpus ?? []) verify(`${at.host(h.name)}/gpus/${g.name}`, 'gpu', g.name, { hostShort: hostShortName(h.name) });
    }
    for (const s of model.storage) {
      const host = index.hosts.get(s.host);
      verify(at.storage(s.name), 'storage', s.name, host ? { hostShort: hostShortName(host.name) } : undefined);
    }
    for (const n of model.networks) verify(at.network(n.name), 'network', n.name);
    const locations = { locations: model.locations.map((l) => l.name) };
    for (const g of model.guests) verify(at.guest(g.name), 'guest', g.name, locations);
    for (const c of model.cloudInstances) verify(at.cloudInstance(c.name), 'guest', c.name, locations);
    for (const c of model.clusters) verify(at.cluster(c.name), 'k8s-cluster', c.name, { location: c.location });
    for (const a of model.apps) {
      verify(at.app(a.name), 'k8s-name', a.name);
      verify(`${at.app(a.name)}/namespace`, 'k8s-name', a.namespace);
      if (a.exposure) verify(`${at.app(a.name)}/exposure`, 'hostname-label', a.exposure.hostname);
    }
    for (const e of model.infraEndpoints) {
      verify(at.endpoint(e.name), 'k8s-name', e.name);
      verify(`${at.endpoint(e.name)}/hostname`, 'hostname-label', e.hostname);
    }
    for (const s of model.proxySites ?? []) {
      verify(at.site(s.name), 'k8s-name', s.name);
      verify(`${at.site(s.name)}/hostname`, 'hostname-label', s.hostname);
    }
    verify('edge/tunnel', 'cloud-resource', model.edge.tunnel);
    verify('backups/bucket', 'cloud-resource', model.backups.bucket, { location: model.backups.location });
    for (const s of model.backups.sources) verify(at.backup(s.name), 'k8s-name', s.name);
  },
};
