/**
 * Rules of the Proxmox layer: images every node can store, the firewall matrix it generates. (The VMID range
 * 100–999999999 is part of the schema: model/schema.ts.)
 */
import type { ModelRule } from './rule';
import { at } from './rule';
import { isGuestActive, liveStorageFor } from '../lookup';
import { proxmoxFirewallNames } from '../../naming/names';
import type { GuestSpec } from '../types';

/** Each node that runs a guest from an image can store that image (its own pool, or a local pool with content 'images'). */
export const imageStorage: ModelRule = {
  id: 'image-storage',
  description: 'A node downloads each image its guests use into a pool it reaches that holds images.',
  after: ['host-exists', 'image-exists'],
  check(model, index, problems) {
    for (const image of model.images) {
      const own = index.storage.get(image.storage);
      const nodes = new Set(model.guests.filter((g) => g.image === image.name && isGuestActive(model, g)).map((g) => g.host));
      for (const node of nodes) {
        if (own && (own.kind !== 'local-ssd' || own.host === node)) continue;
        const local = model.storage.some((s) => s.kind === 'local-ssd' && s.host === node && s.content.includes('images'));
        if (!local)
          problems.report(
            at.image(image.name),
            'image-storage',
            `node ${node} runs guests from this image but has no local pool holding images`,
            `add 'images' to the content of a local pool of ${node}`,
          );
      }
    }
  },
};

/** What a guest serves is reachable: some flow allows that service into one of the guest's networks. */
export const guestServes: ModelRule = {
  id: 'guest-serves',
  description: 'Every service a guest serves is allowed by a flow into one of its networks (the firewall is generated from both).',
  after: ['network-exists'],
  check(model, _index, problems) {
    for (const g of model.guests) {
      for (const service of g.serves ?? []) {
        const reached = model.flows.some((f) => g.networks.includes(f.to) && (f.services.includes(service) || f.services.includes('any')));
        if (!reached)
          problems.report(
            at.guest(g.name),
            'guest-serves',
            `it serves ${service}, but no flow allows ${service} into ${g.networks.join(' or ')}`,
            `add ${service} to a flow into ${g.networks[0]}, or remove it from serves`,
          );
      }
    }
  },
};

/** Management UIs (the Proxmox UI) are reachable only from management networks. */
export const managementAccess: ModelRule = {
  id: 'management-access',
  description: 'Only flows from a management network may carry proxmox-ui.',
  check(model, index, problems) {
    const mgmt = model.networks.filter((n) => n.purpose === 'mgmt').map((n) => n.name);
    model.flows.forEach((f, i) => {
      if (!f.services.includes('proxmox-ui') && !(f.services.includes('any') && index.networks.get(f.to)?.purpose === 'mgmt')) return;
      if (index.networks.get(f.from)?.purpose !== 'mgmt')
        problems.report(
          at.flow(i),
          'management-access',
          `the flow from ${f.from} carries the management UI; only management networks may reach it`,
          `remove proxmox-ui from this flow; administer from a management network (${mgmt.join(', ') || 'declare one with purpose mgmt'})`,
        );
    });
  },
};

/** The firewall objects derived from the model fit Proxmox's name limits (IP sets per network, security groups per role). */
export const firewallNames: ModelRule = {
  id: 'proxmox-firewall-names',
  description: `Derived IP set and security group names are at most ${proxmoxFirewallNames.maxLength} characters.`,
  check(model, _index, problems) {
    const max = proxmoxFirewallNames.maxLength;
    for (const n of model.networks) {
      const name = proxmoxFirewallNames.networkIpset(n.name);
      if (name.length > max)
        problems.report(
          at.network(n.name),
          'proxmox-firewall-names',
          `its firewall IP set "${name}" is longer than ${max} characters`,
          'use a shorter theme word in the network name',
        );
    }
    // The first guest of each role names the role's security group.
    const firstOfRole = new Map<GuestSpec['role'], GuestSpec>();
    for (const g of model.guests) if (!firstOfRole.has(g.role)) firstOfRole.set(g.role, g);
    for (const [role, first] of firstOfRole) {
      const name = proxmoxFirewallNames.securityGroup(role);
      if (name.length > max)
        problems.report(
          at.guest(first.name),
          'proxmox-firewall-names',
          `the security group of role ${role} ("${name}") is longer than ${max} characters`,
          'use a shorter role',
        );
    }
  },
};

/** Guests mount one media share: the NFS server of the live stage is one secret (media_nfs_server). */
export const mediaShare: ModelRule = {
  id: 'media-share',
  description: 'All guest mounts use the same media share in the live storage stage.',
  after: ['guest-storage', 'storage-stages'],
  check(model, _index, problems) {
    let first: { guest: string; pool: string } | undefined;
    for (const g of model.guests) {
      for (const m of g.mounts ?? []) {
        const pool = liveStorageFor(model, m.storage, 'media');
        if (first === undefined) first = { guest: g.name, pool };
        else if (first.pool !== pool)
          problems.report(
            at.guest(g.name),
            'media-share',
            `it mounts ${pool}, but ${first.guest} mounts ${first.pool}; one NFS server address (media_nfs_server) serves the media share`,
            `mount ${first.pool} here too`,
          );
      }
    }
  },
};

/** A guest NIC rides on a bridge its host has: some network of the host uses the same (VLAN-aware) bridge. */
export const guestBridge: ModelRule = {
  id: 'guest-bridge',
  description: "Every network of a guest rides on a bridge that its host has (one of the host's networks uses it).",
  after: ['host-exists', 'network-exists'],
  check(model, index, problems) {
    for (const g of model.guests) {
      const host = index.hosts.get(g.host);
      if (!host) continue;
      const bridges = new Set(host.networks.map((n) => index.networks.get(n)?.bridge).filter((b): b is string => b !== undefined));
      for (const name of g.networks) {
        const net = index.networks.get(name);
        if (net && !bridges.has(net.bridge))
          problems.report(
            at.guest(g.name),
            'guest-bridge',
            `network ${name} rides on bridge ${net.bridge}, which host ${g.host} does not have (its bridges: ${[...bridges].join(', ') || 'none'})`,
            `add a network on ${net.bridge} to ${g.host}'s networks, or move the guest`,
          );
      }
    }
  },
};

/** An LXC has exactly one disk, its root filesystem (data goes to shared mounts or a VM). */
export const lxcDisks: ModelRule = {
  id: 'lxc-disks',
  description: 'An LXC declares one disk: its root filesystem.',
  check(model, _index, problems) {
    for (const g of model.guests) {
      if (g.kind === 'lxc' && g.disks.length > 1)
        problems.report(
          at.guest(g.name),
          'lxc-disks',
          `the container declares ${g.disks.length} disks; an LXC has one root filesystem`,
          'grow the first disk, or use mounts for shared data',
        );
    }
  },
};
