/**
 * The one schema (model/schema.ts): the structural check names entity, rule and fix for every kind of mistake; the
 * JSON Schema synth writes for editors (docs/homelab.schema.json) accepts and refuses what the check does; a JSON model
 * may name that schema; the closed sets are not written twice.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { findProblems } from '../../model/validate';
import { formatProblem } from '../../model/errors';
import { loadModelFile } from '../../model/load';
import { modelJsonSchema, MODEL_JSON_SCHEMA } from '../../model/json-schema';
import { networkSchema } from '../../model/schema';
import { SHAPE_RULES } from '../../model/structure';
import { NETWORK_PURPOSES } from '../../naming/rules';
import { fixture, type Draft } from '../fixtures/models';

const ROOT = path.resolve(__dirname, '../..');

function messages(model: unknown): string[] {
  return findProblems(model).all.map(formatProblem);
}

/** A base fixture model broken in one place. */
function broken(change: (m: Draft) => void): Draft {
  const m = fixture();
  change(m);
  return m;
}

/** An entity of the model as a plain record, to give it what its type does not allow. */
function loose(entity: object): Record<string, unknown> {
  return entity as Record<string, unknown>;
}

const MISTAKES: readonly [string, (m: Draft) => void, RegExp][] = [
  [
    'a missing field',
    (m) => {
      delete loose(m).edge;
    },
    /^\[edge\] required field "edge" is missing — rule: shape-required — fix: add "edge"/,
  ],
  [
    'a wrong type',
    (m) => {
      loose(m.guests[0]).cores = 'two';
    },
    /^\[guests\/kube-master-01\/cores\] expected a number, got string — rule: shape-type/,
  ],
  [
    'a fraction where a whole number belongs',
    (m) => {
      m.guests[0].cores = 1.5;
    },
    /^\[guests\/kube-master-01\/cores\] expected a whole number, got 1.5 — rule: shape-range/,
  ],
  [
    'a number out of range',
    (m) => {
      m.guests[1].vmid = 99;
    },
    /^\[guests\/tunnel-01\/vmid\] 99 is outside 100\.\.999999999 — rule: shape-range — fix: use a value from 100 to 999999999/,
  ],
  [
    'an unknown field',
    (m) => {
      loose(m.hosts[0]).ip = 'x';
    },
    /^\[hosts\/home-alpha\/ip\] unknown field "ip" — rule: shape-unknown-field — fix: remove it or use one of name, location, kind/,
  ],
  [
    'a value outside a closed set',
    (m) => {
      loose(m.guests[1]).kind = 'docker';
    },
    /^\[guests\/tunnel-01\/kind\] "docker" is not one of vm, lxc — rule: shape-enum/,
  ],
  [
    'an empty text',
    (m) => {
      m.guests[0].description = ' ';
    },
    /^\[guests\/kube-master-01\/description\] the value is empty — rule: shape-type/,
  ],
  [
    'neither form of a union',
    (m) => {
      loose(m.backups.sources[0]).from = { bucket: 'x' };
    },
    /^\[backups\/sources\/cluster\/from\] expected \{ host \} or \{ cluster \}, got \{"bucket":"x"\} — rule: shape-type/,
  ],
  [
    'a list item without a name',
    (m) => {
      loose(m.flows[1]).services = ['ssh', 'telnet'];
    },
    /^\[flows\[1\]\/services\[1\]\] "telnet" is not one of ssh, http/,
  ],
];

describe('the structural check (model/schema.ts)', () => {
  it('accepts the base fixture model', () => {
    expect(messages(fixture())).toEqual([]);
  });

  it.each(MISTAKES)('names %s with the entity path, a shape rule and a fix', (_what, change, expected) => {
    const found = messages(broken(change));
    expect(found).toEqual([expect.stringMatching(expected)]);
  });

  it('reports every structural mistake at once, and runs no rule on a model that has one', () => {
    const found = findProblems(
      broken((m) => {
        delete loose(m).edge;
        m.guests[0].host = 'nowhere';
        loose(m.guests[1]).kind = 'docker';
      }),
    ).all;
    expect(found.map((p) => p.rule).sort()).toEqual(['shape-enum', 'shape-required']);
    expect(found.every((p) => p.rule in SHAPE_RULES)).toBe(true);
  });
});

describe('the JSON Schema for editors (docs/homelab.schema.json)', () => {
  const schema = JSON.parse(modelJsonSchema()) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

  it('is the committed file (synth writes it)', () => {
    expect(fs.readFileSync(path.join(ROOT, MODEL_JSON_SCHEMA), 'utf8')).toBe(modelJsonSchema());
  });

  it('accepts a valid model, also one that names the schema', () => {
    expect(validate(fixture())).toBe(true);
    expect(validate({ $schema: `./${MODEL_JSON_SCHEMA}`, ...fixture() })).toBe(true);
  });

  it.each(MISTAKES)('refuses %s like the structural check', (_what, change) => {
    expect(validate(broken(change))).toBe(false);
  });
});

describe('a JSON model (model/load.ts)', () => {
  it('may name the JSON Schema in "$schema": the key is not part of the model', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-ref-'));
    const file = path.join(dir, 'homelab.json');
    fs.writeFileSync(file, JSON.stringify({ $schema: path.join(ROOT, MODEL_JSON_SCHEMA), ...fixture() }));
    const loaded = loadModelFile(file) as Record<string, unknown>;
    expect(loaded).not.toHaveProperty('$schema');
    expect(messages(loaded)).toEqual([]);
  });
});

describe('closed sets are written once', () => {
  it('the network purposes of the schema are those a network name may carry', () => {
    expect(networkSchema.shape.purpose.options).toEqual([...NETWORK_PURPOSES]);
  });
});
