#!/usr/bin/env node
// `npm run bench [-- --runs N] [--write]`: synth benchmark (a benchmark, not a test). Median wall time and max RSS of
// whole processes (GNU time), warm: one discarded run first. `--write` records the figures in docs/PERFORMANCE.md.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { build } = require('./build');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const write = args.includes('--write');
const TIME = '/usr/bin/time';

if (!fs.existsSync(TIME)) {
  console.error('bench: GNU time (/usr/bin/time) is needed for max RSS: apt-get install -y time');
  process.exit(1);
}
build();
const { scaledHomelab } = require(path.join(ROOT, 'dist/model/fixtures.js'));
const { homelab } = require(path.join(ROOT, 'dist/homelab.js'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'homelab-bench-'));
const env = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1' };

function once(cmd, argv, cwd) {
  const r = spawnSync(TIME, ['-f', '%e %M', cmd, ...argv], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const last = r.stderr.trim().split('\n').pop();
  const [wall, rssKb] = last.split(' ').map(Number);
  return { wall, rssMb: rssKb / 1024 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(label, cmd, argv, cwd = ROOT) {
  once(cmd, argv, cwd); // warm-up
  const samples = Array.from({ length: runs }, () => once(cmd, argv, cwd));
  const row = { label, wall: median(samples.map((s) => s.wall)), rssMb: Math.max(...samples.map((s) => s.rssMb)) };
  console.log(`${label.padEnd(48)} ${row.wall.toFixed(2).padStart(6)} s  ${row.rssMb.toFixed(0).padStart(5)} MB`);
  return row;
}

const root = path.join(tmp, 'out');
const rows = [];
console.log(`bench: ${runs} runs each (median wall, max RSS), ${os.cpus().length} cores, node ${process.version}`);
rows.push(measure('seed: node dist/main.js (compiled entry)', 'node', ['dist/main.js', '--quiet', '--root', root]));
rows.push(measure('seed: npm run synth', 'npm', ['run', '--silent', 'synth', '--', '--quiet', '--root', root]));
rows.push(measure('seed: npx cdktf synth', 'npx', ['cdktf', 'synth']));
for (const n of [10, 100, 1000]) {
  const file = path.join(tmp, `homelab-${n}.json`);
  fs.writeFileSync(file, JSON.stringify(scaledHomelab(n, homelab)));
  rows.push(measure(`${n} guests: node dist/main.js --model`, 'node', ['dist/main.js', '--quiet', '--root', path.join(tmp, `out-${n}`), '--model', file]));
  rows.push(measure(`${n} guests: npm run synth -- --model`, 'npm', ['run', '--silent', 'synth', '--', '--quiet', '--root', path.join(tmp, `out-${n}`), '--model', file]));
}
const speedup = rows[2].wall / rows[0].wall;
console.log(`speed-up of the compiled entry over npx cdktf synth: ${speedup.toFixed(1)}×`);
fs.rmSync(tmp, { recursive: true, force: true });

const targets = [
  ['seed, compiled entry ≤ 1.0 s warm', rows[0].wall <= 1.0],
  ['seed, compiled entry ≤ 150 MB RSS', rows[0].rssMb <= 150],
  ['≥ 4× faster than npx cdktf synth', speedup >= 4],
  ['1000 guests ≤ 5 s (compiled entry)', rows.find((r) => r.label.startsWith('1000 guests: node')).wall <= 5],
];
for (const [what, ok] of targets) console.log(`${ok ? 'met    ' : 'MISSED '} ${what}`);

if (write) {
  const file = path.join(ROOT, 'docs/PERFORMANCE.md');
  const text = fs.readFileSync(file, 'utf8');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const table = [
    `<!-- bench:start (written by npm run bench -- --write) -->`,
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), node ${process.version}, ${runs} runs each after one warm-up.`,
    '',
    '| case | median wall | max RSS |',
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.label} | ${r.wall.toFixed(2)} s | ${r.rssMb.toFixed(0)} MB |`),
    '',
    `Compiled entry vs \`npx cdktf synth\`: **${speedup.toFixed(1)}×** faster.`,
    '',
    ...targets.map(([what, ok]) => `- ${ok ? 'met' : '**missed**'}: ${what}`),
    `<!-- bench:end -->`,
  ].join('\n');
  fs.writeFileSync(file, text.replace(/<!-- bench:start[\s\S]*<!-- bench:end -->/, table));
  console.log('bench: docs/PERFORMANCE.md updated');
}
