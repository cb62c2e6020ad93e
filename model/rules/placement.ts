import type { ModelRule } from './rule';
import { at, oneOf } from './rule';
import type { StorageContent } from '../types';
import { isGuestActive } from '../lookup';

/** Disks and mounts use declared pools that hold that content and that the guest's host can reach. */
export const guestStorage: ModelRule = {
  id: 'guest-storage',
  description: 'Guest disks sit on pools for disks that the host reaches; mounts use media pools.',
  after: ['host-exists'],
  check(model, index, problems) {
    for (const g of model.guests) {
      const want: StorageContent = g.kind === 'vm' ? 'vm-disks' : 'container-rootfs';
      const usable = model.storage.filter((s) => s.content.includes(want) && (s.kind !== 'local-ssd' || s.host === g.host)).map((s) => s.name);
      if (g.disks.length === 0) problems.report(at.guest(g.name), 'guest-storage', 'the guest has no disk', `add a boot disk on ${usable[0] ?? 'a disk pool'}`);
      for (const d of g.disks) {
        const pool = index.storage.get(d.storage);
        if (!pool) problems.report(at.guest(g.name), 'guest-storage', `storage "${d.storage}" does not exist`, oneOf(usable, 'storage pool'));
        else if (!pool.content.includes(want))
          problems.report(at.guest(g.name), 'guest-storage', `storage "${d.storage}" does not hold ${want}`, oneOf(usable, `pool with ${want}`));
        else if (pool.kind === 'local-ssd' && pool.host !== g.host)
          problems.report(
            at.guest(g.name),
            'guest-storage',
            `storage "${d.storage}" is local to ${pool.host}, the guest runs on ${g.host}`,
            oneOf(usable, `pool reachable from ${g.host}`),
          );
        else if (!pool.stages.includes('current'))
          problems.report(
            at.guest(g.name),
            'guest-storage',
            `storage "${d.storage}" only exists in the future stage`,
            'put the disk on a current pool; set movesTo on that pool to move it in the future stage',
          );
      }
      for (const m of g.mounts ?? []) {
        const pool = index.storage.get(m.storage);
        const media = model.storage.filter((s) => s.content.includes('media')).map((s) => s.name);
        if (!pool) problems.report(at.guest(g.name), 'guest-storage', `mounted storage "${m.storage}" does not exist`, oneOf(media, 'media pool'));
        else if (!pool.content.includes('media'))
          problems.report(at.guest(g.name), 'guest-storage', `mounted storage "${m.storage}" is not a media share`, oneOf(media, 'media pool'));
        if (!m.path.startsWith('/'))
          problems.report(at.guest(g.name), 'guest-storage', `mount path "${m.path}" is not absolute`, 'use an absolute path such as /media');
      }
    }
  },
};

/** The storage switch: every `movesTo` names a future-stage pool that holds the same content. */
export const storageStages: ModelRule = {
  id: 'storage-stages',
  description: 'Current pools that move in the future stage move to a future pool with the same content.',
  check(model, index, problems) {
    for (const s of model.storage) {
      if (s.stages.length === 0)
        problems.report(at.storage(s.name), 'storage-stages', 'the pool belongs to no stage', "list 'current', 'future' or both in stages");
      if (s.movesTo === undefined) continue;
      const target = index.storage.get(s.movesTo);
      const futures = model.storage.filter((x) => x.stages.includes('future') && x.name !== s.name).map((x) => x.name);
      if (!target) problems.report(at.storage(s.name), 'storage-stages', `movesTo "${s.movesTo}" does not exist`, oneOf(futures, 'future-stage pool'));
      else if (!target.stages.includes('future'))
        problems.report(at.storage(s.name), 'storage-stages', `movesTo "${s.movesTo}" is not a future-stage pool`, oneOf(futures, 'future-stage pool'));
      else {
        const needed = s.content.filter((c) => c === 'vm-disks' || c === 'media');
        const missing = needed.filter((c) => !target.content.includes(c));
        if (missing.length > 0)
          problems.report(
            at.storage(s.name),
            'storage-stages',
            `movesTo "${s.movesTo}" does not hold ${missing.join(', ')}`,
            `add ${missing.join(', ')} to ${s.movesTo}'s content or move to another pool`,
          );
      }
      if (s.path !== undefined && !s.path.startsWith('/'))
        problems.report(at.storage(s.name), 'storage-stages', `path "${s.path}" is not absolute`, 'use an absolute export path');
    }
    for (const s of model.storage)
      if (s.kind === 'nfs' && s.path === undefined)
        problems.report(at.storage(s.name), 'storage-stages', 'an NFS pool has no export path', 'set path, e.g. /mnt/data');
  },
};

