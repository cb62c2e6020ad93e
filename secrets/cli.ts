/**
 * The secrets bridge, run by scripts/secrets.sh (and through it by the Taskfile):
 *   check                       decrypt the vault in memory and validate it against the model
 *   tofu-vars <stack> <file>    write the stack's sensitive variables to <file> (created 0600, must not exist)
 *   sync <stack>                read `tofu output -json` on stdin; copy the stack's tofu-output secrets into the vault
 *   backend-env <stack>         print the shell lines giving the stack's state backend its credentials (read by `eval`):
 *                               the state identity's keys, or for the bootstrap stack (babylon) the person's profile
 *   prune-env <source>          print the `export` lines restic needs to prune a restic source with the prune identity
 *                               (repository, password, the prune identity's keys — never a key a homelab host holds)
 * Plaintext never touches the disk except the 0600 var-file that scripts/secrets.sh removes on exit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import type { Homelab } from '../model/types';
import { resticRepository } from '../model/derive';
import { backendEnvironment, secretCatalogue, secretNames, tofuVariablesFor } from '../model/secrets';
import { bootstrapStack } from '../model/stacks';
import { BOOTSTRAP_AWS_PROFILE } from '../naming/names';
import { checkVault, exampleValueProblems, exampleValuedKeys, formatVaultProblems, isPendingKey } from './check';
import { decryptVault, readVault, vaultLocation, writeVault, VaultError, type VaultLocation } from './vault';

export interface CliIo {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: () => string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const USAGE =
  'usage: secrets check [--allow-pending] | secrets tofu-vars <stack> <file> | secrets sync <stack> < tofu-output.json | secrets backend-env <stack> | secrets prune-env <source>';

function stackNames(model: Homelab): readonly string[] {
  const names = new Set<string>();
  for (const key of secretCatalogue(model)) for (const s of key.tofuStacks ?? []) names.add(s);
  return [...names].sort();
}

function requireStack(model: Homelab, stack: string | undefined): string {
  if (!stack) throw new VaultError(`STACK is required (one of: ${stackNames(model).join(', ')})`);
  if (!stackNames(model).includes(stack)) throw new VaultError(`unknown stack "${stack}" (one of: ${stackNames(model).join(', ')})`);
  return stack;
}

function check(model: Homelab, loc: VaultLocation, io: CliIo, allowPending: boolean): number {
  const values = readVault(loc);
  // Shape and consistency first, then the example's fake values: a vault that still holds them must not be deployed.
  // With --allow-pending (the early checks of `task bootstrap`), keys a later step fills may still hold them.
  const problems = [...checkVault(model, values), ...exampleValueProblems(model, values, allowPending)];
  if (problems.length > 0) {
    io.err(`${formatVaultProblems(problems)}\n`);
    return 1;
  }
  const pending = allowPending ? exampleValuedKeys(model, values).filter(isPendingKey) : [];
  for (const key of pending)
    io.out(
      `secrets:check: pending: ${key.name} still holds the example's value; ${key.filledAt !== undefined ? `bootstrap step ${key.filledAt} fills it` : 'task secrets:sync fills it from the OpenTofu outputs'}\n`,
    );
  io.out(
    `secrets:check: ${secretCatalogue(model).length} keys present and consistent with the model${pending.length > 0 ? ` (${pending.length} pending)` : ''} (${loc.file})\n`,
  );
  return 0;
}

/** The stack's variables as a tfvars JSON object; refuses when one is missing or malformed. */
export function tofuVarFileContent(model: Homelab, stack: string, values: Readonly<Record<string, unknown>>): string {
  const wanted = tofuVariablesFor(model, stack);
  const problems = checkVault(model, values).filter((p) => wanted.some((k) => p.entity === `vault key ${k.name}`));
  if (problems.length > 0) throw new VaultError(`${formatVaultProblems(problems)}\nno var-file was written.`);
  const vars: Record<string, unknown> = {};
  for (const key of wanted) vars[key.name] = values[key.name];
  return `${JSON.stringify(vars, null, 2)}\n`;
}

function tofuVars(model: Homelab, loc: VaultLocation, stack: string, file: string | undefined, io: CliIo): number {
  if (!file) throw new VaultError(USAGE);
  const content = tofuVarFileContent(model, stack, readVault(loc));
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  io.err(`secrets: ${tofuVariablesFor(model, stack).length} variables of stack ${stack} written to a 0600 var-file\n`);
  return 0;
}

/** A value single-quoted for `eval` in a POSIX shell. */
const shellQuote = (v: unknown): string => `'${String(v).replace(/'/g, `'\\''`)}'`;

/**
 * Shell lines for the backend credentials of `stack` (values single-quoted); refuses when one is missing or malformed.
 * The bootstrap stack gets the person's AWS profile instead, and no vault key at all: it creates the state identity.
 */
export function backendEnvLines(model: Homelab, values: Readonly<Record<string, unknown>>, stack: string): string {
  const keys = backendEnvironment(model);
  if (stack === bootstrapStack(model)) {
    return `unset ${[...keys.map((k) => k.backendEnv), 'AWS_SESSION_TOKEN'].join(' ')}\nexport AWS_PROFILE='${BOOTSTRAP_AWS_PROFILE}'\n`;
  }
  const problems = checkVault(model, values).filter((p) => keys.some((k) => p.entity === `vault key ${k.name}`));
  if (problems.length > 0)
    throw new VaultError(
      `${formatVaultProblems(problems)}\nno credentials were exported (the state identity's keys come from \`task secrets:sync STACK=${bootstrapStack(model)}\`).`,
    );
  return keys.map((k) => `export ${k.backendEnv}=${shellQuote(values[k.name])}\n`).join('');
}

