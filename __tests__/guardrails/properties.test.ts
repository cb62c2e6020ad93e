/**
 * Property tests (fast-check): random valid homelabs synthesize deterministically; a random single mutation of the
 * seed is either still valid or rejected cleanly (ModelError, entity/rule/fix) — never a crash, never a write.
 * Runs are capped to keep the suite fast; the seed is printed on failure for replay.
 */
import fc from 'fast-check';
import { synthesize } from '../../synth';
import { findProblems } from '../../model/validate';
import { ModelError } from '../../model/errors';
import { scaledHomelab } from '../../model/fixtures';
import { homelab } from '../../homelab';
import type { Homelab } from '../../model/types';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

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

const SEED = structuredClone(homelab) as unknown as Json;
const SEED_PATHS = paths(SEED);

const replacement: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 100_000 }),
  fc.constantFrom('', 'latest', 'asgard', 'asgard-atlas', 'atlas-bedrock', 'k8s-master-01', 'traefik', '10.0.0.1', 'Bad_Name', 'x'.repeat(70)),
  fc.string({ maxLength: 12 }),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
);

describe('properties', () => {
  it('random valid homelabs synthesize, deterministically', () => {
    fc.assert(
      fc.property(fc.integer({ min: 9, max: 40 }), fc.integer({ min: 1, max: 4 }), (guests, cores) => {
        const base = scaledHomelab(guests, homelab);
        const model: Homelab = { ...base, guests: base.guests.map((g) => (g.role === 'service' ? { ...g, cores } : g)) };
        const a = synthesize(model);
        const b = synthesize(structuredClone(model));
        expect([...a.files]).toEqual([...b.files]);
        expect(a.files.get('tofu-out/stacks/asgard/cdk.tf.json')).toBeDefined();
      }),
      { numRuns: 5, seed: 20261128 },
    );
  });

  it('a random single mutation is valid or rejected cleanly, never a crash', () => {
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SEED_PATHS.length - 1 }), replacement, (index, value) => {
        const model = setAt(SEED, SEED_PATHS[index], value);
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
      { numRuns: 150, seed: 4242 },
    );
    expect(rejected).toBeGreaterThan(0);
    expect(accepted + rejected).toBe(150);
  });
});
