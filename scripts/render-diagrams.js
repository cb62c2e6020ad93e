#!/usr/bin/env node
// Parses every Mermaid source in docs/diagrams/ with the real mermaid parser, then renders them all to SVG with
// mermaid-cli and Debian's chromium in ONE browser start (a markdown input holding every diagram).
//
//   node scripts/render-diagrams.js [--src <dir>] [--out <dir>] [--parse-only] [--quiet]
//
// Never passes silently: a missing chromium or mmdc, a parse error, a failed render or a missing/empty SVG exits 1 with
// "NOT RENDERED" and the reason. CHROMIUM_PATH overrides the browser (default: /usr/bin/chromium).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_DIR = path.join(ROOT, 'docs', 'diagrams');
const MMDC = path.join(ROOT, 'node_modules', '.bin', 'mmdc');
const PUPPETEER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

class RenderError extends Error {}

function parseArgs(argv) {
  const opts = { src: DEFAULT_DIR, out: undefined, parseOnly: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--src' || a === '--out') {
      const v = argv[++i];
      if (v === undefined) throw new RenderError(`${a} needs a directory`);
      opts[a.slice(2)] = path.resolve(v);
    } else if (a === '--parse-only') opts.parseOnly = true;
    else if (a === '--quiet') opts.quiet = true;
    else throw new RenderError(`unknown argument "${a}" (usage: render-diagrams.js [--src dir] [--out dir] [--parse-only] [--quiet])`);
  }
  opts.out = opts.out ?? opts.src;
  return opts;
}

/** The .mmd sources of `dir`, sorted by name: [{ name, file, text }]. */
function sources(dir) {
  if (!fs.existsSync(dir)) throw new RenderError(`no diagram directory ${dir} (run npm run synth first)`);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mmd'))
    .sort();
  if (files.length === 0) throw new RenderError(`no .mmd sources in ${dir} (run npm run synth first)`);
  return files.map((f) => ({ name: f.slice(0, -4), file: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * mermaid.parse in node. Mermaid sanitizes label HTML with DOMPurify, which needs a DOM that node lacks; sanitizing is
 * not parsing, so DOMPurify's two entry points become no-ops here. The grammar and the diagram databases are mermaid's.
 */
async function parseAll(diagrams) {
  const { default: DOMPurify } = await import('dompurify');
  if (typeof DOMPurify.sanitize !== 'function') DOMPurify.sanitize = (text) => text;
  if (typeof DOMPurify.addHook !== 'function') DOMPurify.addHook = () => undefined;
  const { default: mermaid } = await import('mermaid');
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  const problems = [];
  const results = [];
  for (const d of diagrams) {
    try {
      const r = await mermaid.parse(d.text);
      results.push({ name: d.name, type: r.diagramType });
    } catch (err) {
      problems.push(
        `${d.name}.mmd: ${String(err.message ?? err)
          .split('\n')
          .slice(0, 4)
          .join(' | ')}`,
      );
    }
  }
  if (problems.length > 0) throw new RenderError(`mermaid could not parse:\n  ${problems.join('\n  ')}`);
  return results;
}

function chromiumPath() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
  } catch {
    throw new RenderError(`chromium not found at ${candidate} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  }
  return candidate;
}

/** Renders every diagram in one mmdc call; returns [{ name, svg }] (svg = path of the written file). */
function renderAll(diagrams, outDir) {
  const browser = chromiumPath();
  if (!fs.existsSync(MMDC)) throw new RenderError(`mmdc not found at ${MMDC} (npm ci installs @mermaid-js/mermaid-cli)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'render-diagrams-'));
  try {
    const config = path.join(work, 'puppeteer.json');
    fs.writeFileSync(config, JSON.stringify({ executablePath: browser, args: PUPPETEER_ARGS }));
    const input = path.join(work, 'diagrams.md');
    fs.writeFileSync(input, diagrams.map((d) => `## ${d.name}\n\n\`\`\`mermaid\n${d.text.trimEnd()}\n\`\`\`\n`).join('\n'));
    const run = spawnSync(MMDC, ['-p', config, '-i', input, '-o', path.join(work, 'out.md'), '-q'], { encoding: 'utf8', timeout: 120000 });
    if (run.error) throw new RenderError(`mmdc could not run: ${run.error.message}`);
    if (run.status !== 0) throw new RenderError(`mmdc failed (exit ${run.status}):\n${(run.stderr || run.stdout).trim().split('\n').slice(0, 20).join('\n')}`);
    fs.mkdirSync(outDir, { recursive: true });
    return diagrams.map((d, i) => {
      const produced = path.join(work, `out-${i + 1}.svg`);
      if (!fs.existsSync(produced)) throw new RenderError(`mmdc wrote no SVG for ${d.name} (expected ${path.basename(produced)})`);
      const svg = fs.readFileSync(produced, 'utf8');
      if (!/<svg[\s>]/.test(svg)) throw new RenderError(`the SVG of ${d.name} has no <svg> element`);
      const target = path.join(outDir, `${d.name}.svg`);
      fs.writeFileSync(target, svg);
      return { name: d.name, svg: target, bytes: Buffer.byteLength(svg) };
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(argv) {
  const started = Date.now();
  const opts = parseArgs(argv);
  const diagrams = sources(opts.src);
  const parsed = await parseAll(diagrams);
  const parseMs = Date.now() - started;
  if (opts.parseOnly) {
    if (!opts.quiet)
      process.stdout.write(`render-diagrams: ${parsed.length} diagrams parse (${parsed.map((p) => `${p.name}: ${p.type}`).join(', ')}) in ${parseMs} ms\n`);
    return;
  }
  const renderStart = Date.now();
  const rendered = renderAll(diagrams, opts.out);
  if (!opts.quiet) {
    process.stdout.write(
      `render-diagrams: parsed ${parsed.length} in ${parseMs} ms, rendered ${rendered.length} SVGs in ${Date.now() - renderStart} ms (one browser start)\n`,
    );
    for (const r of rendered) process.stdout.write(`  ${path.relative(process.cwd(), r.svg)} (${r.bytes} bytes)\n`);
  }
}

main(process.argv.slice(2)).catch((err) => {
  const reason = err instanceof RenderError ? err.message : (err.stack ?? String(err));
  process.stderr.write(`render-diagrams: NOT RENDERED: ${reason}\n`);
  process.exitCode = 1;
});
