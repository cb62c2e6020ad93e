/**
 * Pin coverage for renovate.json5 (__tests__/renovate/pin-coverage.test.ts).
 *
 * Two independent views of the repository's pins:
 * - `renovateDeps`: what Renovate would extract — each custom regex manager applied the way Renovate applies it
 *   (managerFilePatterns, ignorePaths, every matchString with the `g` flag over the whole file, named groups or
 *   `…Template` fields), plus the built-in managers this repo relies on (npm, gomod, pip_requirements, github-actions),
 *   parsed by their file formats.
 * - `pinInventory`: every pin site the code declares, found by the shapes pins have here (a `version:`/`tag:` string,
 *   a `*VERSION` constant, a URL or image reference with a version in TypeScript; an `X_VERSION=`/`X_COMMIT=` literal in
 *   shell; a `*_version:` default, an image reference or a versioned URL in Ansible YAML; every `"version"` of
 *   tools/pins.json, the one file of tool and provider pins; the entries of package.json,
 *   go.mod, requirements/constraints files and workflow `uses:`). A new pin of a known shape is found here whether or
 *   not a manager matches it — that is the point of the comparison.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as JSON5 from 'json5';

export type Files = Map<string, string>;

export interface CustomManager {
  readonly description?: string;
  readonly customType: string;
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly matchStringsStrategy?: string;
  readonly [template: string]: unknown;
}

export interface RenovateConfig {
  readonly ignorePaths?: readonly string[];
  readonly customManagers?: readonly CustomManager[];
  readonly customDatasources?: Record<string, unknown>;
  readonly pip_requirements?: { readonly managerFilePatterns?: readonly string[] };
  readonly [key: string]: unknown;
}

/** One dependency Renovate extracts, located at the line of its current value. */
export interface Dep {
  readonly manager: string;
  readonly file: string;
  readonly line: number;
  readonly depName: string;
  readonly currentValue: string;
  readonly datasource: string;
  readonly versioning?: string;
}

/** One pin the code declares. `text` is the literal that holds the version. */
export interface Pin {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly shape: string;
}

/** A pin-looking literal that is deliberately not updated by Renovate, with the reason. */
export interface NotAPin {
  readonly file: string;
  readonly text: string;
  readonly why: string;
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** Every file of the work tree (paths relative to root, `/`-separated), contents read lazily by the caller. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(rel);
      } else if (e.isFile()) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

export function loadConfig(root: string): RenovateConfig {
  return JSON5.parse<RenovateConfig>(fs.readFileSync(path.join(root, 'renovate.json5'), 'utf8'));
}

/** Glob (as Renovate's ignorePaths and non-/regex/ file patterns are written) to a RegExp over the whole path. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A managerFilePatterns entry: `/regex/flags` is a regular expression, anything else a glob. */
export function filePattern(p: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(p);
  return m ? new RegExp(m[1], m[2]) : globToRegExp(p);
}

function ignored(config: RenovateConfig, file: string): boolean {
  return (config.ignorePaths ?? []).some((g) => globToRegExp(g).test(file) || (!g.includes('*') && file.includes(g)));
}

