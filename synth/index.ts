/**
 * Synth of every output from one model: validate first (nothing is built from an invalid model), then build all
 * outputs in memory. Writing them is main.ts's job (commitOutputs), so a failure anywhere leaves the tree as it was.
 */
import { resolveModel, type ResolvedModel } from '../model/resolved';
import { checkDeployable } from '../deploy';
import { synthTofu, TOFU_OUT, type StackSummary } from './tofu';
import { synthK8s, K8S_OUT, type K8sSummary } from './k8s';
import { synthAnsible, ANSIBLE_OWNERSHIP } from './ansible';
import { namingConventionMarkdown } from '../naming/document';
import { markdownHeader } from '../naming/header';
import { synthDocs, DOCS_FILES } from './docs';
import { BOOTSTRAP_MD, bootstrapMarkdown } from '../bootstrap';
import { MODEL_JSON_SCHEMA, modelJsonSchema } from '../model/json-schema';
import type { OutputFiles, Ownership } from './outputs';

/** Everything synth writes: these directories wholly, and these single files. */
export const OWNERSHIP: Ownership = {
  dirs: [TOFU_OUT, K8S_OUT, ...ANSIBLE_OWNERSHIP.dirs],
  files: ['docs/NAMING_CONVENTION.md', MODEL_JSON_SCHEMA, ...DOCS_FILES, BOOTSTRAP_MD, ...ANSIBLE_OWNERSHIP.files],
};

export interface SynthResult {
  readonly model: ResolvedModel;
  readonly files: OutputFiles;
  readonly stacks: readonly StackSummary[];
  readonly k8s: K8sSummary;
}

/**
 * Validates and resolves `value` (model/resolved.ts), checks it against the deploy rules, and synthesizes all outputs
 * in memory from the resolved model. Throws ModelError listing every problem (model rules and the stack layout first;
 * deploy rules only run on a valid model).
 */
export function synthesize(value: unknown): SynthResult {
  const model = resolveModel(value);
  checkDeployable(model);
  const tofu = synthTofu(model);
  const k8s = synthK8s(model);
  const files: OutputFiles = new Map([...tofu.files, ...k8s.files]);
  files.set('docs/NAMING_CONVENTION.md', namingConventionMarkdown(markdownHeader()));
  for (const [file, text] of synthDocs(
    model,
    tofu.stacks.map((s) => s.name),
  ))
    files.set(file, text);
  files.set(BOOTSTRAP_MD, bootstrapMarkdown(model));
  files.set(MODEL_JSON_SCHEMA, modelJsonSchema());
  for (const [file, content] of synthAnsible(model)) files.set(file, content);
  return { model, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), stacks: tofu.stacks, k8s: k8s.summary };
}
