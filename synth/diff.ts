/**
 * `npm run synth -- --diff [REF]`: what a change does to every generated output, read like a plan summary without a
 * provider. Both sides are generated file sets (repo-relative path → text): the fresh synth, and the committed tree (or
 * the files at a git ref). Each output is compared by what it means, not by its lines:
 * - OpenTofu: resources and data sources per stack, added / changed (with the changed attribute paths) / removed;
 * - Kubernetes: objects per Flux Kustomization (the one whose build — its `spec.path` and what that kustomization.yaml
 *   includes — holds the file: an app's ks.yaml belongs to the root Kustomization that includes it);
 * - Ansible: hosts and groups of the generated inventory;
 * - everything else synth owns (docs views, per-LXC configuration, the vault example): files added / changed / removed.
 */
import { parse as parseYaml } from 'yaml';
import type { OutputFiles } from './outputs';
import { TOFU_OUT } from './tofu';
import { K8S_OUT } from './k8s';
import { k8sObjects, unitsOfFiles, type K8sObject } from './flux-tree';

/** One addressable thing of an output (a resource, an object, a host) and its content. */
type Items = Map<string, unknown>;

export interface ChangedItem {
  readonly name: string;
  /** Attribute paths that differ, e.g. `disk[0].datastore_id`. */
  readonly paths: readonly string[];
}

export interface DiffSection {
  /** `tofu`, `k8s`, `ansible` or `files`. */
  readonly output: 'tofu' | 'k8s' | 'ansible' | 'files';
  /** The stack, the Flux Kustomization, the inventory file, or `generated files`. */
  readonly unit: string;
  readonly added: readonly string[];
  readonly changed: readonly ChangedItem[];
  readonly removed: readonly string[];
}

export interface DiffReport {
  readonly sections: readonly DiffSection[];
}

const INVENTORY = 'ansible/inventory/hosts.yml';
/** Keys of cdk.tf.json that carry cdktf metadata, not configuration. */
const METADATA_KEYS = new Set(['//']);
/** At most this many attribute paths are named per changed item; the rest are counted. */
const MAX_PATHS = 8;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaf paths at which `a` and `b` differ (a whole subtree that exists on one side only is one path). */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const p = `${prefix}[${i}]`;
      if (i >= a.length || i >= b.length) out.push(p);
      else out.push(...changedPaths(a[i], b[i], p));
    }
    return out;
  }
  if (isObject(a) && isObject(b)) {
    const out: string[] = [];
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byText)) {
      if (METADATA_KEYS.has(key)) continue;
      const p = prefix === '' ? key : `${prefix}.${key}`;
      if (!(key in a) || !(key in b)) out.push(p);
      else out.push(...changedPaths(a[key], b[key], p));
    }
    return out;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix === '' ? '(value)' : prefix];
}

function compare(output: DiffSection['output'], unit: string, before: Items, after: Items): DiffSection {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort(byText);
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort(byText);
  const changed: ChangedItem[] = [];
  for (const name of [...after.keys()].filter((k) => before.has(k)).sort(byText)) {
    const paths = changedPaths(before.get(name), after.get(name));
    if (paths.length > 0) changed.push({ name, paths });
  }
  return { output, unit, added, changed, removed };
}

const isEmpty = (s: DiffSection): boolean => s.added.length + s.changed.length + s.removed.length === 0;

// ---------------------------------------------------------------- OpenTofu --

const STACK_FILE = new RegExp(`^${TOFU_OUT}/stacks/([^/]+)/cdk\\.tf\\.json$`);

/** Resources as `type.name`, data sources as `data.type.name`, of one synthesized stack. */
function tofuItems(text: string | undefined): Items {
  const items: Items = new Map();
  if (text === undefined) return items;
  const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> };
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const [name, body] of Object.entries(byName)) items.set(`${type}.${name}`, body);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const [name, body] of Object.entries(byName)) items.set(`data.${type}.${name}`, body);
  return items;
}

function tofuSections(before: OutputFiles, after: OutputFiles): DiffSection[] {
  const stacks = new Map<string, string>();
  for (const file of [...before.keys(), ...after.keys()]) {
    const m = STACK_FILE.exec(file);
    if (m) stacks.set(m[1], file);
  }
  return [...stacks].sort(([a], [b]) => byText(a, b)).map(([stack, file]) => compare('tofu', stack, tofuItems(before.get(file)), tofuItems(after.get(file))));
}

// -------------------------------------------------------------- Kubernetes --

