#!/usr/bin/env node
// `task bootstrap`: runs the bootstrap steps of bootstrap/plan.ts (derived from homelab.ts) in order, from bare hardware
// to running apps. At a step that needs a person it stops with the exact thing to do and the command that continues.
//
//   task bootstrap                     from the first step          (node scripts/bootstrap.js)
//   task bootstrap FROM=<step>         from that step               (--from <step>)
//   task bootstrap DRY_RUN=1           print phases and steps, run nothing (--dry-run; also task bootstrap -- --dry-run)
// Exit: 0 all steps done, or stopped at a step that needs a person (it says which); 1 a step failed (continue with
// FROM=<that step> after fixing it) or the order is broken; 2 bad arguments.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');
const { build, DIST } = require('./build');
const { formatSeconds, summary } = require('./steps');

function load() {
  build({ bundle: false });
  const { homelab } = require(path.join(DIST, 'homelab.js'));
  const b = require(path.join(DIST, 'bootstrap', 'index.js'));
  return { model: homelab, ...b };
}

function parseArgs(argv) {
  const o = { dryRun: false, from: undefined, problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') o.dryRun = true;
    else if (a === '--from') o.from = argv[++i];
    else if (a.startsWith('--from=')) o.from = a.slice('--from='.length);
    else if (a === '') continue;
    else o.problems.push(`unknown argument "${a}" (use --dry-run, --from <step>)`);
  }
  return o;
}

function manualText(step, next) {
  const lines = [`  A PERSON IS NEEDED — ${step.title}`, '', `  ${step.manual.do}`];
  if (step.manual.commands && step.manual.commands.length) lines.push('', ...step.manual.commands.map((c) => `    $ ${c}`));
  lines.push('', next ? `  When it is done, continue with:  ${next}` : '  This was the last step.');
  return lines.join('\n');
}

function main(argv, out = process.stdout) {
  const say = (l = '') => out.write(`${l}\n`);
  const args = parseArgs(argv);
  if (args.problems.length) {
    for (const p of args.problems) console.error(`bootstrap: ${p}`);
    return 2;
  }
  const { model, PHASES, bootstrapPlan, checkBootstrapOrder, continueCommand } = load();
  const steps = bootstrapPlan(model);
  const problems = checkBootstrapOrder(steps);
  if (problems.length) {
    console.error(`bootstrap: the step order is broken (bootstrap/plan.ts):\n  ${problems.join('\n  ')}`);
    return 1;
  }
  let start = 0;
  if (args.from) {
    start = steps.findIndex((s) => s.id === args.from);
    if (start < 0) {
      console.error(`bootstrap: [FROM=${args.from}] is not a step — fix: one of ${steps.map((s) => s.id).join(', ')}`);
      return 2;
    }
  }
  const phaseTitle = (name) => PHASES.find((p) => p.name === name).title;
  const phaseNo = (name) => PHASES.findIndex((p) => p.name === name) + 1;

  if (args.dryRun) {
    let phase;
    steps.forEach((s, i) => {
      if (i < start) return;
      if (s.phase !== phase) {
        phase = s.phase;
        say(`\n${phaseNo(phase)}. ${phaseTitle(phase)}`);
      }
      const how = s.run ? `$ ${s.run}` : `PERSON: ${s.manual.do}`;
      say(`  ${String(i + 1).padStart(2)}. ${s.id} — ${s.title}`);
      say(`      ${how}`);
      if (s.manual) say(`      then: ${continueCommand(steps, s.id) || '(last step)'}`);
    });
    const shown = steps.slice(start);
    say(`\n${shown.length} steps (dry run, nothing was run); ${shown.filter((s) => s.manual).length} need a person`);
    return 0;
  }

  const t0 = Date.now();
  const results = [];
  let code = 0;
  for (let i = start; i < steps.length; i++) {
    const s = steps[i];
    say(`\n[bootstrap ${i + 1}/${steps.length} · ${phaseNo(s.phase)}. ${phaseTitle(s.phase)}] ${s.id}: ${s.title}`);
    if (s.manual) {
      say(manualText(s, continueCommand(steps, s.id)));
      results.push({ name: s.id, status: 'stopped', reason: 'needs a person (see above)' });
      break;
    }
    say(`$ ${s.run}`);
    const begin = Date.now();
    const r = spawnSync('bash', ['-c', s.run], { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
    const seconds = (Date.now() - begin) / 1000;
    const rc = r.status === null ? 1 : r.status;
    if (rc !== 0) {
      results.push({ name: s.id, status: 'failed', seconds, code: rc });
      say(`\n[bootstrap] ${s.id} FAILED (exit ${rc}) after ${formatSeconds(seconds)}. Fix the cause, then continue with:  task bootstrap FROM=${s.id}`);
      code = 1;
      break;
    }
    results.push({ name: s.id, status: 'passed', seconds });
  }
  say('');
  for (const l of summary(results, '', (Date.now() - t0) / 1000).lines) say(l);
  return code;
}

module.exports = { main, parseArgs };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
