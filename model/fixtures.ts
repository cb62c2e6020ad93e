/**
 * Generated valid homelabs of any size, for the benchmark (synth of 10, 100, 1000 guests) and property tests: a base
 * homelab plus extra Proxmox hosts in its first Proxmox host's location (and cluster), each with its own local pool and
 * up to 20 small VMs.
 */
import type { GuestSpec, Homelab, HostSpec, StorageSpec } from './types';

const GUESTS_PER_HOST = 20;

/** 0 → "aa", 1 → "ab", … (letters only: host and pool names allow no digits). */
function letters(i: number): string {
  const a = 'abcdefghijklmnopqrstuvwxyz';
  return a[Math.floor(i / 26) % 26] + a[i % 26] + (i >= 676 ? a[Math.floor(i / 676) % 26] : '');
}

/** `base` grown to `guests` guests in total (at least its own). */
export function scaledHomelab(guests: number, base: Homelab): Homelab {
  const extra = Math.max(0, guests - base.guests.length);
  const site = base.hosts.find((h) => h.kind === 'proxmox');
  const location = site?.location ?? base.locations[0].name;
  const pveCluster = site?.pveCluster ?? base.pveClusters[0].name;
  const hosts: HostSpec[] = [];
  const storage: StorageSpec[] = [];
  const added: GuestSpec[] = [];
  const network = base.networks.find((n) => n.purpose === 'servers')?.name ?? base.networks[0].name;
  const image = base.images.find((i) => i.kind === 'cloud-image')?.name;
  if (image === undefined) throw new Error('model/fixtures.ts: the base model has no cloud image for the added guests');
  for (let i = 0; i < extra; i++) {
    const h = Math.floor(i / GUESTS_PER_HOST);
    const short = `node${letters(h)}`;
    if (i % GUESTS_PER_HOST === 0) {
      hosts.push({
        name: `${location}-${short}`,
        location,
        kind: 'proxmox',
        pveCluster,
        capacity: { cores: 32, memoryGiB: 64 },
        services: ['proxmox-ui'],
        networks: [base.networks[0].name],
        description: `Generated host ${h}.`,
      });
      storage.push({
        name: `${short}-bedrock`,
        kind: 'local-ssd',
        backend: 'dir',
        host: `${location}-${short}`,
        content: ['vm-disks', 'container-rootfs', 'images'],
        stages: ['current', 'future'],
      });
    }
    added.push({
      name: `svc-${letters(h)}-${String((i % GUESTS_PER_HOST) + 1).padStart(2, '0')}`,
      kind: 'vm',
      host: `${location}-${short}`,
      role: 'service',
      vmid: 10_000 + i,
      cores: 1,
      memoryMiB: 1024,
      disks: [{ storage: `${short}-bedrock`, sizeGiB: 10 }],
      networks: [network],
      image,
      serves: ['ssh'],
      description: `Generated guest ${i}.`,
    });
  }
  return { ...base, hosts: [...base.hosts, ...hosts], storage: [...base.storage, ...storage], guests: [...base.guests, ...added] };
}
