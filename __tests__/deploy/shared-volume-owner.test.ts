import { sharedVolumeOwner } from '../../deploy/rules/shared-volume-owner';
import { deployProblems } from './helpers';
import { withFutureMediaTwin, type Draft } from '../fixtures/models';
import { platformModel, platformWith } from '../charts/fixtures';
import { findProblems } from '../../model/validate';
import { formatProblem } from '../../model/errors';

const pool = (m: Draft, name: string) => m.storage.find((s) => s.name === name)!;
/** The platform fixture (Jellyfin and Radarr on the media share, the download client fetch-01 bind-mounting it) and the twin. */
const shared = (change: (m: Draft) => void = () => undefined) =>
  platformWith((m) => {
    withFutureMediaTwin(m);
    change(m);
  });

describe("deploy rule 'deploy-shared-volume-owner'", () => {
  it('compliant: the media share and its future twin declare the same owner for pods and fetch-01', () => {
    expect(findProblems(shared()).all.map(formatProblem)).toEqual([]);
    expect(deployProblems(sharedVolumeOwner, shared())).toEqual([]);
    expect(deployProblems(sharedVolumeOwner, platformModel())).toEqual([]);
  });

  it('non-compliant: a written share without an owner (main 779b6ec: root_squash, shifted LXC ids) is reported once', () => {
    const model = shared((m) => {
      delete pool(m, 'alpha-media').owner;
    });
    const problems = deployProblems(sharedVolumeOwner, model);
    expect(problems.map((p) => p.entity)).toEqual(['storage/alpha-media']);
    expect(problems[0].message).toMatch(/LXC fetch-01, pod jellyfin, pod radarr write to it/);
  });

  it('non-compliant: root as owner, and a future twin with another owner', () => {
    const model = shared((m) => {
      pool(m, 'alpha-media').owner = { uid: 0, gid: 1000 };
      pool(m, 'alpha-library').owner = { uid: 568, gid: 568 };
    });
    expect(deployProblems(sharedVolumeOwner, model).map((p) => [p.entity, p.message.slice(0, 24)])).toEqual([
      ['storage/alpha-media', 'owner uid 0 is outside 1'],
      ['storage/alpha-library', 'it takes over alpha-medi'],
    ]);
  });
});
