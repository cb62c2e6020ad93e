/**
 * No unknown values: Helm ignores a key no template reads, so a misspelt key silently deploys the chart's default.
 * Every key path our HelmRelease values set must exist in the chart's default values — the chart's values.yaml with
 * each enabled dependency's defaults under its alias or name (conditions evaluated on the merged values) — or sit
 * under a map the chart leaves free-form (an empty map `{}` or `null` by default: the chart reads whatever keys it
 * gets, e.g. podAnnotations). Lists are taken whole (their items are the chart's to interpret). Anything else must be
 * in the table of allowed exceptions (checks/helm/exceptions.ts), each with a reason.
 */
import type { AssembledChart } from './charts';

export type Values = Record<string, unknown>;

export function isMap(v: unknown): v is Values {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Helm's value coalescing for our purpose: `over` wins, maps merge deeply. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMap(v) && isMap(out[k]) ? mergeValues(out[k], v) : v;
  return out;
}

export function lookupPath(values: Values, dotted: string): unknown {
  let cur: unknown = values;
  for (const part of dotted.split('.')) {
    if (!isMap(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Helm's condition: the first of the comma-separated paths that holds a boolean decides; none → enabled. */
export function conditionHolds(condition: string | undefined, values: Values): boolean {
  if (condition === undefined || condition.trim() === '') return true;
  for (const p of condition
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const v = lookupPath(values, p);
    if (typeof v === 'boolean') return v;
  }
  return true;
}

/**
 * The chart's effective default values for user values `ours`: its own defaults, plus each enabled dependency's
 * (recursively) under its alias or name, with the parent's defaults for that key winning, and globals collected.
 */
export function effectiveDefaults(chart: AssembledChart, ours: Values): { defaults: Values; enabled: string[]; disabled: string[] } {
  const enabled: string[] = [];
  const disabled: string[] = [];
  let defaults: Values = { ...chart.values };
  const merged = mergeValues(defaults, ours);
  let globals: Values = isMap(chart.values.global) ? chart.values.global : {};
  for (const { declared, chart: sub } of chart.dependencies) {
    const key = declared.alias ?? declared.name;
    if (!conditionHolds(declared.condition, merged)) {
      disabled.push(key);
      continue;
    }
    enabled.push(key);
    const subOurs = isMap(merged[key]) ? merged[key] : {};
    const inner = effectiveDefaults(sub, subOurs);
    const { global: subGlobal, ...subDefaults } = inner.defaults;
    if (isMap(subGlobal)) globals = mergeValues(subGlobal, globals);
    defaults = { ...defaults, [key]: mergeValues(subDefaults, isMap(defaults[key]) ? defaults[key] : {}) };
  }
  defaults = { ...defaults, global: globals };
  return { defaults, enabled, disabled };
}

export interface AllowedValue {
  readonly release: string;
  /** Dotted key path; the exception covers it and everything below it. */
  readonly path: string;
  readonly reason: string;
}

/** Key paths of `ours` that the defaults do not know (dotted, sorted), minus the allowed exceptions. */
export function unknownValueKeys(ours: Values, defaults: Values, release: string, allowed: readonly AllowedValue[]): string[] {
  const found: string[] = [];
  const isAllowed = (p: string) => allowed.some((a) => a.release === release && (p === a.path || p.startsWith(`${a.path}.`)));
  const walk = (o: Values, d: Values, prefix: string) => {
    for (const [key, value] of Object.entries(o)) {
      const p = prefix === '' ? key : `${prefix}.${key}`;
      if (isAllowed(p)) continue;
      if (!(key in d)) {
        found.push(p);
        continue;
      }
      const def = d[key];
      if (isMap(value) && isMap(def) && Object.keys(def).length > 0) walk(value, def, p);
      // An empty map or null default is free-form; a list is taken whole; a scalar replaces a scalar.
    }
  };
  walk(ours, defaults, '');
  return found.sort();
}
