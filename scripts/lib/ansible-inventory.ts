/**
 * scripts/ansible-check.sh, on what `ansible-inventory --list` made of the generated inventory:
 *
 *   check INVENTORY_JSON HOSTS_YML   every group hosts.yml declares is in Ansible's view, and every host's ansible_host
 *                                    is a vault reference (`{{ key }}`), never a literal
 */
import * as fs from 'fs';
import { parse } from 'yaml';
import { usage, type ScriptIo } from './io';

/** `ansible-inventory --list` output: groups at the top level, host variables under `_meta`. */
export interface InventoryList {
  readonly _meta: { readonly hostvars: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  readonly all?: { readonly children?: readonly string[] };
  readonly [group: string]: unknown;
}

interface GroupNode {
  readonly hosts?: Readonly<Record<string, unknown>> | null;
  readonly children?: Readonly<Record<string, GroupNode | null>> | null;
}

/** Every group name of an inventory file in YAML form (`all` itself aside), depth first. */
export function declaredGroups(hostsYaml: string): string[] {
  const doc = parse(hostsYaml) as { all?: GroupNode } | null;
  const out: string[] = [];
  const walk = (node: GroupNode | null | undefined) => {
    for (const [name, child] of Object.entries(node?.children ?? {})) {
      out.push(name);
      walk(child);
    }
  };
  walk(doc?.all);
  return [...new Set(out)];
}

const VAULT_REF = /^\{\{ [a-z0-9_]+ \}\}$/;

export interface InventoryReport {
  readonly problems: readonly string[];
  readonly hosts: number;
}

export function checkInventory(inventory: InventoryList, groups: readonly string[]): InventoryReport {
  const known = (g: string) => g in inventory || (inventory.all?.children ?? []).includes(g);
  const missing = groups.filter((g) => !known(g));
  const hosts = Object.entries(inventory._meta.hostvars);
  const literal = hosts.filter(([, v]) => typeof v.ansible_host !== 'string' || !VAULT_REF.test(v.ansible_host)).map(([h]) => h);
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`ansible-check: inventory lacks groups that hosts.yml declares: ${missing.join(', ')}`);
  if (literal.length > 0) problems.push(`ansible-check: ansible_host is not a vault reference for: ${literal.join(', ')}`);
  return { problems, hosts: hosts.length };
}

const readJson = (file: string): InventoryList => JSON.parse(fs.readFileSync(file, 'utf8')) as InventoryList;

export function main(argv: readonly string[], io: ScriptIo): number {
  const [command, file, other] = argv;
  if (argv.length === 3 && command === 'check') {
    const groups = declaredGroups(fs.readFileSync(other, 'utf8'));
    const report = checkInventory(readJson(file), groups);
    for (const p of report.problems) io.err(`${p}\n`);
    if (report.problems.length > 0) return 1;
    io.out(`ansible-check: inventory ok: ${report.hosts} hosts in ${groups.length} groups, every ansible_host a vault reference\n`);
    return 0;
  }
  return usage(io, 'ansible-inventory.ts check INVENTORY_JSON HOSTS_YML');
}
