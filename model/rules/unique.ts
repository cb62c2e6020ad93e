import type { ModelRule } from './rule';
import { at } from './rule';

/** Values claimed by more than one owner, each with its owners in model order. */
function clashes<V>(claims: readonly (readonly [V, string])[]): [V, string[]][] {
  const owners = new Map<V, string[]>();
  for (const [value, owner] of claims) owners.set(value, [...(owners.get(value) ?? []), owner]);
  return [...owners].filter(([, list]) => list.length > 1);
}

/** "a and b", "a, b and c". */
function both(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Names are unique within their kind (guests and cloud instances share one namespace: both become inventory hosts). */
export const uniqueNames: ModelRule = {
  id: 'unique-names',
  description: 'No two entities of one kind share a name.',
  check(model, _index, problems) {
    const named = (kind: string, items: readonly { readonly name: string }[]) => items.map((x, i): readonly [string, string] => [x.name, `${kind}[${i}]`]);
    const groups: [string, readonly (readonly [string, string])[]][] = [
      ['locations', named('locations', model.locations)],
      ['pveClusters', named('pveClusters', model.pveClusters)],
      ['hosts', named('hosts', model.hosts)],
      ['storage', named('storage', model.storage)],
      ['networks', named('networks', model.networks)],
      ['images', named('images', model.images)],
      ['guests', [...named('guests', model.guests), ...named('cloudInstances', model.cloudInstances)]],
      ['clusters', named('clusters', model.clusters)],
      ['apps', named('apps', model.apps)],
      ['infraEndpoints', named('infraEndpoints', model.infraEndpoints)],
      ['proxySites', named('proxySites', model.proxySites ?? [])],
      ['backups/sources', named('backups/sources', model.backups.sources)],
      ['gpus', model.hosts.flatMap((h) => (h.gpus ?? []).map((g): readonly [string, string] => [g.name, `hosts/${h.name}/gpus`]))],
    ];
    for (const [kind, claims] of groups) {
      for (const [name, owners] of clashes(claims)) {
        problems.report(
          `${kind}/${name}`,
          'unique-names',
          `the name "${name}" is used by more than one entry of ${kind} (${both(owners)})`,
          `rename one of them (next free ordinal, e.g. "${name.replace(/-\d{2}$/, '')}-0N")`,
        );
      }
    }
  },
};

/** Proxmox VMIDs are unique across the Proxmox cluster. */
export const uniqueVmid: ModelRule = {
  id: 'unique-vmid',
  description: 'Every guest has its own VMID.',
  check(model, _index, problems) {
    const used = new Set(model.guests.map((g) => g.vmid));
    for (const [vmid, owners] of clashes(model.guests.map((g) => [g.vmid, g.name] as const))) {
      let free = vmid + 1;
      while (used.has(free)) free++;
      problems.report(
        at.guest(owners[0]),
        'unique-vmid',
        `VMID ${vmid} is used by ${both(owners)}`,
        `give all but one of ${both(owners)} a free VMID, e.g. ${free}`,
        owners.slice(1).map(at.guest),
      );
    }
  },
};

/** Public hostnames are unique across apps and infrastructure endpoints (one tunnel rule, one DNS record each). */
export const uniqueHostnames: ModelRule = {
  id: 'unique-hostnames',
  description: 'No two apps or endpoints publish the same hostname.',
  check(model, _index, problems) {
    const claims: (readonly [string, string])[] = [
      ...model.apps.flatMap((a) => (a.exposure ? [[a.exposure.hostname, at.app(a.name)] as const] : [])),
      ...model.infraEndpoints.map((e) => [e.hostname, at.endpoint(e.name)] as const),
      ...(model.proxySites ?? []).map((s) => [s.hostname, at.site(s.name)] as const),
    ];
    for (const [hostname, owners] of clashes(claims)) {
      problems.report(
        owners[0],
        'unique-hostnames',
        `hostname "${hostname}" is published by ${both(owners)}`,
        `choose another hostname label for all but one of them`,
        owners.slice(1),
      );
    }
  },
};