/** `export` lines for `restic forget --prune` of one restic source, with the prune identity (never the writer's key). */
export function pruneEnvLines(model: Homelab, values: Readonly<Record<string, unknown>>, sourceName: string | undefined): string {
  const restic = model.backups.sources.filter((s) => s.tool === 'restic');
  const source = restic.find((s) => s.name === sourceName);
  if (source === undefined) throw new VaultError(`SOURCE must be a restic backup source (one of: ${restic.map((s) => s.name).join(', ') || 'none'})`);
  const keys = [secretNames.pruneAccessKeyId, secretNames.pruneSecretAccessKey, secretNames.resticPassword];
  const problems = checkVault(model, values).filter((p) => keys.some((k) => p.entity === `vault key ${k}`));
  if (problems.length > 0)
    throw new VaultError(
      `${formatVaultProblems(problems)}\nnothing was exported (the prune identity's keys come from \`task secrets:sync STACK=${bootstrapStack(model)}\`).`,
    );
  const env: readonly (readonly [string, unknown])[] = [
    ['RESTIC_REPOSITORY', resticRepository(model, source)],
    ['RESTIC_PASSWORD', values[secretNames.resticPassword]],
    ['AWS_ACCESS_KEY_ID', values[secretNames.pruneAccessKeyId]],
    ['AWS_SECRET_ACCESS_KEY', values[secretNames.pruneSecretAccessKey]],
  ];
  return env.map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join('');
}

/** Values of the stack's `tofu-output` secrets from `tofu output -json`. */
export function outputsToSync(model: Homelab, stack: string, outputJson: string): ReadonlyMap<string, unknown> {
  let outputs: Partial<Record<string, { value?: unknown }>>;
  try {
    outputs = JSON.parse(outputJson) as Partial<Record<string, { value?: unknown }>>;
  } catch {
    throw new VaultError('stdin is not the JSON of `tofu output -json`');
  }
  const keys = secretCatalogue(model).filter((k) => k.consumers.includes('tofu-output') && (k.tofuStacks ?? []).includes(stack));
  if (keys.length === 0) throw new VaultError(`stack ${stack} produces no secrets (no catalogue key has consumer tofu-output for it)`);
  const missing = keys.filter((k) => outputs[k.name]?.value === undefined || outputs[k.name]?.value === null);
  if (missing.length > 0)
    throw new VaultError(
      `stack ${stack} has no value for output${missing.length > 1 ? 's' : ''} ${missing.map((k) => k.name).join(', ')}: apply the stack first (\`task tofu:apply STACK=${stack}\`); the vault was left unchanged`,
    );
  return new Map(keys.map((k) => [k.name, outputs[k.name]?.value]));
}

/** Catalogue keys the synthesized stack should output but does not declare (a generator gap, not a missing apply). */
export function undeclaredOutputs(model: Homelab, stack: string, stackJson: string): readonly string[] {
  const declared = Object.keys((JSON.parse(stackJson) as { output?: Record<string, unknown> }).output ?? {});
  return secretCatalogue(model)
    .filter((k) => k.consumers.includes('tofu-output') && (k.tofuStacks ?? []).includes(stack) && !declared.includes(k.name))
    .map((k) => k.name);
}

function sync(model: Homelab, loc: VaultLocation, stack: string, io: CliIo): number {
  const stackFile = path.join(io.root, 'tofu-out', 'stacks', stack, 'cdk.tf.json');
  if (fs.existsSync(stackFile)) {
    const missing = undeclaredOutputs(model, stack, fs.readFileSync(stackFile, 'utf8'));
    if (missing.length > 0)
      throw new VaultError(
        `stack ${stack} declares no output named ${missing.join(', ')}: the stack must output each tofu-output secret under its catalogue key's name (model/secrets.ts); the vault was left unchanged`,
      );
  }
  const values = outputsToSync(model, stack, io.stdin());
  const doc = parseDocument(decryptVault(loc));
  const changed: string[] = [];
  for (const [key, value] of values) {
    const before: unknown = doc.get(key);
    if (JSON.stringify(before) === JSON.stringify(value)) continue;
    doc.set(key, value);
    changed.push(key);
  }
  if (changed.length === 0) {
    io.out(`secrets:sync: the vault already holds the ${values.size} secrets of stack ${stack}\n`);
    return 0;
  }
  writeVault(loc, doc.toString({ lineWidth: 0 }));
  io.out(`secrets:sync: updated ${changed.join(', ')} in the vault (${loc.file}); commit the encrypted vault\n`);
  return 0;
}

export function runSecretsCli(model: Homelab, argv: readonly string[], io: CliIo): number {
  const [command, stack, file] = [argv.at(0), argv.at(1), argv.at(2)];
  const loc = vaultLocation(io.root, io.env);
  try {
    switch (command) {
      case 'check':
        if (stack !== undefined && stack !== '--allow-pending') throw new VaultError(USAGE);
        return check(model, loc, io, stack === '--allow-pending');
      case 'tofu-vars':
        return tofuVars(model, loc, requireStack(model, stack), file, io);
      case 'sync':
        return sync(model, loc, requireStack(model, stack), io);
      case 'prune-env':
        io.out(pruneEnvLines(model, readVault(loc), stack));
        return 0;
      case 'backend-env':
        io.out(backendEnvLines(model, readVault(loc), requireStack(model, stack)));
        return 0;
      default:
        io.err(`${USAGE}\n`);
        return 2;
    }
  } catch (err) {
    if (err instanceof VaultError) {
      io.err(`secrets: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
