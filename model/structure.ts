/**
 * Structural check of a model that comes from outside the type checker (a JSON file, a fixture) against the one schema
 * (model/schema.ts): every field has its declared type, closed sets hold one of their values, numbers stay in range, no
 * field is missing or unknown. Each schema issue becomes a problem with the entity path, a `shape-*` rule and a fix.
 * Rules in model/rules/ run only on a model that passed this check.
 */
import type { z } from 'zod';
import { homelabSchema } from './schema';
import type { Homelab } from './types';
import type { Problems } from './errors';
import { childPath } from './rules/rule';

/** The rules of the structural check (registered with the other rule ids: model/rules/registry.ts). */
export const SHAPE_RULES = {
  'shape-type': 'Every field has the type the schema declares (text, number, true/false, list, object).',
  'shape-range': 'Numbers are whole where the schema says so and stay within its bounds.',
  'shape-enum': 'A field of a closed set holds one of its values.',
  'shape-required': 'Every required field is present.',
  'shape-unknown-field': 'No field the schema does not declare (a typo would otherwise be ignored).',
} as const;

type PathKey = PropertyKey;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The raw value at `path` (for messages: zod does not repeat the input). */
function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v = root;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** `guests/k8s-master-01/cores`: array items are named by their `name` field when they have one. */
function entityPath(root: unknown, path: readonly PathKey[]): string {
  let out = '';
  let v = root;
  for (const key of path) {
    const child = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined;
    out = typeof key === 'number' ? childPath(out === '' ? 'model' : out, key, child) : out === '' ? String(key) : `${out}/${String(key)}`;
    v = child;
  }
  return out === '' ? 'model' : out;
}

/** The schema that checks the value at `path` (optional wrappers removed), to name its fields and bounds. */
function schemaAt(path: readonly PathKey[]): z.core.$ZodType | undefined {
  let schema: z.core.$ZodType | undefined = homelabSchema;
  for (const key of path) {
    schema = schema === undefined ? undefined : unwrap(schema);
    const def: z.core.$ZodTypeDef | undefined = schema?._zod.def;
    if (def?.type === 'object') {
      // A key the object does not declare has no schema.
      const shape: Readonly<Record<string, z.core.$ZodType | undefined>> = (def as z.core.$ZodObjectDef).shape;
      schema = shape[String(key)];
    } else if (def?.type === 'array') schema = (def as z.core.$ZodArrayDef).element;
    else return undefined;
  }
  return schema === undefined ? undefined : unwrap(schema);
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def;
  return def.type === 'optional' ? unwrap((def as z.core.$ZodOptionalDef).innerType) : schema;
}

function fieldsOf(schema: z.core.$ZodType | undefined): string[] {
  const def = schema?._zod.def;
  return def?.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
}

/** `{ host } or { cluster }`: the forms of a union of objects. */
function unionLabel(schema: z.core.$ZodType | undefined): string {
  const def = schema?._zod.def;
  if (def?.type !== 'union') return 'one of its forms';
  return (def as z.core.$ZodUnionDef).options.map((o) => `{ ${fieldsOf(o).join(', ')} }`).join(' or ');
}

function bounds(schema: z.core.$ZodType | undefined): string {
  const n = schema as { readonly minValue?: number | null; readonly maxValue?: number | null } | undefined;
  const show = (v: number | null | undefined, inf: string) => (v === undefined || v === null || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? inf : String(v));
  return `${show(n?.minValue, '-∞')}..${show(n?.maxValue, '∞')}`;
}

const EXPECTED: Readonly<Record<string, [string, string]>> = {
  string: ['a non-empty string', 'give a non-empty text value'],
  number: ['a number', 'use a number'],
  boolean: ['true or false', 'use a boolean'],
  array: ['a list', 'use a list ([…])'],
  object: ['an object', 'use an object ({…}) of the shape in model/schema.ts'],
};

function report(root: unknown, issue: z.core.$ZodIssue, problems: Problems): void {
  const path = issue.path;
  const where = entityPath(root, path);
  const value = valueAt(root, path);
  switch (issue.code) {
    case 'invalid_type': {
      const key = path.at(-1);
      if (value === undefined && key !== undefined) {
        problems.report(where, 'shape-required', `required field "${String(key)}" is missing`, `add "${String(key)}" (see model/schema.ts)`);
      } else if (issue.expected === 'int') {
        problems.report(where, 'shape-range', `expected a whole number, got ${typeof value === 'number' ? value : typeOf(value)}`, 'use a whole number');
      } else {
        const [what, fix] = EXPECTED[issue.expected] ?? [issue.expected, `use ${issue.expected}`];
        problems.report(where, 'shape-type', `expected ${what}, got ${typeOf(value)}`, fix);
      }
      return;
    }
    case 'invalid_format':
      problems.report(where, 'shape-type', 'the value is empty', 'give a non-empty text value');
      return;
    case 'too_small':
    case 'too_big': {
      const range = bounds(schemaAt(path));
      problems.report(where, 'shape-range', `${String(value)} is outside ${range}`, `use a value from ${range.replace('..', ' to ')}`);
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map(String).join(', ');
      problems.report(where, 'shape-enum', `${JSON.stringify(value)} is not one of ${values}`, `use one of ${values}`);
      return;
    }
    case 'unrecognized_keys': {
      const fields = fieldsOf(schemaAt(path)).join(', ');
      for (const key of issue.keys) {
        problems.report(where === 'model' ? key : `${where}/${key}`, 'shape-unknown-field', `unknown field "${key}"`, `remove it or use one of ${fields}`);
      }
      return;
    }
    case 'invalid_union': {
      const label = unionLabel(schemaAt(path));
      problems.report(where, 'shape-type', `expected ${label}, got ${JSON.stringify(value)}`, `use ${label}`);
      return;
    }
    default:
      problems.report(where, 'shape-type', issue.message, 'give the value the schema declares (model/schema.ts)');
  }
}

/** Checks the structure of `value`; reports every structural problem and returns whether it is a Homelab. */
export function checkStructure(value: unknown, problems: Problems): value is Homelab {
  const result = homelabSchema.safeParse(value);
  if (result.success) return true;
  for (const issue of result.error.issues) report(value, issue, problems);
  return false;
}