/** Handlebars as the regex manager's fields use it here: only `{{{group}}}` / `{{group}}` substitutions. */
export function renderTemplate(tmpl: string, groups: Record<string, string | undefined>, where: string): string {
  return tmpl.replace(/\{\{\{?\s*([^{}]*?)\s*\}?\}\}/g, (whole, name: string) => {
    if (!/^[A-Za-z]\w*$/.test(name))
      throw new Error(`[${where}] template ${JSON.stringify(tmpl)} uses "${whole}" — only plain group substitutions are evaluated by this test`);
    const v = groups[name];
    if (v === undefined) throw new Error(`[${where}] template ${JSON.stringify(tmpl)} refers to group "${name}" that the match did not capture`);
    return v;
  });
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

type MatchField = 'depName' | 'packageName' | 'currentValue' | 'currentDigest' | 'datasource' | 'versioning' | 'extractVersion' | 'registryUrl' | 'depType';

function customDeps(config: RenovateConfig, files: Files): Dep[] {
  const deps: Dep[] = [];
  (config.customManagers ?? []).forEach((m, i) => {
    const name = `custom.${m.customType}#${i}${m.description ? ` (${m.description})` : ''}`;
    if (m.customType !== 'regex') throw new Error(`[${name}] customType ${m.customType} — this test evaluates regex managers only`);
    if ((m.matchStringsStrategy ?? 'any') !== 'any')
      throw new Error(`[${name}] matchStringsStrategy ${m.matchStringsStrategy} — this test evaluates "any" only`);
    const patterns = m.managerFilePatterns.map(filePattern);
    for (const [file, text] of files) {
      if (ignored(config, file) || !patterns.some((p) => p.test(file))) continue;
      for (const ms of m.matchStrings) {
        // Renovate: regEx(matchString, 'g') over the whole file (no m flag: ^ and $ are the file's ends).
        for (const match of text.matchAll(new RegExp(ms, 'gd'))) {
          const groups = { ...(match.groups ?? {}) } as Record<string, string | undefined>;
          const at = `${name} in ${file}`;
          const field = (f: MatchField) => {
            const t = m[`${f}Template`];
            return typeof t === 'string' ? renderTemplate(t, groups, at) : groups[f];
          };
          const currentValue = field('currentValue');
          const datasource = field('datasource');
          const depName = field('depName') ?? field('packageName');
          if (!currentValue || !datasource || !depName) throw new Error(`[${at}] match "${match[0].slice(0, 80)}" lacks currentValue, datasource or depName`);
          // A pattern without a named currentValue group has no indices for it.
          const indexGroups = match.indices?.groups as Partial<Record<string, [number, number]>> | undefined;
          const idx = indexGroups?.currentValue?.[0] ?? match.index;
          deps.push({ manager: name, file, line: lineOf(text, idx), depName, currentValue, datasource, versioning: field('versioning') });
        }
      }
    }
  });
  return deps;
}

// ---- built-in managers, by their file formats -------------------------------------------------------------------

const NPM_FILE = /(^|\/)package\.json$/;
const GOMOD_FILE = /(^|\/)go\.mod$/;
const PIP_FILE = /(^|\/)[\w-]*requirements([-.]\w+)?\.(txt|pip)$/; // pip_requirements' default pattern
const ACTIONS_FILE = /(^|\/)(workflow-templates|\.(?:github|gitea|forgejo)\/(?:workflows|actions))\/.+\.ya?ml$|(^|\/)action\.ya?ml$/;

function lines(text: string): string[] {
  return text.split('\n');
}

function npmEntries(file: string, text: string): { line: number; name: string; value: string }[] {
  const json = JSON.parse(text) as Record<string, unknown>;
  const out: { line: number; name: string; value: string }[] = [];
  const ls = lines(text);
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    for (const [name, value] of Object.entries((json[section] ?? {}) as Record<string, string>)) {
      const needle = `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
      const line = ls.findIndex((l) => l.includes(needle)) + 1;
      if (line === 0) throw new Error(`[${file}] cannot locate ${needle}`);
      out.push({ line, name, value });
    }
  }
  return out;
}

/**
 * go.mod requires, as Renovate's gomod manager takes them: direct requires, and of the `// indirect` ones only the
 * module that provides a `tool` directive's package (the longest module path that prefixes it) — the tools modules
 * here require their tool that way. Other indirect requires follow `go mod tidy`.
 */
function gomodEntries(text: string): { line: number; name: string; value: string }[] {
  const reqs: { line: number; name: string; value: string; indirect: boolean }[] = [];
  const tools: string[] = [];
  let block: 'require' | 'tool' | undefined;
  lines(text).forEach((l, i) => {
    const t = l.replace(/^\s+|\s+$/g, '');
    const open = /^(require|tool)\s*\($/.exec(t);
    if (open) {
      block = open[1] as 'require' | 'tool';
      return;
    }
    if (block && t === ')') {
      block = undefined;
      return;
    }
    const tool = block === 'tool' ? /^(\S+)$/.exec(t) : /^tool\s+(\S+)$/.exec(t);
    if (tool) {
      tools.push(tool[1]);
      return;
    }
    const m = block === 'require' ? /^(\S+)\s+(v\S+)(.*)$/.exec(t) : /^require\s+(\S+)\s+(v\S+)(.*)$/.exec(t);
    if (m) reqs.push({ line: i + 1, name: m[1], value: m[2], indirect: /\/\/\s*indirect/.test(m[3]) });
  });
  const toolModules = new Set(
    tools.map((pkg) => reqs.filter((r) => `${pkg}/`.startsWith(`${r.name}/`)).sort((a, b) => b.name.length - a.name.length)[0]?.name),
  );
  return reqs.filter((r) => !r.indirect || toolModules.has(r.name)).map(({ line, name, value }) => ({ line, name, value }));
}

/** Requirement lines: `name==version` (optionally `\`-continued by `--hash=` lines); anything else that is a requirement is reported. */
function pipEntries(text: string): { line: number; name: string; value?: string; raw: string }[] {
  const out: { line: number; name: string; value?: string; raw: string }[] = [];
  let continued = false;
  lines(text).forEach((l, i) => {
    const t = l.replace(/\s+#.*$/, '').trim();
    const wasContinued = continued;
    continued = t.endsWith('\\');
    if (wasContinued || t === '' || t.startsWith('#') || t.startsWith('-')) return;
    const m = /^([A-Za-z0-9][\w.-]*)(\[[^\]]*\])?\s*==\s*([^\s;\\]+)/.exec(t);
    out.push(m ? { line: i + 1, name: m[1], value: m[3], raw: t } : { line: i + 1, name: t.split(/[\s<>=!~;[]/)[0], raw: t });
  });
  return out;
}

/**
 * What Renovate's github-actions manager takes from a workflow: `uses: owner/repo@ref` (github-tags), a versioned
 * runner `runs-on: ubuntu-24.04` (github-runners), and the runtime version of actions/setup-node|go|python
 * (`with: node-version: 22`: github-releases).
 */
function actionEntries(text: string): { line: number; name: string; value: string; datasource: string }[] {
  const out: { line: number; name: string; value: string; datasource: string }[] = [];
  let setup: string | undefined;
  lines(text).forEach((l, i) => {
    const uses = /^\s*(?:-\s+)?uses:\s*["']?([^@\s"']+)@([^\s"'#]+)/.exec(l);
    if (/^\s*-\s/.test(l)) setup = undefined; // a new step
    if (uses) {
      if (!uses[1].startsWith('./')) out.push({ line: i + 1, name: uses[1], value: uses[2], datasource: 'github-tags' });
      setup = /^actions\/setup-(node|go|python)$/.exec(uses[1])?.[1];
      return;
    }
    const runner = /^\s*runs-on:\s*["']?(ubuntu|windows|macos)-(\d+(?:\.\d+)?)["']?\s*(?:#.*)?$/.exec(l);
    if (runner) {
      out.push({ line: i + 1, name: runner[1], value: runner[2], datasource: 'github-runners' });
      return;
    }
    const runtime = setup ? new RegExp(`^\\s*${setup}-version:\\s*["']?([^"'\\s#]+)`).exec(l) : null;
    if (runtime && setup) out.push({ line: i + 1, name: setup, value: runtime[1], datasource: 'github-releases' });
  });
  return out;
}

function pipFile(config: RenovateConfig, file: string): boolean {
  return PIP_FILE.test(file) || (config.pip_requirements?.managerFilePatterns ?? []).some((p) => filePattern(p).test(file));
}

function builtinDeps(config: RenovateConfig, files: Files): Dep[] {
  const deps: Dep[] = [];
  for (const [file, text] of files) {
    if (ignored(config, file)) continue;
    if (NPM_FILE.test(file)) {
      for (const e of npmEntries(file, text))
        deps.push({ manager: 'npm', file, line: e.line, depName: e.name, currentValue: e.value, datasource: 'npm', versioning: 'npm' });
    }
    if (GOMOD_FILE.test(file)) {
      for (const e of gomodEntries(text)) deps.push({ manager: 'gomod', file, line: e.line, depName: e.name, currentValue: e.value, datasource: 'go' });
    }
    if (pipFile(config, file)) {
      // Renovate's currentValue of a pip requirement is its specifier (`==1.2.3`).
      for (const e of pipEntries(text))
        if (e.value)
          deps.push({
            manager: 'pip_requirements',
            file,
            line: e.line,
            depName: e.name,
            currentValue: `==${e.value}`,
            datasource: 'pypi',
            versioning: 'pep440',
          });
    }
    if (ACTIONS_FILE.test(file)) {
      for (const e of actionEntries(text))
        deps.push({ manager: 'github-actions', file, line: e.line, depName: e.name, currentValue: e.value, datasource: e.datasource });
    }
  }
  return deps;
}

export function renovateDeps(config: RenovateConfig, files: Files): Dep[] {
  return [...customDeps(config, files), ...builtinDeps(config, files)];
}

// ---- the inventory: pin sites by shape ---------------------------------------------------------------------------

const VERSIONISH = /\d+\.\d+/;
/** A release version as pins write it (1.2.3, v1.31.6+k3s1, 2025.8.4); not a range, an API version or a format version. */
const RELEASE = /^v?\d+\.\d+\.\d+/;
const IMAGE_REF = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?\/[a-z0-9._/-]+:\w[\w.-]*(?:@sha256:[a-f0-9]{64})?$/;
const SHELL_FILE = /\.sh$|^\.ci\/run$/;
const ANSIBLE_YAML = /^ansible\/.+\.ya?ml$/;
/** The one file of tool and provider pins (tools/pins.ts reads it for scripts/tools.sh, stacks/providers.ts imports it). */
export const PINS_JSON = /^tools\/pins\.json$/;

/** An http(s) URL with a version in its path (the host may be an address: that is no version). */
function versionedUrl(value: string): boolean {
  const m = /^https?:\/\/[^/]+(\/.*)$/.exec(value.replace(/\{\{.*?\}\}/g, ''));
  return m !== null && (VERSIONISH.test(m[1]) || /release-\d/.test(m[1]));
}

/** String literals of one line of TypeScript: [value, key before it (`key:` or `NAME =`), column]. */
function tsLiterals(line: string): { value: string; key?: string }[] {
  const out: { value: string; key?: string }[] = [];
  for (const m of line.matchAll(/(?:(\b[A-Za-z_]\w*)\s*[:=]\s*)?(['"`])((?:\\.|(?!\2).)*)\2/g)) out.push({ value: m[3], key: m[1] });
  return out;
}

function tsPins(file: string, text: string): Pin[] {
  const out: Pin[] = [];
  lines(text).forEach((l, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(l)) return; // comments
    for (const { value, key } of tsLiterals(l)) {
      const at = { file, line: i + 1, text: value };
      if (key === 'tag' && /\d/.test(value)) out.push({ ...at, shape: `ts tag: '…'` });
      else if (key && /version$/i.test(key) && RELEASE.test(value)) out.push({ ...at, shape: `ts ${key}: '…'` });
      else if (versionedUrl(value)) out.push({ ...at, shape: 'ts versioned URL' });
      else if (IMAGE_REF.test(value)) out.push({ ...at, shape: 'ts image reference' });
    }
  });
  return out;
}

function shellPins(file: string, text: string): Pin[] {
  const out: Pin[] = [];
  lines(text).forEach((l, i) => {
    const m = /^\s*(?:export\s+|readonly\s+|local\s+)?([A-Z][A-Z0-9_]*_(?:VERSION|COMMIT|REF|TAG|DIGEST|SHA))=["']?([^\s"'#$]+)/.exec(l);
    if (m && /^(v?\d|[0-9a-f]{40}$)/.test(m[2])) out.push({ file, line: i + 1, text: `${m[1]}=${m[2]}`, shape: `shell ${m[1].replace(/^[A-Z0-9]+_/, 'X_')}=` });
  });
  return out;
}

function yamlPins(file: string, text: string): Pin[] {
  const out: Pin[] = [];
  lines(text).forEach((l, i) => {
    if (/^\s*#/.test(l)) return;
    const kv = /^\s*(?:-\s+)?([\w-]+):\s*["']?([^"'#]*?)["']?\s*(?:#.*)?$/.exec(l);
    const literal = (s: string) => s.replace(/\{\{.*?\}\}/g, '');
    if (kv && kv[1].endsWith('_version') && kv[1] !== 'min_ansible_version' && /\d/.test(literal(kv[2]))) {
      out.push({ file, line: i + 1, text: kv[2], shape: 'yaml *_version:' });
      return;
    }
    for (const m of l.matchAll(/(?:^|[\s"'=])((?:https?:\/\/)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?\/[^\s"']+)/g)) {
      const v = m[1];
      if (/^https?:/.test(v) ? versionedUrl(v) : IMAGE_REF.test(v))
        out.push({ file, line: i + 1, text: v, shape: /^https?:/.test(v) ? 'yaml versioned URL' : 'yaml image reference' });
    }
  });
  return out;
}

/** tools/pins.json: each `"version": "…"` is a pin; a `"commit": "<sha>"` looks like one (NOT_PINS says why it is not). */
function pinsJsonPins(file: string, text: string): Pin[] {
  const out: Pin[] = [];
  lines(text).forEach((l, i) => {
    for (const m of l.matchAll(/"(version|commit)":\s*"([^"]*)"/g)) out.push({ file, line: i + 1, text: m[2], shape: `pins.json ${m[1]}` });
  });
  return out;
}

/**
 * Every pin site of the repo. Besides the literal shapes above, each entry of the built-in managers' files is a pin,
 * and those files must pin exactly (package.json: exact versions; requirements/constraints: `==`), else the entry is
 * returned with shape `unpinned …` so the comparison fails on it.
 */
export function pinInventory(config: RenovateConfig, files: Files): Pin[] {
  const out: Pin[] = [];
  for (const [file, text] of files) {
    if (ignored(config, file)) continue;
    if (file.endsWith('.ts')) out.push(...tsPins(file, text));
    if (SHELL_FILE.test(file)) out.push(...shellPins(file, text));
    if (ANSIBLE_YAML.test(file)) out.push(...yamlPins(file, text));
    if (PINS_JSON.test(file)) out.push(...pinsJsonPins(file, text));
    if (NPM_FILE.test(file)) {
      for (const e of npmEntries(file, text))
        out.push({
          file,
          line: e.line,
          text: e.value,
          shape: /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(e.value) ? 'package.json dependency' : 'unpinned package.json dependency (pin an exact version)',
        });
    }
    if (GOMOD_FILE.test(file)) {
      for (const e of gomodEntries(text)) out.push({ file, line: e.line, text: e.value, shape: 'go.mod require' });
    }
    if (pipFile(config, file)) {
      for (const e of pipEntries(text))
        out.push({ file, line: e.line, text: e.raw, shape: e.value ? 'pip name==version' : 'unpinned pip requirement (pin it with ==)' });
    }
    if (ACTIONS_FILE.test(file)) {
      for (const e of actionEntries(text))
        out.push({
          file,
          line: e.line,
          text: e.value,
          shape: e.datasource === 'github-tags' ? 'workflow uses:' : e.datasource === 'github-runners' ? 'workflow runs-on:' : `workflow ${e.name}-version:`,
        });
    }
  }
  return out;
}

export interface Coverage {
  /** Pins no manager matches. */
  readonly unmatched: Pin[];
  /** Pins more than one manager matches (Renovate would open competing updates). */
  readonly ambiguous: { pin: Pin; deps: Dep[] }[];
  /** Matches that are no pin of the inventory (a manager matching something unexpected). */
  readonly stray: Dep[];
  /** Pins listed as deliberately unmanaged that no longer exist (a stale exception). */
  readonly staleExceptions: NotAPin[];
}

export function coverage(config: RenovateConfig, files: Files, notPins: readonly NotAPin[]): Coverage {
  const deps = renovateDeps(config, files);
  const exempt = (p: Pin) => notPins.some((n) => n.file === p.file && n.text === p.text);
  const all = pinInventory(config, files);
  const pins = all.filter((p) => !exempt(p));
  const covers = (p: Pin, d: Dep) => d.file === p.file && d.line === p.line && p.text.includes(d.currentValue);
  const used = new Set<Dep>();
  const unmatched: Pin[] = [];
  const ambiguous: { pin: Pin; deps: Dep[] }[] = [];
  for (const p of pins) {
    const ds = deps.filter((d) => covers(p, d));
    ds.forEach((d) => used.add(d));
    if (p.shape.startsWith('unpinned') || ds.length === 0) unmatched.push(p);
    else if (ds.length > 1) ambiguous.push({ pin: p, deps: ds });
  }
  return {
    unmatched,
    ambiguous,
    stray: deps.filter((d) => !used.has(d) && !all.some((p) => exempt(p) && covers(p, d))),
    staleExceptions: notPins.filter((n) => !all.some((p) => p.file === n.file && p.text === n.text)),
  };
}

/** The files any manager or the inventory looks at (so a test reads only those). */
export function readRepoFiles(root: string, config: RenovateConfig): Files {
  const customPatterns = (config.customManagers ?? []).flatMap((m) => m.managerFilePatterns.map(filePattern));
  const wanted = (f: string) =>
    !ignored(config, f) &&
    (customPatterns.some((p) => p.test(f)) ||
      f.endsWith('.ts') ||
      SHELL_FILE.test(f) ||
      ANSIBLE_YAML.test(f) ||
      PINS_JSON.test(f) ||
      NPM_FILE.test(f) ||
      GOMOD_FILE.test(f) ||
      pipFile(config, f) ||
      ACTIONS_FILE.test(f));
  const files: Files = new Map();
  for (const f of listFiles(root).filter(wanted)) files.set(f, fs.readFileSync(path.join(root, f), 'utf8'));
  return files;
}

/** One line per problem, `[file:line] …`, for a failing assertion that says what to do. */
export function coverageProblems(c: Coverage): string[] {
  return [
    ...c.unmatched.map(
      (p) =>
        `[${p.file}:${p.line}] pin "${p.text}" (${p.shape}) is matched by no Renovate manager — rule: renovate-pin-coverage — fix: write it in a shape a manager of renovate.json5 matches, or add a custom manager for its shape`,
    ),
    ...c.ambiguous.map(
      ({ pin, deps }) =>
        `[${pin.file}:${pin.line}] pin "${pin.text}" is matched by ${deps.length} managers (${deps.map((d) => d.manager).join('; ')}) — rule: renovate-pin-coverage — fix: narrow the managers' matchStrings so exactly one matches`,
    ),
    ...c.stray.map(
      (d) =>
        `[${d.file}:${d.line}] ${d.manager} matches "${d.currentValue}" (${d.depName}), which is no pin of the inventory — rule: renovate-pin-coverage — fix: narrow the manager, or teach __tests__/helpers/pins.ts the new pin shape`,
    ),
    ...c.staleExceptions.map(
      (n) => `[${n.file}] "${n.text}" is listed as not a pin but no longer exists — rule: renovate-pin-coverage — fix: remove it from NOT_PINS`,
    ),
  ];
}

// ---- Renovate's own extraction report (scripts/check-renovate.sh --extract) ------------------------------------------

interface ReportDep {
  depName?: string;
  currentValue?: string;
  datasource?: string;
  depType?: string;
  enabled?: boolean;
}
export interface ExtractReport {
  repositories: Record<string, { packageFiles: Record<string, { packageFile: string; deps: ReportDep[] }[]> }>;
}

/** Disabled by renovate.json5's packageRules (applied after extraction): the go/toolchain/replace directives. */
const DISABLED_BY_RULES = new Set(['golang', 'toolchain', 'replace']);

/**
 * `manager file depName currentValue datasource` of each dependency in Renovate's report that it would update (not
 * disabled by the manager, nor by our packageRules; package.json `engines` is a range, no pin) — and the same line for
 * each of our deps, to compare the two.
 */
export function reportLines(report: ExtractReport): string[] {
  const out: string[] = [];
  for (const repo of Object.values(report.repositories)) {
    for (const [manager, packageFiles] of Object.entries(repo.packageFiles)) {
      for (const pf of packageFiles) {
        for (const d of pf.deps) {
          if (d.enabled === false || (manager === 'gomod' && DISABLED_BY_RULES.has(d.depType ?? '')) || d.depType === 'engines') continue;
          out.push(`${manager} ${pf.packageFile} ${d.depName} ${d.currentValue} ${d.datasource}`);
        }
      }
    }
  }
  return out.sort();
}

export function depLines(deps: readonly Dep[]): string[] {
  return deps.map((d) => `${d.manager.startsWith('custom.regex') ? 'regex' : d.manager} ${d.file} ${d.depName} ${d.currentValue} ${d.datasource}`).sort();
}
