/** Test helpers: find a named entity of any model (fixture or seed) to change it, failing the test setup when absent. */
import type { Homelab } from '../../model/types';

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
export type MutableHomelab = Mutable<Homelab>;

export function guest(m: MutableHomelab, name: string): MutableHomelab['guests'][number] {
  const g = m.guests.find((x) => x.name === name);
  if (!g) throw new Error(`test setup: no guest ${name}`);
  return g;
}

export function app(m: MutableHomelab, name: string): MutableHomelab['apps'][number] {
  const a = m.apps.find((x) => x.name === name);
  if (!a) throw new Error(`test setup: no app ${name}`);
  return a;
}

export function host(m: MutableHomelab, name: string): MutableHomelab['hosts'][number] {
  const h = m.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`test setup: no host ${name}`);
  return h;
}
