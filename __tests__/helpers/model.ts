/** Test helpers: a deep, mutable copy of the seed homelab to break in one place. */
import { homelab } from '../../homelab';
import type { MutableHomelab } from './find';
export type { MutableHomelab } from './find';

export function seedCopy(): MutableHomelab {
  return structuredClone(homelab) as MutableHomelab;
}

/** A copy of the seed with one change applied. */
export function mutated(change: (m: MutableHomelab) => void): MutableHomelab {
  const m = seedCopy();
  change(m);
  return m;
}

export { app, guest, host } from './find';
