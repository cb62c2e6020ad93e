import type { ModelRule } from './rule';

function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup];
}

/** Names are unique within their kind (guests and cloud instances share one namespace: both become inventory hosts). */
export const uniqueNames: ModelRule = {
  id: 'unique-names',
  description: 'No two entities of one kind share a name.',
  check(model, _index, problems) {
    const groups: Array<[string, readonly string[]]> = [
      ['locations', model.locations.map((x) => x.name)],
      ['pveClusters', model.pveClusters.map((x) => x.name)],
      ['hosts', model.hosts.map((x) => x.name)],
      ['storage', model.storage.map((x) => x.name)],
      ['networks', model.networks.map((x) => x.name)],
      ['images', model.images.map((x) => x.name)],
      ['guests', [...model.guests.map((x) => x.name), ...model.cloudInstances.map((x) => x.name)]],
      ['clusters', model.clusters.map((x) => x.name)],
      ['apps', model.apps.map((x) => x.name)],
      ['infraEndpoints', model.infraEndpoints.map((x) => x.name)],
      ['proxySites', (model.proxySites ?? []).map((x) => x.name)],
      ['backups/sources', model.backups.sources.map((x) => x.name)],
      ['gpus', model.hosts.flatMap((h) => (h.gpus ?? []).map((g) => g.name))],
    ];
    for (const [kind, names] of groups) {
      for (const name of duplicates(names)) {
        problems.report(`${kind}/${name}`, 'unique-names', `the name "${name}" is used by more than one entry of ${kind}`, `rename one of them (next free ordinal, e.g. "${name.replace(/-\d{2}$/, '')}-0N")`);
      }
    }
  },
};

/** Proxmox VMIDs are unique across the Proxmox cluster. */
export const uniqueVmid: ModelRule = {
  id: 'unique-vmid',
  description: 'Every guest has its own VMID.',
  check(model, _index, problems) {
    const owner = new Map<number, string>();
    for (const g of model.guests) {
      const first = owner.get(g.vmid);
      if (first !== undefined) {
        const used = new Set(model.guests.map((x) => x.vmid));
        let free = g.vmid + 1;
        while (used.has(free)) free++;
        problems.report(`guests/${g.name}`, 'unique-vmid', `VMID ${g.vmid} is already used by ${first}`, `give ${g.name} a free VMID, e.g. ${free}`);
      } else owner.set(g.vmid, g.name);
    }
  },
};

/** Public hostnames are unique across apps and infrastructure endpoints (one tunnel rule, one DNS record each). */
export const uniqueHostnames: ModelRule = {
  id: 'unique-hostnames',
  description: 'No two apps or endpoints publish the same hostname.',
  check(model, _index, problems) {
    const owner = new Map<string, string>();
    const claims: Array<[string, string]> = [
      ...model.apps.filter((a) => a.exposure).map((a): [string, string] => [`apps/${a.name}`, a.exposure!.hostname]),
      ...model.infraEndpoints.map((e): [string, string] => [`infraEndpoints/${e.name}`, e.hostname]),
      ...(model.proxySites ?? []).map((s): [string, string] => [`proxySites/${s.name}`, s.hostname]),
    ];
    for (const [entity, hostname] of claims) {
      const first = owner.get(hostname);
      if (first !== undefined) problems.report(entity, 'unique-hostnames', `hostname "${hostname}" is already published by ${first}`, 'choose another hostname label');
      else owner.set(hostname, entity);
    }
  },
};
