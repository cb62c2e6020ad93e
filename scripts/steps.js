// Runs named steps (shell commands), independent ones in parallel, shows which step is running and ends with a
// one-screen summary: result and time per step, then the plain line `N passed, N failed` that CI reads.
// Used by scripts/test.js (`npm test`). Each step's output goes to its own log file; a failed step's output is printed
// when it ends (a passed step shows its last line), so parallel output never interleaves.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** "1 min 05 s" / "4.2 s" */
function formatSeconds(s) {
  if (s < 59.95) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

function lastLines(text, n) {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.slice(Math.max(0, lines.length - n));
}

/** Seconds of CPU from bash's `times` output (second line: user and sys of the children), or undefined. */
function cpuSeconds(file) {
  try {
    const line = fs.readFileSync(file, 'utf8').split('\n')[1] || '';
    const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    return parts.length === 2 ? parts[0] + parts[1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The one-screen summary: a line per step (result, time, detail), the wall time, then `N passed, N failed`.
 * results: [{ name, status: 'passed' | 'failed' | 'not-run' | 'stopped', seconds, code?, reason? }]
 */
function summary(results, note, wallSeconds) {
  const passed = results.filter((r) => r.status === 'passed').length;
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'not-run').length;
  const w = Math.max(4, ...results.map((r) => r.name.length));
  const withCpu = results.some((r) => r.cpu !== undefined);
  const lines = [`${'step'.padEnd(w)}  result   time     ${withCpu ? '     cpu   ' : ''}${note || ''}`.trimEnd()];
  for (const r of results) {
    const res = { passed: 'passed', failed: 'FAILED', stopped: 'STOPPED' }[r.status] || 'NOT RUN';
    const detail = r.status === 'failed' ? `exit ${r.code}` : r.reason || '';
    const time = r.status === 'passed' || r.status === 'failed' ? formatSeconds(r.seconds) : '-';
    const cpu = withCpu ? `${r.cpu === undefined ? '-' : formatSeconds(r.cpu)}`.padStart(9) + '  ' : '';
    lines.push(`${r.name.padEnd(w)}  ${res.padEnd(7)}  ${time.padStart(9)}  ${cpu}${detail}`.trimEnd());
  }
  const cpuTotal = results.reduce((a, r) => a + (r.cpu || 0), 0);
  lines.push(
    `wall time ${formatSeconds(wallSeconds)}${withCpu ? `, cpu ${formatSeconds(cpuTotal)} (${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end)` : ''}`,
  );
  lines.push(`${passed} passed, ${failed} failed`);
  return { lines, passed, failed };
}

/**
 * Validates a step table: unique names, a command each, `after` naming earlier steps. Returns problems as
 * `[step x] what — fix` lines (empty when fine).
 */
function checkSteps(steps) {
  const problems = [];
  const seen = new Set();
  for (const s of steps) {
    if (!s.name || !s.cmd) problems.push(`[step ${s.name || '?'}] needs a name and a cmd — fix: give both`);
    if (seen.has(s.name)) problems.push(`[step ${s.name}] is listed twice — fix: keep one`);
    for (const a of s.after || []) if (!seen.has(a)) problems.push(`[step ${s.name}] runs after "${a}", which is not an earlier step — fix: list "${a}" first`);
    seen.add(s.name);
  }
  return problems;
}

/**
 * runSteps(steps, { jobs, logDir, title, out, verbose, env, cwd }) → Promise<{ results, passed, failed }>
 * steps: [{ name, cmd, after?: [names] }]; a step starts when every step it runs after has passed (a step whose
 * prerequisite failed is NOT RUN, counted as failed) and a job slot is free; steps start in table order.
 */
function runSteps(steps, opts = {}) {
  const out = opts.out || process.stdout;
  const jobs = Math.max(1, opts.jobs || steps.length);
  const logDir = opts.logDir || fs.mkdtempSync(path.join(os.tmpdir(), 'homelab-steps-'));
  fs.mkdirSync(logDir, { recursive: true });
  const title = opts.title || 'steps';
  const tty = Boolean(out.isTTY) && !process.env.CI;
  const t0 = Date.now();
  const state = new Map(
    steps.map((s) => [s.name, { status: 'waiting', seconds: 0, log: path.join(logDir, `${s.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`) }]),
  );
  const running = new Map();
  const say = (line) => {
    if (tty) out.write('\r\x1b[K');
    out.write(`${line}\n`);
  };
  const status = () => [...running.keys()].map((n) => `${n} ${Math.round((Date.now() - running.get(n)) / 1000)}s`).join(', ');

  say(`[${title}] ${steps.length} steps, up to ${jobs} at a time; logs in ${logDir}`);
  return new Promise((resolve) => {
    const ticker = setInterval(() => {
      if (!running.size) return;
      if (tty) out.write(`\r\x1b[K[${title}] running: ${status()}`);
    }, 1000);
    const heartbeat = tty
      ? null
      : setInterval(() => {
          if (running.size) say(`[${title}] still running: ${status()}`);
        }, 30000);

    const finish = () => {
      clearInterval(ticker);
      if (heartbeat) clearInterval(heartbeat);
      const results = steps.map((s) => ({ name: s.name, ...state.get(s.name) }));
      const { lines, passed, failed } = summary(results, `(logs: ${logDir})`, (Date.now() - t0) / 1000);
      say('');
      for (const l of lines) say(l);
      resolve({ results, passed, failed });
    };

    const pump = () => {
      for (const s of steps) {
        const st = state.get(s.name);
        if (st.status !== 'waiting') continue;
        const pre = (s.after || []).map((a) => state.get(a));
        const blocked = pre.find((p) => p && (p.status === 'failed' || p.status === 'not-run'));
        if (blocked) {
          st.status = 'not-run';
          st.reason = `needs ${s.after.join(', ')}, which did not pass`;
          say(`[${title}] ${s.name}: NOT RUN (${st.reason})`);
          continue;
        }
        if (pre.some((p) => p && p.status !== 'passed')) continue;
        if (running.size >= jobs) break;
        start(s, st);
      }
      if (!running.size && [...state.values()].every((x) => x.status !== 'waiting')) finish();
    };

    const start = (s, st) => {
      st.status = 'running';
      const begin = Date.now();
      running.set(s.name, begin);
      say(`[${title}] ${s.name}: started (${s.cmd})`);
      const fd = fs.openSync(st.log, 'w');
      // The step's CPU time (user + sys of everything it ran): bash's `times` on exit, into <log>.cpu. Under a loaded
      // machine the wall time says little; the CPU time says what the step costs.
      const cpuFile = `${st.log}.cpu`;
      const child = spawn('bash', ['-c', 'trap \'times >"$0"\' EXIT; eval "$1"', cpuFile, s.cmd], {
        cwd: opts.cwd,
        env: { ...process.env, ...(opts.env || {}) },
        stdio: ['ignore', fd, fd],
      });
      let ended = false;
      const done = (code) => {
        if (ended) return;
        ended = true;
        fs.closeSync(fd);
        running.delete(s.name);
        st.seconds = (Date.now() - begin) / 1000;
        st.code = code;
        st.status = code === 0 ? 'passed' : 'failed';
        st.cpu = cpuSeconds(cpuFile);
        const text = fs.readFileSync(st.log, 'utf8');
        if (code === 0) {
          say(`[${title}] ${s.name}: passed in ${formatSeconds(st.seconds)}${running.size ? `  (running: ${status()})` : ''}`);
          const tail = opts.verbose ? text.replace(/\s+$/, '').split('\n') : lastLines(text, 1);
          for (const l of tail) if (l.trim()) say(`    ${l}`);
        } else {
          say(`[${title}] ${s.name}: FAILED (exit ${code}) in ${formatSeconds(st.seconds)} — ${opts.verbose ? 'its output' : `last lines of ${st.log}`}:`);
          for (const l of opts.verbose ? text.split('\n') : lastLines(text, 60)) say(`    ${l}`);
        }
        pump();
      };
      child.on('error', (e) => {
        fs.appendFileSync(st.log, `${e.message}\n`);
        done(127);
      });
      child.on('exit', (code, signal) => done(code === null ? 128 + (os.constants.signals[signal] || 0) : code));
    };

    pump();
  });
}

module.exports = { runSteps, checkSteps, formatSeconds, summary };
