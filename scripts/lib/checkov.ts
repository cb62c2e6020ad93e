/**
 * scripts/checkov.sh around the real checkov run:
 *
 *   skips SKIPS_YAML                       the skipped check ids, comma-separated; fails on an entry without a reason,
 *                                          with a bad id, or listed twice
 *   prepare STACK_JSON OUT_JSON            a copy checkov 3.3.30's terraform_json parser accepts (no scalars directly
 *                                          under `terraform`, e.g. required_version)
 *   report REPORT_JSON SCAN_DIR STACK...   the summary line; fails on failed checks, parsing errors, or a stack with
 *                                          AWS/OCI resources that yielded no check (it was not scanned)
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { usage, type ScriptIo } from './io';

interface Skip {
  readonly id?: unknown;
  readonly reason?: unknown;
}

/** The ids of checkov-skips.yaml, or the problems (each `FILE: skips[i]: …`). */
export function readSkips(file: string, text: string): { ids: string[]; problems: string[] } {
  const doc = (parse(text) ?? {}) as { skips?: readonly (Skip | null)[] };
  const seen = new Set<string>();
  const problems: string[] = [];
  (doc.skips ?? []).forEach((s, i) => {
    const id = s === null ? undefined : String(s.id);
    if (id === undefined || !/^CKV2?_[A-Z0-9]+_\d+$/.test(id)) problems.push(`skips[${i}]: id "${id ?? ''}" is not a checkov check id`);
    else if (seen.has(id)) problems.push(`skips[${i}]: ${id} is listed twice — keep one entry`);
    if (s === null || typeof s.reason !== 'string' || s.reason.trim().length < 20)
      problems.push(`skips[${i}]: ${id ?? ''} has no reason — say why the check does not apply`);
    if (id !== undefined) seen.add(id);
  });
  return { ids: [...seen], problems: problems.map((p) => `${file}: ${p}`) };
}

/** The stack without the scalar attributes of its `terraform` block. */
export function scannable(stack: { terraform?: Record<string, unknown> }): unknown {
  const terraform = Object.fromEntries(Object.entries(stack.terraform ?? {}).filter(([, v]) => typeof v === 'object'));
  return stack.terraform === undefined ? stack : { ...stack, terraform };
}

interface Check {
  readonly check_id?: string;
  readonly check_name?: string;
  readonly file_path?: string;
  readonly resource?: string;
}
interface CheckovReport {
  readonly results?: { readonly passed_checks?: readonly Check[]; readonly failed_checks?: readonly Check[] };
  readonly summary?: Partial<Record<'passed' | 'failed' | 'skipped' | 'parsing_errors', number>>;
}

export interface ReportOutcome {
  readonly ok: boolean;
  readonly out: readonly string[];
  readonly err: readonly string[];
}

/**
 * checkov's exit code decides pass or fail; the report is read to print a summary and to refuse a scan that checked
 * nothing or could not parse. `resourcesOf(stack)` gives the resource types of a scanned stack.
 */
export function judgeReport(doc: CheckovReport | readonly CheckovReport[], stacks: readonly string[], resourcesOf: (stack: string) => string[]): ReportOutcome {
  const out: string[] = [];
  const err: string[] = [];
  const reports: readonly CheckovReport[] = Array.isArray(doc) ? doc : [doc as CheckovReport];
  const sum = { passed: 0, failed: 0, skipped: 0, parsing_errors: 0 };
  const perStack = new Map(stacks.map((s) => [s, 0]));
  for (const r of reports) {
    for (const c of r.results?.failed_checks ?? []) err.push(`FAILED ${c.check_id} ${c.file_path} ${c.resource}: ${c.check_name}`);
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r.summary?.[k] ?? 0;
    for (const c of [...(r.results?.passed_checks ?? []), ...(r.results?.failed_checks ?? [])]) {
      const stack = (c.file_path ?? '').split('/').find(Boolean) ?? '';
      const n = perStack.get(stack);
      if (n !== undefined) perStack.set(stack, n + 1);
    }
  }
  out.push(
    `checkov: ${sum.passed} passed, ${sum.failed} failed, ${sum.parsing_errors} parsing errors (${[...perStack].map(([s, n]) => `${s} ${n}`).join(', ')} checks)`,
  );
  let ok = sum.failed === 0 && sum.parsing_errors === 0;
  // A stack with AWS or OCI resources must yield checks (checkov has policies for them); checkov 3.3.30 has no policy
  // for the Cloudflare resources of the edge stack, which is then parsed (no parsing error) but has nothing to check.
  for (const [s, n] of perStack) {
    if (n > 0) continue;
    const types = resourcesOf(s);
    const covered = types.filter((t) => /^(aws|oci)_/.test(t));
    if (covered.length > 0) {
      err.push(`checkov: stack ${s} has ${covered.join(', ')} but produced no checks — it was not scanned`);
      ok = false;
    } else out.push(`checkov: NOTE stack ${s}: parsed, no checkov policy covers its resource types (${types.join(', ') || 'none'})`);
  }
  return { ok, out, err };
}

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

export function main(argv: readonly string[], io: ScriptIo): number {
  const [command, ...args] = argv;
  if (command === 'skips' && args.length === 1) {
    const { ids, problems } = readSkips(args[0], fs.readFileSync(args[0], 'utf8'));
    if (problems.length > 0) {
      io.err(`${problems.join('\n')}\n`);
      return 1;
    }
    io.out(`${ids.join(',')}\n`);
    return 0;
  }
  if (command === 'prepare' && args.length === 2) {
    fs.writeFileSync(args[1], JSON.stringify(scannable(readJson(args[0]) as { terraform?: Record<string, unknown> }), null, 2));
    return 0;
  }
  if (command === 'report' && args.length >= 3) {
    const [file, scanDir, ...stacks] = args;
    let doc: unknown;
    try {
      doc = readJson(file);
    } catch (e) {
      io.err(`checkov: no JSON report (${(e as Error).message})\n`);
      return 1;
    }
    const resourcesOf = (s: string) => Object.keys((readJson(path.join(scanDir, s, 'cdk.tf.json')) as { resource?: object }).resource ?? {});
    const r = judgeReport(doc as CheckovReport, stacks, resourcesOf);
    for (const l of r.err) io.err(`${l}\n`);
    for (const l of r.out) io.out(`${l}\n`);
    return r.ok ? 0 : 1;
  }
  return usage(io, 'checkov.ts skips SKIPS_YAML | prepare STACK_JSON OUT_JSON | report REPORT_JSON SCAN_DIR STACK...');
}
