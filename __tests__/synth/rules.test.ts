/**
 * One error type, one rule registry: every rule id the source cites — in a problem it reports or a build it stops
 * (`report`/`fail`), in a message (`— rule: id —`) or in prose (`rule id`, `deploy rule id`) — is a registered rule
 * (synth/rules.ts), and no source throws a bare Error that names a rule instead of going through ModelError.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULE_LIST, RULES } from '../../synth/rules';

const ROOT = path.resolve(__dirname, '../..');
/** Everything hand-written that runs: every top-level source file and directory except tests, outputs and tools. */
const SKIP = new Set(['__tests__', 'node_modules', 'dist', '.gen', 'tofu-out', 'k8s', 'docs', 'ansible', 'lxc-configs', 'tools', '.git', '.tmp', '.synth-txn']);

function sources(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : sources(p);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const ID = '([a-z][a-z0-9]*(?:-[a-z0-9]+)+)';
/** Where source cites a rule id. A naming rule (`naming rule \`guest\``) is a kind of name, not a rule of the registry. */
const CITATIONS: readonly RegExp[] = [
  new RegExp(`— rule: ${ID}`, 'g'),
  new RegExp(`(?<!naming )\\brule:? \`?${ID}\``, 'g'),
  new RegExp(`(?<!naming )\\b(?:deploy|security|manifest|model) rule \`?${ID}`, 'g'),
  new RegExp(`\\b(?:fail|\\.report)\\(\\s*(?:'[^']*'|\`[^\`]*\`|[\\w.]+(?:\\([^()]*\\))?)\\s*,\\s*'${ID}'`, 'g'),
];

function cited(): { file: string; id: string }[] {
  return sources().flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return CITATIONS.flatMap((re) => [...text.matchAll(re)].map((m) => ({ file: path.relative(ROOT, file), id: m[1] })));
  });
}

describe('the rule registry (synth/rules.ts)', () => {
  it('registers each id once, with a description', () => {
    const ids = RULE_LIST.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const r of RULE_LIST) expect({ id: r.id, described: r.description.length > 20 }).toEqual({ id: r.id, described: true });
  });

  it('finds the citations it checks (the scan is not empty)', () => {
    const ids = new Set(cited().map((c) => c.id));
    for (const id of ['host-exists', 'deploy-app-chart-needs', 'location-exists', 'k8s-substitutions', 'synth-atomic', 'helm-render'])
      expect(ids).toContain(id);
  });

  it('knows every rule id cited anywhere in the source', () => {
    expect(cited().filter((c) => !RULES.has(c.id))).toEqual([]);
  });

  it('no source names a rule in a bare Error: constructs, charts, stacks, plan and model stop through ModelError (fail)', () => {
    const bare = sources().flatMap((file) => {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      return lines.flatMap((line, i) =>
        line.includes('new Error(') && /— rule:|\brule:? `?[a-z]+-[a-z]/.test(line) ? [`${path.relative(ROOT, file)}:${i + 1}`] : [],
      );
    });
    expect(bare.filter((where) => /^(constructs|charts|stacks|plan|model|deploy|synth|naming)\//.test(where))).toEqual([]);
  });
});
