/** deploy-download-client-media: the download client mounts the media share exactly once, and writes where it is. */
import { downloadClientMedia } from '../../deploy/rules/download-client-media';
import { deployProblems } from './helpers';
import { fixture, withDownloadClient, type Draft } from '../fixtures/models';
import { formatProblem } from '../../model/errors';
import type { Homelab } from '../../model/types';
import { inventory } from '../../synth/ansible';
import { resolveModel } from '../../model/resolved';

const rule = 'deploy-download-client-media';
const messages = (m: Homelab) => deployProblems(downloadClientMedia, m).map(formatProblem);
const client = (m: Draft) => m.guests.find((g) => g.role === 'media-downloads')!;
const mediaDir = (m: Draft) => inventory(resolveModel(m)).children!.media_downloads.hosts![client(m).name]!.download_client_media_dir;

describe(`deploy rule '${rule}'`, () => {
  it('compliant: one mount of the media share, where the role writes', () => {
    expect(downloadClientMedia.id).toBe(rule);
    const m = fixture(withDownloadClient);
    expect(messages(m)).toEqual([]);
    expect(mediaDir(m)).toBe('/media');
  });

  it('non-compliant: a download client without a mount of the media share', () => {
    const m = fixture(withDownloadClient);
    client(m).mounts = [];
    expect(messages(m)).toEqual([
      expect.stringMatching(
        /^\[guests\/downloads-01\] the download client mounts no media share that is live in the current storage stage \(mounts: none\); .* — rule: deploy-download-client-media — fix: mount a storage with content 'media'/,
      ),
    ]);
  });

  it('non-compliant: the media share mounted twice', () => {
    const m = fixture(withDownloadClient);
    client(m).mounts!.push({ storage: 'alpha-media', path: '/media2' });
    expect(messages(m)).toEqual([
      expect.stringMatching(
        /^\[guests\/downloads-01\] the download client mounts the media share 2 times \(\/media: alpha-media, \/media2: alpha-media\); it writes into one — rule: deploy-download-client-media — fix: keep the mount at \/media and remove \/media2$/,
      ),
    ]);
  });

  it('non-compliant: in the future storage stage, a mount of a pool that is gone there (nothing moves it on)', () => {
    const m = fixture(withDownloadClient);
    m.storageStage = 'future';
    for (const s of m.storage) if (s.name !== 'alpha-media') s.stages = ['current', 'future'];
    expect(messages(m)).toEqual([
      expect.stringMatching(
        /^\[guests\/downloads-01\] the download client mounts no media share that is live in the future storage stage \(mounts: alpha-media → alpha-media\)/,
      ),
    ]);
  });

  it('a planned download client is not checked (nothing configures it yet)', () => {
    const m = fixture(withDownloadClient);
    client(m).mounts = [];
    client(m).lifecycle = 'planned';
    expect(messages(m)).toEqual([]);
  });
});
