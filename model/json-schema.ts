/**
 * The model's JSON Schema, generated from the one schema (model/schema.ts) and written by synth to
 * docs/homelab.schema.json: a `homelab.json` that names it in `"$schema"` gets completion and checks in an editor.
 */
import { z } from './zod';
import { homelabSchema } from './schema';

export const MODEL_JSON_SCHEMA = 'docs/homelab.schema.json';

/** The JSON Schema text (draft 2020-12), stable for a given schema. */
export function modelJsonSchema(): string {
  const generated = z.toJSONSchema(homelabSchema, { target: 'draft-2020-12' }) as Record<string, unknown> & { properties: Record<string, unknown> };
  const schema = {
    ...generated,
    title: 'homelab model',
    description: 'One homelab of homelab-platform-stack (npm run synth -- --model homelab.json). Generated from model/schema.ts by npm run synth: do not edit.',
    // A JSON model may name this schema; the loader (model/load.ts) drops the key before validation.
    properties: { $schema: { type: 'string' }, ...generated.properties },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
