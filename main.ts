/**
 * `npm run synth [-- --model <file>] [--check | --diff [REF] [--markdown]] [--quiet]`
 *
 * Builds every output from the homelab model — tofu-out/ (OpenTofu JSON, one stack per location or blast radius),
 * k8s/ (Flux), docs/NAMING_CONVENTION.md — and writes them only when the whole model is valid and every output was
 * built. `--check` writes nothing and fails when the committed outputs differ from a fresh synth; `--diff` writes
 * nothing and prints what the change does to each output (synth/diff.ts).
 */
// First: the one dependency warning the synth drops (synth/node-warnings.ts). `npm run synth` runs this module from
// one bundle with V8's code cache (synth/launcher.ts); `node dist/main.js` runs it from its ~800 modules, uncached.
import './synth/node-warnings';
import * as fs from 'fs';
import * as path from 'path';
import { homelab } from './homelab';
import { loadModelFile } from './model/load';
import { ModelError } from './model/errors';
import { synthesize, OWNERSHIP, type SynthResult } from './synth';
import { commitOutputs, diffOutputs, pendingRecovery, TXN_DIR, type CommitResult } from './synth/outputs';
import { TOFU_OUT } from './synth/tofu';
import { diffGenerated, renderMarkdown, renderText } from './synth/diff';
import { readGitRef, readWorkingTree } from './synth/tree';

interface Options {
  readonly model?: string;
  readonly check: boolean;
  readonly quiet: boolean;
  readonly root: string;
  /** `--diff [REF]`: compare a fresh synth with the working tree (`true`) or with git REF; writes nothing. */
  readonly diff?: true | string;
  /** `--markdown`: the diff as Markdown (for a CI job summary). */
  readonly markdown: boolean;
}

const USAGE = 'usage: npm run synth [-- --model <file.json|file.ts>] [--check | --diff [REF] [--markdown]] [--quiet] [--root <dir>]';

export function parseArgs(argv: readonly string[]): Options {
  let model: string | undefined;
  let check = false;
  let quiet = false;
  let diff: true | string | undefined;
  let markdown = false;
  let root = path.resolve(__dirname, path.basename(__dirname) === 'dist' ? '..' : '.');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--model' || arg === '--root') {
      const value = argv.at(++i);
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--model') model = value;
      else root = path.resolve(value);
    } else if (arg === '--check') check = true;
    else if (arg === '--quiet') quiet = true;
    else if (arg === '--diff') {
      const next = argv.at(i + 1);
      diff = next !== undefined && !next.startsWith('--') ? (i++, next) : true;
    } else if (arg === '--markdown') markdown = true;
    else throw new UsageError(`unknown argument "${arg}"`);
  }
  if (check && diff !== undefined) throw new UsageError('--check and --diff exclude each other');
  if (markdown && diff === undefined) throw new UsageError('--markdown goes with --diff');
  return { model, check, quiet, root, diff, markdown };
}

export class UsageError extends Error {}

function summary(result: SynthResult, commit: CommitResult | undefined, ms: number): string {
  const lines = ['synth: homelab model valid'];
  for (const s of result.stacks)
    lines.push(
      `  stack ${s.name.padEnd(10)} ${String(s.resources).padStart(3)} resources, ${s.dataSources} data sources, ${s.variables} variables, ${s.outputs} outputs`,
    );
  for (const o of result.k8s.objects) lines.push(`  k8s   ${o.unit.padEnd(22)} ${String(o.count).padStart(3)} objects`);
  if (commit) lines.push(`  files: ${commit.written.length} written, ${commit.unchanged} unchanged, ${commit.removed.length} removed`);
  for (const f of commit?.written ?? []) lines.push(`    + ${f}`);
  for (const f of commit?.removed ?? []) lines.push(`    - ${f}`);
  lines.push(`  done in ${ms} ms`);
  return lines.join('\n');
}

/** When `npx cdktf synth` runs us, it reads the stacks from CDKTF_OUTDIR: mirror tofu-out/ there. */
function mirrorForCdktfCli(root: string, result: SynthResult): void {
  const outdir = process.env.CDKTF_OUTDIR;
  if (outdir === undefined || path.resolve(outdir) === path.join(root, TOFU_OUT)) return;
  for (const [file, content] of result.files) {
    if (!file.startsWith(`${TOFU_OUT}/`)) continue;
    const target = path.join(outdir, file.slice(TOFU_OUT.length + 1));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

export function main(argv: readonly string[]): number {
  const started = process.hrtime.bigint();
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`synth: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const value = options.model === undefined ? homelab : loadModelFile(options.model);
    const result = synthesize(value);
    const ms = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
    if (options.diff !== undefined) {
      const before = options.diff === true ? readWorkingTree(options.root, OWNERSHIP) : readGitRef(options.root, options.diff, OWNERSHIP);
      const report = diffGenerated(before, result.files);
      process.stdout.write(
        options.markdown ? renderMarkdown(report) : renderText(report, { color: process.stdout.isTTY && process.env.NO_COLOR === undefined }),
      );
      return 0;
    }
    if (options.check) {
      if (pendingRecovery(options.root)) {
        process.stderr.write(
          `synth --check: [${TXN_DIR}] an interrupted synth left its transaction — rule: synth-atomic — fix: run npm run synth (it finishes or discards it first)\n`,
        );
        return 1;
      }
      const drift = diffOutputs(options.root, result.files, OWNERSHIP);
      if (drift.changed.length + drift.removed.length > 0) {
        process.stderr.write(
          `synth --check: generated files differ from a fresh synth (run npm run synth and commit):\n${[...drift.changed.map((f) => `  changed: ${f}`), ...drift.removed.map((f) => `  stale:   ${f}`)].join('\n')}\n`,
        );
        return 1;
      }
      if (!options.quiet) process.stdout.write(`synth --check: ${result.files.size} generated files match a fresh synth (${ms()} ms)\n`);
      return 0;
    }
    const commit = commitOutputs(options.root, result.files, OWNERSHIP);
    mirrorForCdktfCli(options.root, result);
    if (!options.quiet) process.stdout.write(`${summary(result, commit, ms())}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ModelError) {
      process.stderr.write(`synth: ${err.message}\nnothing was written.\n`);
      return 1;
    }
    process.stderr.write(`synth: failed: ${(err as Error).stack ?? String(err)}\nnothing was written.\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
