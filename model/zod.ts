/**
 * zod, loaded for a synth that must stay fast. Two costs of its defaults are paid for nothing here, so they are skipped:
 * - its import loads the messages of all ~70 locales (`zod/v4/locales/index`), though every problem is worded by
 *   model/structure.ts and the English messages (which zod loads on its own) are the only fallback: the index is
 *   registered as empty before zod is required. That works where zod is loaded from node_modules (tests, scripts,
 *   `node dist/main.js`); the synth bundle (scripts/build.js) carries zod's locales inside it and runs them, which
 *   measured no slower there (≈ 0.5 MB of 7 MB, compiled code cached);
 * - its first parse compiles a validator per object schema (`new Function`), slower than checking one model once:
 *   `jitless` checks by interpretation.
 * Only model/schema.ts imports this module; everything else imports types (erased at build), so loads no zod.
 */
import * as path from 'path';
import { Module } from 'module';

const localesIndex = path.join(path.dirname(require.resolve('zod/package.json')), 'v4', 'locales', 'index.cjs');
if (require.cache[localesIndex] === undefined) {
  const empty = new Module(localesIndex);
  empty.filename = localesIndex;
  empty.loaded = true;
  require.cache[localesIndex] = empty;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zod = require('zod') as typeof import('zod');
zod.z.config({ jitless: true });

export const z = zod.z;
