/** The media pods write to the NFS share as its declared owner (the uid/gid contract of deploy-shared-volume-owner). */
import { homelab } from '../../homelab';
import type { Homelab } from '../../model/types';
import { field } from '../../charts/lib/objects';
import { build, find, unit } from './helpers';

function podSecurity(model: Homelab, app: string): unknown {
  return field(find(unit(build(model), app).objects, 'Deployment', app), 'spec', 'template', 'spec', 'securityContext');
}

describe('media share owner in the pods', () => {
  it('media share not writable (main 779b6ec): radarr, sonarr and jellyfin run as the owner the export squashes to', () => {
    for (const app of ['radarr', 'sonarr', 'jellyfin']) expect(podSecurity(homelab, app)).toEqual(expect.objectContaining({ runAsUser: 1000, fsGroup: 1000 }));
  });

  it('follows the owner declared on the live media pool', () => {
    const model: Homelab = { ...homelab, storage: homelab.storage.map((s) => (s.name === 'atlas-data' ? { ...s, owner: { uid: 568, gid: 569 } } : s)) };
    expect(podSecurity(model, 'radarr')).toEqual(expect.objectContaining({ runAsUser: 568, fsGroup: 569 }));
  });
});
