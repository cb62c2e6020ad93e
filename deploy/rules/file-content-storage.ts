/**
 * Downloaded images (`import`), LXC templates (`vztmpl`) and snippets are files: Proxmox stores them only on
 * file-based storage (a directory, NFS, CIFS). An LVM-thin or ZFS pool holds block volumes only, so a download into it
 * fails on day one.
 */
import type { DeployRule } from '../rule';
import { at } from '../../model/rules/rule';
import { guestsAt, imageDownloads } from '../../plan/proxmox';
import type { StorageSpec } from '../../model/types';

export const FILE_CONTENT_STORAGE = 'deploy-file-content-storage';

/** Whether Proxmox can keep files on the pool. */
export function holdsFiles(s: StorageSpec): boolean {
  return s.kind === 'nfs' || (s.kind === 'local-ssd' && s.backend === 'dir');
}

function kindOf(s: StorageSpec): string {
  return s.kind === 'local-ssd' ? `a local ${s.backend ?? 'pool of undeclared backend'}` : `a ${s.kind}`;
}

export const fileContentStorage: DeployRule = {
  id: FILE_CONTENT_STORAGE,
  description: 'Images, templates and snippets go only to file-capable storage (dir, NFS), never LVM-thin or ZFS pools.',
  check(model, index, problems) {
    for (const s of model.storage) {
      const files = s.content.filter((c) => c === 'images' || c === 'snippets');
      if (files.length > 0 && !holdsFiles(s))
        problems.report(
          at.storage(s.name),
          FILE_CONTENT_STORAGE,
          `it holds ${files.join(' and ')} but is ${kindOf(s)}, which stores no files`,
          s.kind === 'local-ssd'
            ? "declare backend: 'dir' for a directory storage, or move images/snippets to a dir or NFS pool"
            : 'keep images and snippets on a dir or NFS pool',
        );
    }
    const reported = new Set<string>();
    for (const location of model.locations) {
      for (const d of imageDownloads(model, guestsAt(model, location.name))) {
        const s = index.storage.get(d.datastore);
        if (!s || holdsFiles(s) || s.content.includes('images') || reported.has(`${d.image.name}@${s.name}`)) continue;
        reported.add(`${d.image.name}@${s.name}`);
        problems.report(
          at.image(d.image.name),
          FILE_CONTENT_STORAGE,
          `node ${d.node} would download it into ${s.name}, ${kindOf(s)} that stores no files`,
          `point storage at a dir or NFS pool ${d.node} reaches`,
        );
      }
    }
  },
};
