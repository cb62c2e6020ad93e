import type { ModelRule } from './rule';
import { at, oneOf } from './rule';

/** Everything that names a location names one that exists (and the right kind of location). */
export const locationExists: ModelRule = {
  id: 'location-exists',
  description: 'Hosts, networks, clusters, cloud instances and backups sit in a declared location of the right kind.',
  check(model, index, problems) {
    const need = (entity: string, location: string, kind?: 'on-prem' | 'cloud', cloud?: 'aws' | 'oci') => {
      const loc = index.locations.get(location);
      if (!loc) {
        problems.report(entity, 'location-exists', `location "${location}" does not exist`, oneOf(index.locations.keys(), 'location'));
      } else if ((kind && loc.kind !== kind) || (cloud && loc.cloud !== cloud)) {
        const want = cloud ? `a ${cloud} cloud location` : `an ${kind} location`;
        const fit = model.locations.filter((l) => (!kind || l.kind === kind) && (!cloud || l.cloud === cloud)).map((l) => l.name);
        problems.report(
          entity,
          'location-exists',
          `location "${location}" is ${loc.kind}${loc.cloud ? ` (${loc.cloud})` : ''}, but ${want} is needed`,
          oneOf(fit, want),
        );
      }
    };
    for (const h of model.hosts) need(at.host(h.name), h.location, 'on-prem');
    for (const c of model.pveClusters) need(`pveClusters/${c.name}`, c.location, 'on-prem');
    for (const n of model.networks) need(at.network(n.name), n.location, 'on-prem');
    for (const c of model.clusters) need(at.cluster(c.name), c.location, 'on-prem');
    for (const c of model.cloudInstances) need(at.cloudInstance(c.name), c.location, 'cloud', 'oci');
    need('backups', model.backups.location, 'cloud', 'aws');
    for (const name of new Set(model.cloudInstances.map((c) => c.location))) {
      const loc = index.locations.get(name);
      if (loc?.kind === 'cloud' && loc.cloud === 'oci' && loc.region === undefined)
        problems.report(
          at.location(name),
          'location-exists',
          'cloud instances run here, but it has no region (the provider needs one)',
          'set region on this location',
        );
    }
    const backupLocation = index.locations.get(model.backups.location);
    if (backupLocation?.kind === 'cloud' && backupLocation.region === undefined)
      problems.report(
        at.location(backupLocation.name),
        'location-exists',
        'the backups live here, but it has no region (the bucket and its endpoint need one)',
        'set region on this location',
      );
  },
};

/** Guests, storage pools, endpoints and backup sources name a declared host; guests only Proxmox hosts. */
export const hostExists: ModelRule = {
  id: 'host-exists',
  description: 'Every reference to a host names a declared host; guests run on Proxmox hosts.',
  check(model, index, problems) {
    const proxmox = model.hosts.filter((h) => h.kind === 'proxmox').map((h) => h.name);
    for (const g of model.guests) {
      const host = index.hosts.get(g.host);
      if (!host) problems.report(at.guest(g.name), 'host-exists', `host "${g.host}" does not exist`, oneOf(proxmox, 'Proxmox host'));
      else if (host.kind !== 'proxmox')
        problems.report(at.guest(g.name), 'host-exists', `host "${g.host}" is a ${host.kind} host and cannot run guests`, oneOf(proxmox, 'Proxmox host'));
    }
    for (const s of model.storage)
      if (!index.hosts.has(s.host)) problems.report(at.storage(s.name), 'host-exists', `host "${s.host}" does not exist`, oneOf(index.hosts.keys(), 'host'));
    for (const e of model.infraEndpoints) {
      const host = index.hosts.get(e.host);
      if (!host) problems.report(at.endpoint(e.name), 'host-exists', `host "${e.host}" does not exist`, oneOf(index.hosts.keys(), 'host'));
      else if (!(host.services ?? []).includes(e.service))
        problems.report(
          at.endpoint(e.name),
          'host-exists',
          `host "${e.host}" does not offer the service "${e.service}"`,
          `add "${e.service}" to ${e.host}'s services, or point the endpoint at a host that offers it`,
        );
    }
    for (const s of model.backups.sources) {
      if ('host' in s.from && !index.hosts.has(s.from.host))
        problems.report(at.backup(s.name), 'host-exists', `host "${s.from.host}" does not exist`, oneOf(index.hosts.keys(), 'host'));
    }
  },
};

