/** Loading a model from a file: a JSON document or a module exporting a Homelab (`homelab` or default export). */
import * as fs from 'fs';
import * as path from 'path';
import { ModelError } from './errors';

/** A JSON model may name its JSON Schema (docs/homelab.schema.json) for an editor: that key is not part of the model. */
function withoutSchemaReference(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('$schema' in value)) return value;
  const { $schema: _schema, ...model } = value as Record<string, unknown>;
  return model;
}

/** Reads the raw value of a model file; validation happens in validateModel. */
export function loadModelFile(file: string): unknown {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    throw new ModelError([
      { entity: 'model', rule: 'model-file', message: `model file "${file}" does not exist`, fix: 'pass an existing .json, .js or .ts file to --model' },
    ]);
  }
  if (abs.endsWith('.json')) {
    const text = fs.readFileSync(abs, 'utf8');
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (err) {
      throw new ModelError([
        { entity: 'model', rule: 'model-file', message: `"${file}" is not valid JSON: ${(err as Error).message}`, fix: 'fix the JSON syntax' },
      ]);
    }
    return withoutSchemaReference(value);
  }
  if (!/\.(c?js|ts)$/.test(abs)) {
    throw new ModelError([
      { entity: 'model', rule: 'model-file', message: `"${file}" is neither JSON nor a JavaScript/TypeScript module`, fix: 'use a .json, .js or .ts file' },
    ]);
  }
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(abs) as Record<string, unknown>;
  } catch (err) {
    throw new ModelError([
      {
        entity: 'model',
        rule: 'model-file',
        message: `"${file}" could not be loaded: ${(err as Error).message.split('\n')[0]}`,
        fix: 'make the module load on its own',
      },
    ]);
  }
  return mod.homelab ?? mod.default ?? mod;
}
