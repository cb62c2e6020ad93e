#!/usr/bin/env node
// Fails on shell pipelines that can die of SIGPIPE: a consumer that stops reading early (`grep -q`, `grep -m N`,
// `head`, `sed …q`, `awk …exit`) behind a producer that may still be writing (`tee`, a tool's version output, `printf`
// of a large value …). When the consumer exits first, the producer gets SIGPIPE (exit 141) and, under
// `set -o pipefail`, the whole pipeline fails although the consumer found what it looked for — the flaky
// `tofu version | tee -a log | grep -qF` of issue 12 (4 of 30 runs failed).
//
// Safe forms: a here-string (`grep -q x <<<"$out"`), a file argument (`grep -q x file`), a consumer that reads to
// the end (`grep x >/dev/null`, `sed -n 1p`, `awk 'NR==1'`), or the producer's output captured first
// (`out=$(cmd)`; `[[ $out == *x* ]]`). A line that is safe for a reason this check cannot see carries the comment
// `sigpipe-safe: <reason>`.
//
//   node scripts/check-pipes.js [PATH...]     default: scripts/ .ci/ Taskfile.yml ansible/ .github/ of the repository
// Exit: 0 none found; 1 findings (each as `file:line: … — fix: …`).
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_PATHS = ['scripts', '.ci', 'Taskfile.yml', 'ansible', '.github'];
const EXTENSIONS = new Set(['.sh', '.bash', '.yml', '.yaml', '.js', '.ts', '.j2', '']);
const SKIP_DIRS = new Set(['node_modules', '.git', 'inventory']);

/** Files to scan under the given paths (directories recursively; files by their extension or a shebang). */
function listFiles(paths) {
  const out = [];
  const visit = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (!SKIP_DIRS.has(e)) visit(path.join(p, e));
    } else if (EXTENSIONS.has(path.extname(p))) {
      out.push(p);
    }
  };
  for (const p of paths) if (fs.existsSync(p)) visit(p);
  return out;
}

/** Split a command line into pipeline segments on `|` (not `||`, not inside quotes). */
function pipelineSegments(line) {
  const segs = [];
  let cur = '';
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') {
        cur += c + (line[i + 1] || '');
        i++;
        continue;
      }
      cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      cur += c;
      continue;
    }
    if (c === '\\') {
      cur += c + (line[i + 1] || '');
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break; // comment
    if (c === '|') {
      if (line[i + 1] === '|') {
        segs.push(cur, null);
        cur = '';
        i++;
        continue;
      } // `||` ends the pipeline
      if (line[i - 1] === '>') {
        cur += c;
        continue;
      } // `>|` clobber redirect
      segs.push(cur);
      cur = '';
      continue;
    }
    if (c === ';' || (c === '&' && line[i + 1] === '&')) {
      segs.push(cur, null);
      cur = '';
      if (c === '&') i++;
      continue;
    }
    cur += c;
  }
  segs.push(cur);
  // Group into pipelines: arrays of segments separated by null markers.
  const pipelines = [];
  let p = [];
  for (const s of segs) {
    if (s === null) {
      if (p.length) pipelines.push(p);
      p = [];
    } else p.push(s.trim());
  }
  if (p.length) pipelines.push(p);
  return pipelines;
}

/** Why a pipeline consumer stops reading before its input ends, or null when it reads to the end. */
function earlyExit(segment) {
  const words = segment
    .replace(/^\(+|^\{\s*/, '')
    .trim()
    .split(/\s+/);
  let cmd = words[0] || '';
  if (cmd === 'command' || cmd === 'env' || cmd === 'exec') cmd = words[1] || '';
  const args = words.slice(1);
  const name = path.basename(cmd);
  if (/^e?grep$|^fgrep$|^egrep$|^rg$/.test(name)) {
    for (const a of args) {
      if (a === '--') break;
      if (a === '--quiet' || a === '--silent') return `${name} ${a} stops at the first match`;
      if (/^--max-count/.test(a)) return `${name} ${a} stops after N matches`;
      if (/^-[A-Za-z0-9]+$/.test(a) && /[qm]/.test(a.slice(1).replace(/[0-9]+$/, ''))) {
        return /q/.test(a) ? `${name} ${a} stops at the first match` : `${name} ${a} stops after N matches`;
      }
      if (/^-m\d*$/.test(a)) return `${name} ${a} stops after N matches`;
    }
    return null;
  }
  if (name === 'head') return 'head stops after N lines';
  if (name === 'sed' && /(^|[\s;{}'"/0-9$])[qQ](\s|;|}|'|"|\d|$)/.test(args.join(' '))) return 'sed quits (q) before the end';
  if ((name === 'awk' || name === 'gawk' || name === 'mawk') && /\bexit\b/.test(args.join(' '))) return 'awk exits before the end';
  return null;
}

/** The command substitutions `$( … )` of a line (also those inside double quotes), outermost first. */
function substitutions(line) {
  const out = [];
  for (let i = line.indexOf('$('); i >= 0; i = line.indexOf('$(', i + 2)) {
    let depth = 0;
    for (let j = i + 1; j < line.length; j++) {
      if (line[j] === '(') depth++;
      else if (line[j] === ')' && --depth === 0) {
        out.push(line.slice(i + 2, j));
        break;
      }
    }
  }
  return out;
}

/** Findings of one file's text: [{ line, text, why }]. */
function scanText(text) {
  const lines = text.split('\n');
  const findings = [];
  for (let i = 0; i < lines.length; i++) {
    // Join continuations (`\` at the end, or a line ending in a pipe) so a pipeline is seen whole.
    let logical = lines[i];
    let j = i;
    while (j + 1 < lines.length && (/\\\s*$/.test(logical) || /(^|[^|])\|\s*$/.test(logical))) {
      logical = logical.replace(/\\\s*$/, ' ') + ' ' + lines[++j];
    }
    if (/sigpipe-safe:/.test(logical)) {
      i = j;
      continue;
    }
    const seen = new Set();
    for (const part of [logical, ...substitutions(logical)]) {
      for (const pipeline of pipelineSegments(part)) {
        for (let k = 1; k < pipeline.length; k++) {
          const why = earlyExit(pipeline[k].replace(/\)+$/, ''));
          if (why && !seen.has(why)) {
            seen.add(why);
            findings.push({ line: i + 1, text: logical.trim(), why });
          }
        }
      }
    }
    i = j;
  }
  return findings;
}

function main(argv) {
  const paths = argv.length ? argv.map((p) => path.resolve(p)) : DEFAULT_PATHS.map((p) => path.join(ROOT, p));
  const files = listFiles(paths);
  const problems = [];
  for (const f of files) {
    for (const x of scanText(fs.readFileSync(f, 'utf8'))) {
      problems.push(
        `${path.relative(process.cwd(), f) || f}:${x.line}: ${x.why}, its producer can die of SIGPIPE (a failure under pipefail): ${x.text}\n` +
          '    — rule: no-early-exit-pipe — fix: feed it a here-string (<<<"$out") or a file, or use a consumer that reads to the end (grep … >/dev/null, sed -n 1p)',
      );
    }
  }
  if (problems.length) {
    console.error(`check-pipes: ${problems.length} SIGPIPE-prone pipeline(s):\n${problems.join('\n')}`);
    return 1;
  }
  console.log(`check-pipes: ${files.length} files, no SIGPIPE-prone pipeline`);
  return 0;
}

module.exports = { scanText, earlyExit, pipelineSegments, listFiles };
if (require.main === module) process.exit(main(process.argv.slice(2)));