/** Proxmox hosts belong to a declared Proxmox VE cluster of their own location. */
export const pveClusterMembership: ModelRule = {
  id: 'pve-cluster-membership',
  description: 'Every Proxmox host is a member of a declared Proxmox VE cluster in its location.',
  check(model, _index, problems) {
    const clusters = new Map(model.pveClusters.map((c) => [c.name, c]));
    for (const h of model.hosts) {
      if (h.kind !== 'proxmox') {
        if (h.pveCluster !== undefined)
          problems.report(at.host(h.name), 'pve-cluster-membership', `a ${h.kind} host cannot join Proxmox cluster "${h.pveCluster}"`, 'remove pveCluster');
        continue;
      }
      if (h.pveCluster === undefined) {
        problems.report(
          at.host(h.name),
          'pve-cluster-membership',
          'the Proxmox host names no pveCluster',
          oneOf(
            model.pveClusters.filter((c) => c.location === h.location).map((c) => c.name),
            'pveCluster in its location',
          ),
        );
        continue;
      }
      const c = clusters.get(h.pveCluster);
      if (!c)
        problems.report(at.host(h.name), 'pve-cluster-membership', `Proxmox cluster "${h.pveCluster}" does not exist`, oneOf(clusters.keys(), 'pveCluster'));
      else if (c.location !== h.location)
        problems.report(
          at.host(h.name),
          'pve-cluster-membership',
          `Proxmox cluster "${c.name}" is in ${c.location}, the host in ${h.location}`,
          "use a Proxmox cluster of the host's location",
        );
    }
  },
};

/** Networks named by hosts, guests, storage pools and flows exist, in the right location. */
export const networkExists: ModelRule = {
  id: 'network-exists',
  description: 'Every network reference names a declared network of the same location.',
  check(model, index, problems) {
    const known = [...index.networks.keys()];
    const need = (entity: string, name: string, location?: string) => {
      const net = index.networks.get(name);
      if (!net) problems.report(entity, 'network-exists', `network "${name}" does not exist`, oneOf(known, 'network'));
      else if (
        location !== undefined &&
        net.location !== location &&
        !(index.locations.get(location)?.kind === 'on-prem' && index.locations.get(net.location)?.kind === 'on-prem')
      ) {
        problems.report(entity, 'network-exists', `network "${name}" is in ${net.location}, not ${location}`, 'use a network of the same location');
      }
    };
    for (const h of model.hosts) {
      if (h.networks.length === 0) problems.report(at.host(h.name), 'network-exists', 'the host is on no network', 'list its management network first');
      h.networks.forEach((n) => need(at.host(h.name), n, h.location));
    }
    for (const g of model.guests) {
      if (g.networks.length === 0) problems.report(at.guest(g.name), 'network-exists', 'the guest has no network', 'list at least one network (primary first)');
      const loc = index.hosts.get(g.host)?.location;
      g.networks.forEach((n) => need(at.guest(g.name), n, loc));
      if (new Set(g.networks).size !== g.networks.length)
        problems.report(at.guest(g.name), 'network-exists', 'the guest lists a network twice', 'list each network once');
    }
    for (const s of model.storage) if (s.network !== undefined) need(at.storage(s.name), s.network);
    model.flows.forEach((f, i) => {
      if (f.from !== 'internet') need(at.flow(i), f.from);
      need(at.flow(i), f.to);
    });
  },
};

/** Images named by guests exist and fit the guest (cloud image for a VM, template for an LXC). */
export const imageExists: ModelRule = {
  id: 'image-exists',
  description: 'Every guest clones a declared image of its kind.',
  check(model, index, problems) {
    for (const g of model.guests) {
      const image = index.images.get(g.image);
      const want = g.kind === 'vm' ? 'cloud-image' : 'lxc-template';
      const fit = model.images.filter((i) => i.kind === want).map((i) => i.name);
      if (!image) problems.report(at.guest(g.name), 'image-exists', `image "${g.image}" does not exist`, oneOf(fit, want));
      else if (image.kind !== want)
        problems.report(at.guest(g.name), 'image-exists', `image "${g.image}" is a ${image.kind}, a ${g.kind} needs a ${want}`, oneOf(fit, want));
    }
    for (const i of model.images) {
      if (!index.storage.has(i.storage))
        problems.report(at.image(i.name), 'image-exists', `storage "${i.storage}" does not exist`, oneOf(index.storage.keys(), 'storage pool'));
      if (!/^https?:\/\/[a-z0-9.-]+\.[a-z]{2,}\//.test(i.url))
        problems.report(at.image(i.name), 'image-exists', `url "${i.url}" is not an http(s) URL on a DNS name`, 'use the public download URL of the image');
    }
  },
};