/** A GPU guest is a VM on the host that has the GPU; one GPU, one guest. */
export const gpuAssignment: ModelRule = {
  id: 'gpu-assignment',
  description: "GPU passthrough: the GPU exists on the guest's host, only VMs take one, and no two guests claim the same GPU.",
  after: ['host-exists'],
  check(model, index, problems) {
    const claimed = new Map<string, string>();
    for (const g of model.guests) {
      if (g.gpu === undefined) continue;
      const found = index.gpus.get(g.gpu);
      const onHost = (index.hosts.get(g.host)?.gpus ?? []).map((x) => x.name);
      const gpuHosts = model.hosts.filter((h) => (h.gpus ?? []).length > 0).map((h) => h.name);
      if (g.kind !== 'vm') problems.report(at.guest(g.name), 'gpu-assignment', 'only a VM can take a passed-through GPU', 'make the guest a VM, or remove gpu');
      if (!found)
        problems.report(
          at.guest(g.name),
          'gpu-assignment',
          `GPU "${g.gpu}" does not exist`,
          onHost.length > 0 ? oneOf(onHost, 'GPU') : `place the guest on a host with a GPU (${gpuHosts.join(', ') || 'none declared'})`,
        );
      else if (found.host.name !== g.host)
        problems.report(
          at.guest(g.name),
          'gpu-assignment',
          `GPU "${g.gpu}" is on ${found.host.name}, but the guest runs on ${g.host}${onHost.length === 0 ? ', a host without a GPU' : ''}`,
          `move the guest to ${found.host.name}`,
        );
      const first = claimed.get(g.gpu);
      if (first !== undefined)
        problems.report(
          at.guest(g.name),
          'gpu-assignment',
          `GPU "${g.gpu}" is already passed through to ${first}`,
          'give each GPU guest its own GPU, or remove gpu from one of them',
        );
      else claimed.set(g.gpu, g.name);
    }
  },
};

/** Active guests fit in their host's capacity, allowing the host's declared overcommit. */
export const hostCapacity: ModelRule = {
  id: 'host-capacity',
  description: "The cores and memory of a host's active guests stay within its capacity times its overcommit ratio.",
  check(model, _index, problems) {
    for (const h of model.hosts) {
      const guests = model.guests.filter((g) => g.host === h.name && isGuestActive(model, g));
      const cores = guests.reduce((n, g) => n + g.cores, 0);
      const memGiB = guests.reduce((n, g) => n + g.memoryMiB, 0) / 1024;
      const cpuRatio = h.overcommit?.cpu ?? 4;
      const memRatio = h.overcommit?.memory ?? 1;
      const maxCores = h.capacity.cores * cpuRatio;
      const maxMem = h.capacity.memoryGiB * memRatio;
      if (cores > maxCores)
        problems.report(
          at.host(h.name),
          'host-capacity',
          `guests take ${cores} vCPUs, more than ${h.capacity.cores} cores × overcommit ${cpuRatio} = ${maxCores}`,
          'move a guest to another host, lower its cores, or raise overcommit.cpu',
        );
      if (memGiB > maxMem)
        problems.report(
          at.host(h.name),
          'host-capacity',
          `guests take ${memGiB} GiB of memory, more than ${h.capacity.memoryGiB} GiB × overcommit ${memRatio} = ${maxMem} GiB`,
          'move a guest to another host, lower its memory, or raise overcommit.memory',
        );
    }
  },
};

/** LXC-only and VM-only settings are used on the right kind of guest. */
export const guestKindSettings: ModelRule = {
  id: 'guest-kind-settings',
  description: 'privileged and nesting are LXC settings; GPU passthrough is a VM setting.',
  check(model, _index, problems) {
    for (const g of model.guests) {
      if (g.kind === 'vm' && (g.privileged !== undefined || g.nesting !== undefined))
        problems.report(at.guest(g.name), 'guest-kind-settings', 'privileged/nesting are LXC settings, this guest is a VM', 'remove privileged and nesting');
      if (g.kind === 'lxc' && g.privileged === true && g.nesting === true)
        problems.report(
          at.guest(g.name),
          'guest-kind-settings',
          'a privileged LXC with nesting can escape to the host',
          'keep it unprivileged (remove privileged) or drop nesting',
        );
    }
  },
};
