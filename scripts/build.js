#!/usr/bin/env node
// Transpiles the TypeScript sources to dist/ with swc (no type-check: `npm run typecheck` does that), then bundles the
// synth (dist/main.js and every module it loads) into dist/synth.bundle.js with esbuild, which synth/launcher.ts runs.
// Incremental: only sources newer than their output are transpiled; outputs without a source are removed; the bundle
// is made again only when one of its inputs, the installed packages or this script changed (bundleStale). swc and
// esbuild are loaded only when there is work (a run with nothing to do starts faster: npm run bench).
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

/** Brings dist/ up to date; `{ bundle: false }` skips the synth bundle (for scripts that only require dist/ modules). */
function build({ bundle = true } = {}) {
  const wanted = new Set();
  let compiled = 0;
  // A new output may be what an unchanged import now resolves to (`./foo` → foo.js beside foo/index.js).
  let created = false;
  // Brings one output up to date with its source: `make` gives its content when it is missing or older. Written to a
  // temporary file and renamed, as the bundle is: builds run in parallel (npm test's steps), and one that read another's
  // half-written file would bundle it.
  const update = (src, out, make) => {
    wanted.add(out);
    const built = mtime(out);
    if (built !== undefined && built >= fs.statSync(src).mtimeMs) return;
    created ||= built === undefined;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    writeWhole(out, make());
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
      else if (p.endsWith('.js') && !wanted.has(p) && p !== BUNDLE.file) stale.push(p);
    }
  };
  sweep(DIST);
  for (const p of stale) fs.rmSync(p);
  let bundled = false;
  if (bundle && (created || bundleStale(BUNDLE))) {
    bundleSynth(BUNDLE);
    bundled = true;
  }
  return { compiled, removed: stale.length, total: wanted.size, bundled };
}

const mtime = (file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;

function writeWhole(file, content) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/**
 * The synth bundle and what it is made from: the bundle, the list of its inputs (esbuild's metafile, paths relative to
 * the repository), npm's record of the last install, and this script (its esbuild options).
 */
const BUNDLE = {
  file: path.join(DIST, 'synth.bundle.js'),
  inputs: path.join(DIST, 'synth.bundle.inputs.json'),
  installed: path.join(ROOT, 'node_modules', '.package-lock.json'),
  builder: __filename,
  root: ROOT,
};

/**
 * Whether the bundle must be made again: it is missing, or one of its inputs in dist/ is missing or newer than it (a
 * changed or deleted module), or npm installed since, or this script changed. Dependencies are judged by npm's record
 * alone: npm writes package files with a fixed old mtime, so theirs say nothing (and checking ~700 of them would cost
 * a synth ~10 ms); after editing a file under node_modules by hand, delete dist/synth.bundle.js.
 */
function bundleStale(b) {
  const built = mtime(b.file);
  if (built === undefined) return true;
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(b.inputs, 'utf8'));
  } catch {
    return true;
  }
  for (const rel of inputs) {
    if (rel.startsWith('node_modules/')) continue;
    const m = mtime(path.join(b.root, rel));
    if (m === undefined || m > built) return true;
  }
  return [b.installed, b.builder].some((f) => (mtime(f) ?? 0) > built);
}

/**
 * Makes the synth bundle: the synth entry and everything it requires in one CommonJS file (synth/launcher.ts says
 * why). Only `zod/package.json` stays outside (model/zod.ts resolves zod's directory from it). The bundle and its input
 * list are written to temporary files and renamed, so a synth started in parallel runs either the old bundle or the
 * new one, never half of one.
 */
function bundleSynth(b) {
  const tmp = `${b.file}.${process.pid}.tmp`;
  const result = require('esbuild').buildSync({
    stdin: {
      contents: "process.exitCode = require('./main.js').main(process.argv.slice(2));",
      resolveDir: path.dirname(b.file),
      sourcefile: 'synth-entry.js',
      loader: 'js',
    },
    absWorkingDir: b.root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: SWC_OPTIONS.jsc.target,
    external: ['zod/package.json'],
    outfile: tmp,
    metafile: true,
    logLevel: 'error',
  });
  // The entry is given on stdin: esbuild lists it under its sourcefile name, a file that does not exist.
  const entry = path.relative(b.root, path.join(path.dirname(b.file), 'synth-entry.js'));
  const inputs = Object.keys(result.metafile.inputs).filter((f) => f !== entry);
  writeWhole(b.inputs, JSON.stringify(inputs.sort()));
  fs.renameSync(tmp, b.file);
}

/** Lets `require` load .ts files (models passed with --model, the scripts scripts/run-ts.js runs) through swc. */
function registerTypeScript() {
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc().transformFileSync(filename, { ...SWC_OPTIONS, filename });
    module._compile(code, filename);
  };
}

module.exports = { build, registerTypeScript, sources, NOT_SOURCES, DIST, BUNDLE, bundleStale };

if (require.main === module) {
  const t = Date.now();
  const r = build();
  process.stdout.write(
    `build: ${r.compiled} of ${r.total} files transpiled, ${r.removed} removed, bundle ${r.bundled ? 'rebuilt' : 'up to date'} (${Date.now() - t} ms)\n`,
  );
}
