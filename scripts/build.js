#!/usr/bin/env node
// Transpiles the TypeScript sources to dist/ with swc (no type-check: `npm run typecheck` does that), then bundles the
// synth (dist/main.js and every module it loads) into dist/synth.bundle.js with esbuild, which synth/launcher.ts runs.
// Incremental: only sources newer than their output are transpiled; outputs without a source are removed; the bundle
// is rebuilt only when dist/ or the installed packages changed. swc and esbuild are loaded only when there is work
// (a run with nothing to do starts faster: npm run bench).
'use strict';
const fs = require('fs');
const path = require('path');

let swcCore;
const swc = () => (swcCore ??= require('@swc/core'));

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const BUNDLE = path.join(DIST, 'synth.bundle.js');
// npm rewrites it on every install: a bundle older than it may hold a dependency's old code.
const INSTALLED = path.join(ROOT, 'node_modules', '.package-lock.json');
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
  let newest = 0;
  // Brings one output up to date with its source: `make` gives its content when it is missing or older. Written to a
  // temporary file and renamed, as the bundle is: builds run in parallel (npm test's steps), and one that read another's
  // half-written file would bundle it.
  const update = (src, out, make) => {
    wanted.add(out);
    const built = mtime(out);
    if (built !== undefined && built >= fs.statSync(src).mtimeMs) return void (newest = Math.max(newest, built));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    writeWhole(out, make());
    newest = Math.max(newest, fs.statSync(out).mtimeMs);
    compiled++;
  };
  for (const rel of sources()) {
    const src = path.join(ROOT, rel);
    update(src, path.join(DIST, rel.replace(/\.ts$/, '.js')), () => swc().transformFileSync(src, { ...SWC_OPTIONS, filename: src }).code);
  }
  for (const rel of DATA_FILES) update(path.join(ROOT, rel), path.join(DIST, rel), () => fs.readFileSync(path.join(ROOT, rel)));
  // Remove outputs whose source is gone, so a deleted module cannot linger in dist/.
  const stale = [];
  const sweep = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) sweep(p);
      else if (p.endsWith('.js') && !wanted.has(p) && p !== BUNDLE) stale.push(p);
    }
  };
  sweep(DIST);
  for (const p of stale) fs.rmSync(p);
  const bundled = bundleSynth(stale.length > 0 ? Infinity : newest);
  return { compiled, removed: stale.length, total: wanted.size, bundled };
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : undefined);

function writeWhole(file, content) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/**
 * dist/synth.bundle.js, rebuilt when it is older than the newest output in dist/ or the installed packages (or dist/ lost
 * a file): the synth entry and everything it requires in one CommonJS file (synth/launcher.ts says why).
 * Only `zod/package.json` stays outside (model/zod.ts resolves zod's directory from it). Written to a temporary file
 * and renamed, so a synth started in parallel runs either the old bundle or the new one, never half of one.
 */
function bundleSynth(newestInput) {
  const built = mtime(BUNDLE);
  if (built !== undefined && built >= newestInput && built >= (mtime(INSTALLED) ?? 0)) return false;
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  require('esbuild').buildSync({
    stdin: {
      contents: "process.exitCode = require('./main.js').main(process.argv.slice(2));",
      resolveDir: DIST,
      sourcefile: 'synth-entry.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: SWC_OPTIONS.jsc.target,
    external: ['zod/package.json'],
    outfile: tmp,
    logLevel: 'error',
  });
  fs.renameSync(tmp, BUNDLE);
  return true;
}

/** Lets `require` load .ts files (models passed with --model, the scripts scripts/run-ts.js runs) through swc. */
function registerTypeScript() {
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc().transformFileSync(filename, { ...SWC_OPTIONS, filename });
    module._compile(code, filename);
  };
}

module.exports = { build, registerTypeScript, sources, NOT_SOURCES, DIST, BUNDLE };

if (require.main === module) {
  const t = Date.now();
  const r = build();
  process.stdout.write(
    `build: ${r.compiled} of ${r.total} files transpiled, ${r.removed} removed, bundle ${r.bundled ? 'rebuilt' : 'up to date'} (${Date.now() - t} ms)\n`,
  );
}
