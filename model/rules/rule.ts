import type { Homelab } from '../types';
import type { Problems } from '../errors';
import type { ModelLookup } from '../lookup';

/** One validation rule of the model (cdk-nag style: an id, what it protects, a check that reports problems). */
export interface ModelRule {
  readonly id: string;
  readonly description: string;
  /**
   * Ids of the rules (references above all) this one builds on: entities they rejected are left out of the model this
   * rule checks, so a guest on an unknown host is not also blamed for storage or images of that host. @default none
   */
  readonly after?: readonly string[];
  check(model: Homelab, index: ModelLookup, problems: Problems): void;
}

/** Entity paths used in messages. */
export const at = {
  location: (n: string) => `locations/${n}`,
  host: (n: string) => `hosts/${n}`,
  storage: (n: string) => `storage/${n}`,
  network: (n: string) => `networks/${n}`,
  guest: (n: string) => `guests/${n}`,
  cloudInstance: (n: string) => `cloudInstances/${n}`,
  cluster: (n: string) => `clusters/${n}`,
  app: (n: string) => `apps/${n}`,
  image: (n: string) => `images/${n}`,
  endpoint: (n: string) => `infraEndpoints/${n}`,
  site: (n: string) => `proxySites/${n}`,
  backup: (n: string) => `backups/sources/${n}`,
  flow: (i: number) => `flows[${i}]`,
};

/** "one of a, b, c" — or a hint to add one when the list is empty. */
export function oneOf(names: Iterable<string>, what: string): string {
  const list = [...names];
  return list.length === 0 ? `declare a ${what} first` : `use one of ${list.join(', ')}`;
}

/** Appends `[n]` or `/name` to a path: array items are named by their `name` field when they have one. */
export function childPath(path: string, index: number, item: unknown): string {
  const name = typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : undefined;
  return name !== undefined && name !== '' ? `${path}/${name}` : `${path}[${index}]`;
}
