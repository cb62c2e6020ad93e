/**
 * Property tests (fast-check) on fixture models over location sets — the base's Proxmox site and AWS location, with or
 * without an OCI location (tower), a second Proxmox site (dune) and a second OCI region (spire): random valid homelabs
 * synthesize deterministically, one stack per location with something to provision and every active guest and cloud
 * instance provisioned by exactly one of them; a random single mutation of such a model is either still valid or
 * rejected cleanly (ModelError, entity/rule/fix) — never a crash, never a write; mutations also start from a rich fixture with
 * every kind of entity (DNS, outpost, restic, the storage switch, GPU). Runs are capped to keep the suite fast;
 * the seed is printed on failure for replay.
 */
import fc from 'fast-check';
import { synthesize } from '../../synth';
import { findProblems } from '../../model/validate';
import { ModelError } from '../../model/errors';
import { scaledHomelab } from '../../model/fixtures';
import type { Homelab } from '../../model/types';
import {
  BACKUP_LOCATION,
  FIXTURES,
  HOME,
  fixtureModel,
  withDns,
  withFutureStorage,
  withIdentityOutpost,
  withOciLocation,
  withProxmoxSite,
  withResticSource,
  type Variant,
} from '../fixtures/models';
import { expectNoSilentDrop, type TfJson } from '../helpers/stacks';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Which locations the model has besides the base's Proxmox site `home` and AWS location `vault`. */
interface LocationSet {
  readonly oci: boolean;
  readonly secondSite: boolean;
  readonly secondRegion: boolean;
}

const locationSet: fc.Arbitrary<LocationSet> = fc.record({ oci: fc.boolean(), secondSite: fc.boolean(), secondRegion: fc.boolean() });

/** The fixture of a location set: the OCI location tower (bastion-01), the Proxmox site dune, the OCI region spire (bastion-02). */
function modelOf(set: LocationSet): Homelab {
  const variants: Variant[] = [];
  if (set.oci) variants.push(withOciLocation('tower', 'bastion-01', 'eu-frankfurt-1'));
  if (set.secondSite) variants.push(withProxmoxSite('dune'));
  if (set.secondRegion) variants.push(withOciLocation('spire', 'bastion-02', 'eu-amsterdam-1'));
  return fixtureModel(...variants);
}

/** The stacks the location set gets, by name (sorted). */
function stacksOf(set: LocationSet): string[] {
  return [HOME, BACKUP_LOCATION, 'edge', ...(set.oci ? ['tower'] : []), ...(set.secondSite ? ['dune'] : []), ...(set.secondRegion ? ['spire'] : [])].sort();
}

/** Every path (list of keys/indices) into a JSON value. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement === undefined ? {} : replacement;
  const copy = structuredClone(root) as Record<string, Json> | Json[];
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string, Json>)[key as string];
  const last = path[path.length - 1];
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- removes the field at a generated path from a JSON copy
    else delete (node as Record<string, Json>)[last as string];
  } else (node as Record<string, Json>)[last as string] = replacement;
  return copy;
}

/** Every kind of entity the rules check, in one fixture: DNS, outpost, restic, the storage switch's pools, GPU, sites. */
const RICH: Variant[] = [
  ...FIXTURES.everything,
  withDns,
  withIdentityOutpost,
  withResticSource,
  withFutureStorage,
  // The second site's guests resolve through dns-01 too: DNS from each of its networks to the DNS guest's.
  (m) => {
    const dnsNet = m.guests.find((g) => g.role === 'dns')!.networks[0];
    const remote = m.networks.filter((n) => m.hosts.some((h) => h.location === n.location && h.location !== HOME));
    for (const n of remote) {
      const flow = m.flows.find((f) => f.from === n.name && f.to === dnsNet);
      if (flow) flow.services = [...flow.services, 'dns'];
      else m.flows.push({ from: n.name, to: dnsNet, services: ['dns'], why: 'Name resolution through the home DNS guest.' });
    }
    return m;
  },
];

/** A fixture model (a random location set, or the rich one) as JSON, and one path into it. */
const modelAndPath: fc.Arbitrary<{ readonly model: Json; readonly path: (string | number)[] }> = fc
  .oneof(
    locationSet.map((set) => modelOf(set)),
    fc.constant(null).map(() => fixtureModel(...RICH)),
  )
  .chain((m) => {
    const model = m as unknown as Json;
    const all = paths(model);
    return fc.integer({ min: 0, max: all.length - 1 }).map((i) => ({ model, path: all[i] }));
  });

const replacement: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 100_000 }),
  fc.constantFrom('', 'latest', HOME, 'home-alpha', 'alpha-disk', 'kube-master-01', 'traefik', 'tower', '10.0.0.1', 'Bad_Name', 'x'.repeat(70)),
  fc.string({ maxLength: 12 }),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
);

describe('properties', () => {
  it('random valid homelabs synthesize, deterministically, with a stack per location that provisions its guests', () => {
    fc.assert(
      fc.property(locationSet, fc.integer({ min: 9, max: 40 }), fc.integer({ min: 1, max: 4 }), (set, guests, cores) => {
        const base = scaledHomelab(guests, modelOf(set));
        const model: Homelab = { ...base, guests: base.guests.map((g) => (g.role === 'service' ? { ...g, cores } : g)) };
        const a = synthesize(model);
        const b = synthesize(structuredClone(model));
        expect([...a.files]).toEqual([...b.files]);
        const stacks = new Map(a.stacks.map((s) => [s.name, JSON.parse(a.files.get(`tofu-out/stacks/${s.name}/cdk.tf.json`) ?? '{}') as TfJson]));
        expect([...stacks.keys()].sort()).toEqual(stacksOf(set));
        // The generated guests too: each active guest and cloud instance is created by its location's stack, once.
        expectNoSilentDrop(a.model, stacks);
      }),
      { numRuns: 8, seed: 20261128 },
    );
  });

  it('the rich starting model is valid (its mutations start from a model every rule accepts)', () => {
    expect(() => synthesize(fixtureModel(...RICH))).not.toThrow();
  });

  it('a random single mutation is valid or rejected cleanly, never a crash', () => {
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      fc.property(modelAndPath, replacement, ({ model: seed, path }, value) => {
        const model = setAt(seed, path, value);
        const problems = findProblems(model);
        if (problems.count > 0) {
          rejected++;
          for (const p of problems.all) {
            expect(p.entity.length).toBeGreaterThan(0);
            expect(p.rule).toMatch(/^[a-z-]+$/);
            expect(p.fix.length).toBeGreaterThan(3);
          }
          expect(() => synthesize(model)).toThrow(ModelError);
        } else {
          // Model rules passed; the deploy and manifest rules (and the chart modules) may still reject it — cleanly.
          let files = 0;
          try {
            files = synthesize(model).files.size;
          } catch (e) {
            expect(e).toBeInstanceOf(ModelError);
            for (const p of (e as ModelError).problems) expect(p.rule).toMatch(/^[a-z0-9-]+$/);
            rejected++;
            return;
          }
          accepted++;
          expect(files).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200, seed: 4242 },
    );
    expect(rejected).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
    expect(accepted + rejected).toBe(200);
  });
});
