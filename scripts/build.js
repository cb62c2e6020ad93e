#!/usr/bin/env node
// Transpiles the TypeScript sources to dist/ with swc (no type-check: `npm run typecheck` does that).
// Incremental: only sources newer than their output are transpiled; outputs without a source are removed.
'use strict';
const fs = require('fs');
const path = require('path');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const SOURCE_DIRS = ['model', 'naming', 'constructs', 'stacks', 'charts', 'synth', 'secrets', 'deploy', '.gen'];
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
  return [...top, ...SOURCE_DIRS.flatMap((d) => walk(d, []))];
}

function build() {
  const wanted = new Set();
  let compiled = 0;
  for (const rel of sources()) {
    const src = path.join(ROOT, rel);
    const out = path.join(DIST, rel.replace(/\.ts$/, '.js'));
    wanted.add(out);
    if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs) continue;
    const { code } = swc.transformFileSync(src, { ...SWC_OPTIONS, filename: src });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
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

/** Lets `require` load .ts files (models passed with --model) through swc. */
function registerTypeScript() {
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc.transformFileSync(filename, { ...SWC_OPTIONS, filename });
    module._compile(code, filename);
  };
}

module.exports = { build, registerTypeScript, DIST };

if (require.main === module) {
  const t = Date.now();
  const r = build();
  process.stdout.write(`build: ${r.compiled} of ${r.total} files transpiled, ${r.removed} removed (${Date.now() - t} ms)\n`);
}
