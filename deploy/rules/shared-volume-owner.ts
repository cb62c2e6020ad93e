/**
 * A shared volume has one uid/gid contract that every writer uses: the NFS export squashes every client to it, an
 * unprivileged LXC maps its writer to it (lxc.idmap + /etc/subuid), the pods run as it. Without one, root_squash and
 * the LXC's shifted ids (100000+) make the share read-only for everyone but root: downloads and imports fail.
 */
import type { DeployRule } from '../rule';
import { at } from '../../model/rules/rule';
import { liveMediaPool, liveStorageFor } from '../../model/lookup';
import { bindMounts } from '../../plan/proxmox';

export const SHARED_VOLUME_OWNER = 'deploy-shared-volume-owner';

/** Highest id an LXC maps 1:1 from the host (the default range an unprivileged container shifts is 0–65535). */
export const MAX_SHARED_ID = 65535;

export const sharedVolumeOwner: DeployRule = {
  id: SHARED_VOLUME_OWNER,
  description: 'Every writer of a shared volume (pods, LXCs, the NFS export) writes as the one uid/gid declared on the storage.',
  check(model, index, problems) {
    const writers = new Map<string, string[]>();
    const add = (pool: string, who: string) => writers.set(pool, [...(writers.get(pool) ?? []), who]);
    for (const location of model.locations) for (const b of bindMounts(model, location.name)) add(b.storage, `LXC ${b.guest}`);
    const media = liveMediaPool(model);
    if (media) for (const a of model.apps.filter((x) => x.media === true)) add(media.name, `pod ${a.name}`);
    for (const [pool, who] of writers) {
      const s = index.storage.get(pool);
      if (!s) continue;
      if (s.owner === undefined) {
        problems.report(
          at.storage(pool),
          SHARED_VOLUME_OWNER,
          `${who.join(', ')} write to it but it declares no owner; the export squashes root and the LXC's ids are shifted, so writes fail`,
          'declare owner: { uid, gid } (e.g. 1000/1000) on the storage: the export, the LXC id mapping and the pods use it',
        );
        continue;
      }
      for (const [name, id] of [
        ['uid', s.owner.uid],
        ['gid', s.owner.gid],
      ] as const) {
        if (id < 1 || id > MAX_SHARED_ID)
          problems.report(
            at.storage(pool),
            SHARED_VOLUME_OWNER,
            `owner ${name} ${id} is outside 1–${MAX_SHARED_ID}: root is squashed by NFS, and higher ids are outside an LXC's mapped range`,
            `pick a ${name} from 1 to ${MAX_SHARED_ID}`,
          );
      }
    }
    // The storage switch keeps the contract: the future pool that takes over media has the same owner.
    for (const s of model.storage) {
      if (!s.content.includes('media') || s.movesTo === undefined || s.owner === undefined) continue;
      const twin = index.storage.get(liveStorageFor({ ...model, storageStage: 'future' }, s.name, 'media'));
      if (twin && twin.name !== s.name && (twin.owner?.uid !== s.owner.uid || twin.owner.gid !== s.owner.gid)) {
        problems.report(
          at.storage(twin.name),
          SHARED_VOLUME_OWNER,
          `it takes over ${s.name}'s media with owner ${twin.owner ? `${twin.owner.uid}:${twin.owner.gid}` : 'undeclared'}, but the writers use ${s.owner.uid}:${s.owner.gid}`,
          `declare owner: { uid: ${s.owner.uid}, gid: ${s.owner.gid} } on ${twin.name}`,
        );
      }
    }
  },
};
