#!/usr/bin/env node
// Transpiles the TypeScript sources to dist/ with swc (no type-check: `npm run typecheck` does that).
// Incremental: only sources newer than their output are transpiled; outputs without a source are removed. swc is
// loaded only when a file needs transpiling (a run with nothing to do starts faster: npm run bench).
'use strict';
const fs = require('fs');
const path = require('path');

let swcCore;
const swc = () => (swcCore ??= require('@swc/core'));

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
// Every top-level directory holding TypeScript is a source directory, except these (tests, outputs, dependencies):
// a new module directory (deploy/, bootstrap/ …) is built without being listed anywhere.
const NOT_SOURCES = new Set(['__tests__', 'node_modules', 'dist', 'scripts', 'tools', 'tofu-out', 'k8s', 'docs', 'ansible', 'lxc-configs', '.git']);
const sourceDirs = () =>
  fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !NOT_SOURCES.has(e.name))
    .map((e) => e.name)
    .sort();
// JSON the sources import from outside the source directories (`import pins from '../tools/pins.json'`): copied into
// dist/ at the same relative path, so the compiled require finds it.
const DATA_FILES = ['tools/pins.json'];
const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: false,
  swcrc: false,
};

function walk(rel, out) {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return out;
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) walk(child, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(child);
  }
  return out;
}

function sources() {
  const top = fs.readdirSync(ROOT).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  return [...top, ...sourceDirs().flatMap((d) => walk(d, []))];
}

function build() {
  const wanted = new Set();
  let compiled = 0;
  for (const rel of sources()) {
    const src = path.join(ROOT, rel);
    const out = path.join(DIST, rel.replace(/\.ts$/, '.js'));
    wanted.add(out);
    if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs) continue;
    const { code } = swc().transformFileSync(src, { ...SWC_OPTIONS, filename: src });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
    compiled++;
  }
  for (const rel of DATA_FILES) {
    const src = path.join(ROOT, rel);
    const out = path.join(DIST, rel);
    if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs) continue;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.copyFileSync(src, out);
    compiled++;
  }
  // Remove outputs whose source is gone, so a deleted module cannot linger in dist/.
  const stale = [];
  const sweep = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) sweep(p);
      else if (p.endsWith('.js') && !wanted.has(p)) stale.push(p);
    }
  };
  sweep(DIST);
  for (const p of stale) fs.rmSync(p);
  return { compiled, removed: stale.length, total: wanted.size };
}

/** Lets `require` load .ts files (models passed with --model, the scripts scripts/run-ts.js runs) through swc. */
function registerTypeScript() {
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc().transformFileSync(filename, { ...SWC_OPTIONS, filename });
    module._compile(code, filename);
  };
}

module.exports = { build, registerTypeScript, sources, NOT_SOURCES, DIST };

if (require.main === module) {
  const t = Date.now();
  const r = build();
  process.stdout.write(`build: ${r.compiled} of ${r.total} files transpiled, ${r.removed} removed (${Date.now() - t} ms)\n`);
}