const objectName = (o: K8sObject): string => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '(unnamed)'}`;

function k8sSections(before: OutputFiles, after: OutputFiles): DiffSection[] {
  const collect = (files: OutputFiles): Map<string, Items> => {
    const unitOf = unitsOfFiles(files);
    const out = new Map<string, Items>();
    for (const [file, text] of files) {
      if (!file.startsWith(`${K8S_OUT}/`) || !file.endsWith('.yaml')) continue;
      const unit = unitOf.get(file) ?? '(not applied by Flux)';
      const items = out.get(unit) ?? new Map<string, unknown>();
      // kustomization.yaml files say what is built; they are not objects in the cluster.
      for (const o of k8sObjects(text)) if (!o.apiVersion?.startsWith('kustomize.config.k8s.io/')) items.set(objectName(o), o);
      out.set(unit, items);
    }
    return out;
  };
  const b = collect(before);
  const a = collect(after);
  return [...new Set([...b.keys(), ...a.keys()])]
    .sort(byText)
    .map((unit) => compare('k8s', unit, b.get(unit) ?? new Map<string, unknown>(), a.get(unit) ?? new Map<string, unknown>()));
}

// ----------------------------------------------------------------- Ansible --

interface InventoryGroup {
  readonly hosts?: Record<string, unknown> | null;
  readonly children?: Record<string, InventoryGroup | null> | null;
  readonly vars?: Record<string, unknown> | null;
}

/** `host <name>` → its variables and the groups it is in; `group <name>` → its members and variables. */
function inventoryItems(text: string | undefined): Items {
  const items: Items = new Map();
  if (text === undefined) return items;
  const root = parseYaml(text) as Record<string, InventoryGroup | null> | null;
  const hosts = new Map<string, { vars: unknown; groups: Set<string> }>();
  const groups = new Map<string, { hosts: Set<string>; vars: unknown }>();
  const walk = (name: string, group: InventoryGroup | null, parents: readonly string[]): void => {
    const entry = groups.get(name) ?? { hosts: new Set<string>(), vars: group?.vars ?? {} };
    groups.set(name, entry);
    for (const [host, vars] of Object.entries(group?.hosts ?? {})) {
      const h = hosts.get(host) ?? { vars: {}, groups: new Set<string>() };
      // Ansible merges a host's variables from every group that lists it.
      if (isObject(vars)) h.vars = { ...(h.vars as Record<string, unknown>), ...vars };
      for (const g of [...parents, name]) {
        h.groups.add(g);
        groups.get(g)?.hosts.add(host);
      }
      hosts.set(host, h);
    }
    for (const [child, sub] of Object.entries(group?.children ?? {})) walk(child, sub, [...parents, name]);
  };
  for (const [name, group] of Object.entries(root ?? {})) walk(name, group, []);
  // Memberships as sets (`groups.<name>`), so a change names the host or group, not a list position.
  const asSet = (names: Set<string>): Record<string, true> => Object.fromEntries([...names].sort(byText).map((n) => [n, true]));
  for (const [name, h] of hosts) items.set(`host ${name}`, { vars: h.vars, groups: asSet(h.groups) });
  for (const [name, g] of groups) items.set(`group ${name}`, { hosts: asSet(g.hosts), vars: g.vars });
  return items;
}

// ------------------------------------------------------------------- files --

function fileSection(before: OutputFiles, after: OutputFiles): DiffSection {
  const other = (f: string): boolean => !STACK_FILE.test(f) && !f.startsWith(`${K8S_OUT}/`) && f !== INVENTORY;
  const b: Items = new Map([...before].filter(([f]) => other(f)));
  const a: Items = new Map([...after].filter(([f]) => other(f)));
  const section = compare('files', 'generated files', b, a);
  // A file's change is its own name: no attribute paths for text.
  return { ...section, changed: section.changed.map((c) => ({ name: c.name, paths: [] })) };
}

/** What turning `before` into `after` changes, per output and unit (units without changes are left out). */
export function diffGenerated(before: OutputFiles, after: OutputFiles): DiffReport {
  const sections = [
    ...tofuSections(before, after),
    ...k8sSections(before, after),
    compare('ansible', INVENTORY, inventoryItems(before.get(INVENTORY)), inventoryItems(after.get(INVENTORY))),
    fileSection(before, after),
  ];
  return { sections: sections.filter((s) => !isEmpty(s)) };
}

// --------------------------------------------------------------- rendering --

const TITLES: Record<DiffSection['output'], string> = { tofu: 'OpenTofu stack', k8s: 'Flux Kustomization', ansible: 'Ansible', files: 'Files' };

function counts(s: DiffSection): string {
  return `${s.added.length} to add, ${s.changed.length} to change, ${s.removed.length} to remove`;
}

function pathList(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const shown = paths.slice(0, MAX_PATHS).join(', ');
  return `: ${shown}${paths.length > MAX_PATHS ? ` (+${paths.length - MAX_PATHS} more)` : ''}`;
}

export interface RenderOptions {
  /** ANSI colours (a terminal). @default false */
  readonly color?: boolean;
}

/** Plain text for a terminal: one header line per unit, then `+`/`~`/`-` lines. */
export function renderText(report: DiffReport, options: RenderOptions = {}): string {
  if (report.sections.length === 0) return 'synth --diff: no change to any generated output\n';
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const s of report.sections) {
    lines.push(`${TITLES[s.output]} ${s.unit}: ${counts(s)}`);
    for (const name of s.added) lines.push(paint(32, `  + ${name}`));
    for (const c of s.changed) lines.push(paint(33, `  ~ ${c.name}${pathList(c.paths)}`));
    for (const name of s.removed) lines.push(paint(31, `  - ${name}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown for a CI job summary: a table of counts, then a section per unit. */
export function renderMarkdown(report: DiffReport): string {
  if (report.sections.length === 0) return '### Generated outputs\n\nNo change to any generated output.\n';
  const lines = ['### Generated outputs', '', '| output | unit | add | change | remove |', '| --- | --- | ---: | ---: | ---: |'];
  for (const s of report.sections) lines.push(`| ${TITLES[s.output]} | \`${s.unit}\` | ${s.added.length} | ${s.changed.length} | ${s.removed.length} |`);
  for (const s of report.sections) {
    lines.push('', `#### ${TITLES[s.output]} \`${s.unit}\``, '', '```diff');
    for (const name of s.added) lines.push(`+ ${name}`);
    for (const c of s.changed) lines.push(`! ${c.name}${pathList(c.paths)}`);
    for (const name of s.removed) lines.push(`- ${name}`);
    lines.push('```');
  }
  return `${lines.join('\n')}\n`;
}
