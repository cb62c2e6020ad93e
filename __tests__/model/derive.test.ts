/** Derived facts shared by several outputs (model/derive.ts), on fixture models. */
import { resticPaths } from '../../model/derive';
import type { Homelab } from '../../model/types';
import { fixture, withFutureStorage } from '../fixtures/models';

describe('resticPaths: what a restic source on a host backs up', () => {
  it("an active host: only the paths of its pools live in the model's storage stage", () => {
    const current = fixture(withFutureStorage) as Homelab;
    expect(resticPaths(current, 'home-alpha')).toEqual(['/srv/media']);
    const future = fixture(withFutureStorage, (m) => ({ ...m, storageStage: 'future' })) as Homelab;
    expect(resticPaths(future, 'home-alpha')).toEqual(['/srv/library']);
  });

  it('a planned host: every pool with a path (what it will back up; it runs nothing yet)', () => {
    const planned = fixture(withFutureStorage, (m) => {
      m.hosts.find((h) => h.name === 'home-alpha')!.lifecycle = 'planned';
      return m;
    }) as Homelab;
    expect(resticPaths(planned, 'home-alpha')).toEqual(['/srv/media', '/srv/library']);
  });

  it('a host without pools with a path backs up nothing', () => {
    expect(resticPaths(fixture() as Homelab, 'home-alpha')).toEqual([]);
  });
});
