import { sharedVolumeOwner } from '../../deploy/rules/shared-volume-owner';
import { deployProblems } from './helpers';
import { mutated, seedCopy } from '../helpers/model';
import type { Homelab } from '../../model/types';

describe("deploy rule 'deploy-shared-volume-owner'", () => {
  it('compliant: the media share and its future twin declare the same owner for pods and media-01', () => {
    expect(deployProblems(sharedVolumeOwner, seedCopy() as Homelab)).toEqual([]);
  });

  it('non-compliant: a written share without an owner (main 779b6ec: root_squash, shifted LXC ids) is reported once', () => {
    const model = mutated((m) => {
      delete m.storage.find((s) => s.name === 'atlas-data')!.owner;
    }) as Homelab;
    const problems = deployProblems(sharedVolumeOwner, model);
    expect(problems.map((p) => p.entity)).toEqual(['storage/atlas-data']);
    expect(problems[0].message).toMatch(/LXC media-01, pod jellyfin, pod radarr, pod sonarr write to it/);
  });

  it('non-compliant: root as owner, and a future twin with another owner', () => {
    const model = mutated((m) => {
      m.storage.find((s) => s.name === 'atlas-data')!.owner = { uid: 0, gid: 1000 };
      m.storage.find((s) => s.name === 'zunesha-media')!.owner = { uid: 568, gid: 568 };
    }) as Homelab;
    expect(deployProblems(sharedVolumeOwner, model).map((p) => [p.entity, p.message.slice(0, 24)])).toEqual([
      ['storage/atlas-data', 'owner uid 0 is outside 1'],
      ['storage/zunesha-media', 'it takes over atlas-data'],
    ]);
  });
});
