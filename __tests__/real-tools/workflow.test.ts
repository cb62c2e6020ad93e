/**
 * The owner's CI workflow (.github/workflows/ci.yaml): linted by the real actionlint, and its steps are the README's
 * commands (a fork runs what the README promises, nothing else).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT, requireTool, run, tempDir } from '../helpers/tools';

const WORKFLOW = path.join(ROOT, '.github', 'workflows', 'ci.yaml');

interface Step {
  readonly run?: string;
  readonly uses?: string;
}
interface Workflow {
  readonly jobs: Record<string, { readonly steps: readonly Step[] }>;
}

describe('owner CI workflow', () => {
  it('actionlint finds no problem in it', () => {
    const actionlint = requireTool('actionlint');
    const r = run(actionlint, ['-no-color', WORKFLOW]);
    expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: '' });
  });

  it('actionlint fails a planted broken workflow (the check can fail)', () => {
    const actionlint = requireTool('actionlint');
    const dir = tempDir('workflow-');
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, fs.readFileSync(WORKFLOW, 'utf8').replace('runs-on: ubuntu-24.04', 'runs-onn: ubuntu-24.04'));
    const r = run(actionlint, ['-no-color', bad]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/runs-onn/);
  });

  it('every run step is a command the README gives', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as Workflow;
    const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run === undefined ? [] : [s.run])));
    expect(runs.length).toBeGreaterThan(0);
    // The npm command of each step (sudo, redirections and shell glue around it aside) appears in the README.
    const commands = runs.map((r) => /npm (?:ci|test|run (?:--silent )?[\w:-]+(?: -- --[\w-]+)?)/.exec(r)?.[0].replace('--silent ', ''));
    expect(commands).not.toContain(undefined);
    for (const c of commands) expect({ command: c, inReadme: readme.includes(c!) }).toEqual({ command: c, inReadme: true });
  });
});
