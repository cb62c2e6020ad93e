#!/usr/bin/env node
// `npm test`: every check of the repository, independent ones in parallel, with a summary at the end (result and time
// per step) and the plain last line `N passed, N failed`. Exit 1 when any step failed or did not run.
//
//   npm test                          every step
//   npm test -- test:ansible check:k8s   only these steps
//   npm test -- --list                the steps and their commands
//   npm test -- --verbose             print every step's whole output (default: a failed step's last 60 lines)
// Env: TEST_JOBS (steps at a time; default: all at once: the slow steps wait on tools, not only on the CPU),
//      TEST_LOG_DIR (default: a fresh directory under $TMPDIR).
'use strict';
const path = require('path');
const { runSteps, checkSteps } = require('./steps');

// The steps of `npm test`, one per line: { name, cmd, after? }. `after` names steps that must pass first (none needs
// one today: every step reads committed files only). Add a step by adding a line.
const STEPS = [
  { name: 'test:ansible', cmd: 'npm run --silent test:ansible' },
  // The jest tests are split by runtime, each run once: the unit tests on Node 24 (test:node24, the supported LTS) and
  // the real-tool tests on the machine's Node (this one). Together they are every file under __tests__/.
  { name: 'test:real-tools', cmd: 'npm run --silent test:real-tools' },
  { name: 'check:k8s', cmd: 'npm run --silent check:k8s' },
  { name: 'check:helm', cmd: 'npm run --silent check:helm' },
  { name: 'checkov', cmd: 'npm run --silent checkov' },
  { name: 'check:state', cmd: 'npm run --silent check:state' },
  { name: 'typecheck', cmd: 'npm run --silent typecheck' },
  { name: 'lint', cmd: 'npm run --silent lint' },
  { name: 'format:check', cmd: 'npm run --silent format:check' },
  { name: 'synth:check', cmd: 'npm run --silent synth:check' },
  { name: 'check:pipes', cmd: 'npm run --silent check:pipes' },
  { name: 'lint:workflows', cmd: 'npm run --silent lint:workflows' },
  { name: 'check:renovate', cmd: 'npm run --silent check:renovate' },
  { name: 'test:node24', cmd: 'npm run --silent test:node24' },
];

function main(argv) {
  const names = argv.filter((a) => !a.startsWith('--'));
  const problems = checkSteps(STEPS);
  const unknown = names.filter((n) => !STEPS.some((s) => s.name === n));
  for (const n of unknown) problems.push(`[step ${n}] is not a step of npm test — fix: one of ${STEPS.map((s) => s.name).join(', ')}`);
  if (problems.length) {
    console.error(problems.join('\n'));
    return Promise.resolve(2);
  }
  if (argv.includes('--list')) {
    for (const s of STEPS) console.log(`${s.name.padEnd(14)} ${s.cmd}${s.after ? `   (after ${s.after.join(', ')})` : ''}`);
    return Promise.resolve(0);
  }
  const steps = names.length
    ? STEPS.filter((s) => names.includes(s.name)).map((s) => ({ ...s, after: (s.after || []).filter((a) => names.includes(a)) }))
    : STEPS;
  return runSteps(steps, {
    title: 'npm test',
    jobs: Number(process.env.TEST_JOBS) || steps.length,
    logDir: process.env.TEST_LOG_DIR || undefined,
    verbose: argv.includes('--verbose'),
    cwd: path.resolve(__dirname, '..'),
  }).then((r) => (r.failed ? 1 : 0));
}

module.exports = { STEPS };
if (require.main === module)
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
