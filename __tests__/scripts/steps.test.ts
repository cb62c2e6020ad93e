/**
 * The step runner of `npm test` (scripts/steps.js, scripts/test.js) and the transpile step of synth (scripts/build.js).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runSteps, checkSteps } = require('../../scripts/steps.js') as {
  runSteps: (
    steps: { name: string; cmd: string; after?: string[] }[],
    opts: object,
  ) => Promise<{ passed: number; failed: number; results: { name: string; status: string }[] }>;
  checkSteps: (steps: { name: string; cmd: string; after?: string[] }[]) => string[];
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { STEPS } = require('../../scripts/test.js') as { STEPS: { name: string; cmd: string; after?: string[] }[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sources, NOT_SOURCES } = require('../../scripts/build.js') as { sources: () => string[]; NOT_SOURCES: Set<string> };

const ROOT = path.resolve(__dirname, '..', '..');

/** A writable stream stand-in that keeps what the runner prints. */
function capture() {
  const chunks: string[] = [];
  return { out: { isTTY: false, write: (s: string) => chunks.push(s) }, text: () => chunks.join('') };
}

let logDir: string;
beforeEach(() => {
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steps-test-'));
});
afterEach(() => fs.rmSync(logDir, { recursive: true, force: true }));

describe('runSteps', () => {
  it('ends with the summary and the plain line "N passed, N failed", a failed step with its output', async () => {
    const c = capture();
    const r = await runSteps(
      [
        { name: 'good', cmd: 'echo all fine' },
        { name: 'bad', cmd: 'echo "broken thing" >&2; exit 3' },
      ],
      { out: c.out, logDir, title: 't' },
    );
    expect(r).toMatchObject({ passed: 1, failed: 1 });
    const text = c.text();
    expect(text.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed');
    expect(text).toMatch(/^good +passed +\d+\.\d s +\d+\.\d s$/m);
    expect(text).toMatch(/^bad +FAILED +\d+\.\d s +\d+\.\d s +exit 3$/m);
    expect(text).toMatch(/^wall time \d+\.\d s, cpu \d+\.\d s \(\d+ cores, load average/m);
    expect(text).toContain('[t] bad: FAILED (exit 3)');
    expect(text).toContain('    broken thing');
  });

  it('runs independent steps at the same time (each waits for a file the other writes)', async () => {
    const c = capture();
    const wait = (me: string, other: string) => `touch ${me}; for i in $(seq 1 200); do [ -f ${other} ] && exit 0; sleep 0.05; done; exit 1`;
    const r = await runSteps(
      [
        { name: 'a', cmd: wait(path.join(logDir, 'a.flag'), path.join(logDir, 'b.flag')) },
        { name: 'b', cmd: wait(path.join(logDir, 'b.flag'), path.join(logDir, 'a.flag')) },
      ],
      { out: c.out, logDir, jobs: 2 },
    );
    expect(r).toMatchObject({ passed: 2, failed: 0 });
  });

  it('does not run a step whose prerequisite failed, and counts it as failed', async () => {
    const c = capture();
    const r = await runSteps(
      [
        { name: 'build', cmd: 'exit 1' },
        { name: 'use', cmd: 'echo should not run', after: ['build'] },
      ],
      { out: c.out, logDir, jobs: 1 },
    );
    expect(r.results.map((x) => `${x.name}:${x.status}`)).toEqual(['build:failed', 'use:not-run']);
    expect(c.text()).toMatch(/^use +NOT RUN +- +- +needs build, which did not pass$/m);
    expect(c.text().trimEnd().split('\n').pop()).toBe('0 passed, 2 failed');
  });

  it('refuses a step table with a duplicate or an unknown prerequisite', () => {
    expect(
      checkSteps([
        { name: 'x', cmd: 'true' },
        { name: 'x', cmd: 'true' },
      ]),
    ).toEqual(['[step x] is listed twice — fix: keep one']);
    expect(checkSteps([{ name: 'y', cmd: 'true', after: ['z'] }])[0]).toContain('[step y] runs after "z", which is not an earlier step');
  });
});

describe('npm test (scripts/test.js)', () => {
  it('keeps every check of the test command as a step', () => {
    expect(STEPS.map((s) => s.name).sort()).toEqual(
      expect.arrayContaining([
        'check:helm',
        'check:k8s',
        'check:pipes',
        'check:renovate',
        'check:state',
        'checkov',
        'format:check',
        'lint',
        'lint:workflows',
        'synth:check',
        'test:ansible',
        'test:node24',
        'test:real-tools',
        'typecheck',
      ]),
    );
    expect(checkSteps(STEPS)).toEqual([]);
  });

  it('runs every jest file exactly once: the unit tests on Node 24, the real-tool tests on this Node', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['test:unit']).toBe('jest --testPathIgnorePatterns /__tests__/real-tools/');
    expect(pkg.scripts['test:real-tools']).toMatch(/^jest .* \/__tests__\/real-tools\/$/);
    expect(pkg.scripts['test:node24']).toContain('scripts/node24.sh npm run test:unit');
    const cmds = STEPS.map((s) => s.cmd);
    expect(cmds).toEqual(expect.arrayContaining(['npm run --silent test:real-tools', 'npm run --silent test:node24']));
    expect(cmds.filter((c) => /\bjest\b|test:unit/.test(c))).toEqual([]);
  });

  it('is the package.json test script, and every npm-script step names a script that exists', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBe('node scripts/test.js');
    for (const s of STEPS) {
      const m = /^npm run --silent (\S+)$/.exec(s.cmd);
      if (m) expect(Object.keys(pkg.scripts)).toContain(m[1]);
    }
  });
});

describe('scripts/build.js', () => {
  it('transpiles every source directory, so synth cannot fail with "Cannot find module \'../deploy\'"', () => {
    const built = new Set(sources());
    for (const module of ['deploy/index.ts', 'bootstrap/index.ts', 'plan/proxmox.ts']) expect(built).toContain(module);
    for (const top of fs.readdirSync(ROOT, { withFileTypes: true })) {
      if (!top.isDirectory() || NOT_SOURCES.has(top.name)) continue;
      const ts = fs
        .readdirSync(path.join(ROOT, top.name), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
      for (const f of ts) expect(built).toContain(path.join(top.name, f));
    }
  });
});

describe('formatSeconds', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { formatSeconds } = require('../../scripts/steps.js') as { formatSeconds: (s: number) => string };
  it('never prints "2 min 60 s" (179.6 s rounds to 3 min 00 s)', () => {
    expect(formatSeconds(179.6)).toBe('3 min 00 s');
    expect(formatSeconds(59.97)).toBe('1 min 00 s');
    expect(formatSeconds(4.24)).toBe('4.2 s');
    expect(formatSeconds(65.4)).toBe('1 min 05 s');
  });
});
