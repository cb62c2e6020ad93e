/** The media pods run as the NFS share's declared owner (the uid/gid contract of deploy-shared-volume-owner). */
import type { Homelab } from '../../model/types';
import { field } from '../../charts/lib/objects';
import { platformModel, platformWith } from './fixtures';
import { build, find, unit } from './helpers';

function podSecurity(model: Homelab, app: string): unknown {
  return field(find(unit(build(model), app).objects, 'Deployment', app), 'spec', 'template', 'spec', 'securityContext');
}

describe('media share owner in the pods', () => {
  it('media share not writable (main 779b6ec): the media apps run as the owner the export squashes to', () => {
    for (const app of ['radarr', 'jellyfin']) expect(podSecurity(platformModel(), app)).toEqual(expect.objectContaining({ runAsUser: 1000, fsGroup: 1000 }));
  });

  it('follows the owner declared on the live media pool', () => {
    const model = platformWith((m) => {
      m.storage.find((s) => s.name === 'alpha-media')!.owner = { uid: 568, gid: 569 };
    });
    expect(podSecurity(model, 'radarr')).toEqual(expect.objectContaining({ runAsUser: 568, fsGroup: 569 }));
  });

  it('an app without the media share keeps the default user', () => {
    expect(podSecurity(platformModel(), 'grafana')).toEqual(expect.objectContaining({ runAsUser: 472, fsGroup: 472 }));
  });
});
