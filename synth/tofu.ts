/** OpenTofu layer: the cdktf App of every stack, synthesized into memory as tofu-out/. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from '../constructs/core';
import type { ResolvedModel } from '../model/resolved';
import { buildStacks } from '../stacks';
import { GENERATED_BY } from '../naming/header';
import { jsonText, type OutputFiles } from './outputs';

export const TOFU_OUT = 'tofu-out';

export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly variables: number;
  readonly outputs: number;
}

function count(block: unknown): number {
  if (typeof block !== 'object' || block === null) return 0;
  return Object.values(block).reduce((n: number, byName) => n + Object.keys(byName as object).length, 0);
}

/** Puts the generated-by line first in the stack's "//" comment block (OpenTofu JSON ignores "//" keys). */
function withHeader(stack: Record<string, unknown>): Record<string, unknown> {
  const comment = (stack['//'] ?? {}) as Record<string, unknown>;
  const { ['//']: _omit, ...rest } = stack;
  return { '//': { generated: GENERATED_BY, ...comment }, ...rest };
}

/**
 * cdktf records a full stack trace for every token it creates (kept only for its own diagnostics); formatting those
 * traces was a quarter of synth time. While the App is built, captures onto plain objects (cdktf's) format as empty;
 * real errors keep their usual message and frames.
 */
export function withCheapTokenTraces<T>(fn: () => T): T {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- V8's hook is saved and put back, never called here
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) =>
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a V8 CallSite formats as its frame line; @types/node omits its toString
    target instanceof Error ? `${String(target)}\n${frames.map((f) => `    at ${String(f)}`).join('\n')}` : '';
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** Synthesizes every stack; returns tofu-out/ files and a summary per stack. */
export function synthTofu(model: ResolvedModel): { files: OutputFiles; stacks: StackSummary[] } {
  return withCheapTokenTraces(() => synthStacks(model));
}

function synthStacks(model: ResolvedModel): { files: OutputFiles; stacks: StackSummary[] } {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'homelab-tofu-'));
  try {
    const app = new App({ outdir: staging, skipValidation: false, context: { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' } });
    const stacks = buildStacks(app, model);
    app.synth();
    const files: OutputFiles = new Map();
    const summaries: StackSummary[] = [];
    for (const stack of stacks) {
      const rel = `stacks/${stack.stackName}/cdk.tf.json`;
      const json = JSON.parse(fs.readFileSync(path.join(staging, rel), 'utf8')) as Record<string, unknown>;
      files.set(`${TOFU_OUT}/${rel}`, jsonText(withHeader(json)));
      summaries.push({
        name: stack.stackName,
        resources: count(json.resource),
        dataSources: count(json.data),
        variables: Object.keys((json.variable as object | undefined) ?? {}).length,
        outputs: Object.keys((json.output as object | undefined) ?? {}).length,
      });
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(staging, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    files.set(`${TOFU_OUT}/manifest.json`, jsonText({ '//': { generated: GENERATED_BY }, ...manifest }));
    return { files, stacks: summaries };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
