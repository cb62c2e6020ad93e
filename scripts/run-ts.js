#!/usr/bin/env node
// Runs one of the repository's TypeScript scripts: `node scripts/run-ts.js <file.ts> [ARG...]` (path from the repo
// root). The file exports `main(argv, io)` (scripts/lib/io.ts) returning the exit code. It is transpiled on load by
// swc (scripts/build.js), not type-checked here: `npm run typecheck` covers it.
'use strict';
const fs = require('fs');
const path = require('path');
const { registerTypeScript } = require('./build');

const ROOT = path.resolve(__dirname, '..');
const [file, ...argv] = process.argv.slice(2);
if (file === undefined || !file.endsWith('.ts')) {
  process.stderr.write('usage: node scripts/run-ts.js <file.ts> [ARG...]\n');
  process.exit(2);
}
registerTypeScript();
const { main } = require(path.resolve(ROOT, file));
process.exitCode = main(argv, {
  root: ROOT,
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdin: () => fs.readFileSync(0, 'utf8'),
});
