/**
 * The download client (role download_client) writes into the media share: its unit requires the mount
 * (RequiresMountsFor) and its role refuses an empty media directory. A guest mounts media shares only (rule
 * guest-storage), and the configuration layer gives the role the one that holds media in the live storage stage, so an
 * active media-downloads guest needs exactly one: without it the play stops on its assert; with two, the downloads
 * would land on whichever came first.
 */
import type { DeployRule } from '../rule';
import { at } from '../../model/rules/rule';
import { isGuestActive, liveStorageFor } from '../../model/lookup';
import { mediaMounts } from '../../model/derive';

export const DOWNLOAD_CLIENT_MEDIA = 'deploy-download-client-media';

export const downloadClientMedia: DeployRule = {
  id: DOWNLOAD_CLIENT_MEDIA,
  description: 'An active media-downloads guest mounts the media share (storage holding media in the live stage) exactly once.',
  check(model, _index, problems) {
    for (const g of model.guests.filter((x) => x.role === 'media-downloads' && isGuestActive(model, x))) {
      const media = mediaMounts(model, g);
      if (media.length === 1) continue;
      const live = (m: (typeof media)[number]) => liveStorageFor(model, m.storage, 'media');
      problems.report(
        at.guest(g.name),
        DOWNLOAD_CLIENT_MEDIA,
        media.length === 0
          ? `the download client mounts no media share that is live in the ${model.storageStage} storage stage (mounts: ${(g.mounts ?? []).map((m) => `${m.storage} → ${live(m)}`).join(', ') || 'none'}); its role stops without a media directory`
          : `the download client mounts the media share ${media.length} times (${media.map((m) => `${m.path}: ${live(m)}`).join(', ')}); it writes into one`,
        media.length === 0
          ? "mount a storage with content 'media' that exists in this stage (or give the mounted pool a movesTo that does)"
          : `keep the mount at ${media[0].path} and remove ${media
              .slice(1)
              .map((m) => m.path)
              .join(', ')}`,
      );
    }
  },
};
