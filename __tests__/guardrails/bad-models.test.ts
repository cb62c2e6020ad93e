/**
 * The catalog of bad models (__tests__/fixtures/bad-models/): each holds one mistake and must be rejected by synth
 * with a non-zero exit, an error naming the entity, the rule and the fix, and tofu-out/ and k8s/ left byte-identical.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { main } from '../../main';
import { JSON_EXPECTATIONS } from '../fixtures/json-bad-models';

const DIR = path.join(__dirname, '../fixtures/bad-models');
const ROOT = path.resolve(__dirname, '../..');
const FILES = fs.readdirSync(DIR).sort();

interface Expected {
  readonly rule: string;
  /** As printed: the entity, or every entity of the problem (`guests/a, guests/b`). */
  readonly entity: string;
  readonly message: RegExp;
  /** The mistake gives this one problem and no follow-on ones. @default false */
  readonly only?: boolean;
}

function expectation(file: string): Expected {
  if (file.endsWith('.json')) return JSON_EXPECTATIONS[file];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(DIR, file)) as { expected: Expected }).expected;
}

function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(root, child), 'utf8');
    }
  };
  walk('');
  return out;
}

function run(argv: string[]): { code: number; stderr: string } {
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err.push(String(s));
    return true;
  });
  try {
    return { code: main(argv), stderr: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-models-'));
beforeAll(() => {
  expect(run(['--root', root, '--quiet']).code).toBe(0);
});

describe('bad-model catalog', () => {
  it('holds at least 40 bad models, every one with an expectation', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(40);
    for (const f of FILES) expect(expectation(f)).toEqual(expect.objectContaining({ rule: expect.any(String), entity: expect.any(String) }));
  });

  it.each(FILES.map((f) => [f]))('%s is rejected with entity, rule and fix; nothing is written', (file) => {
    const before = tree(root);
    const expected = expectation(file);
    const r = run(['--root', root, '--model', path.join(DIR, file)]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  - ['));
    const hit = lines.find((l) => l.startsWith(`  - [${expected.entity}] `) && l.includes(` — rule: ${expected.rule} — fix: `));
    expect({ file, hit, lines }).toEqual({ file, hit: expect.stringMatching(expected.message), lines });
    if (expected.only === true) expect(lines).toEqual([hit]);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
    expect(tree(root)).toEqual(before);
  });

  it.each([['duplicate-vmid.ts'], ['empty-model.json']])('the real CLI (npm run synth -- --model %s) exits non-zero and writes nothing', (file) => {
    const before = tree(root);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run-synth.js'), '--root', root, '--model', path.join(DIR, file)], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`\\[${expectation(file).entity.replace(/[[\]/.]/g, '\\$&')}\\] .* — rule: ${expectation(file).rule} — fix: `));
    expect(tree(root)).toEqual(before);
  });
});
