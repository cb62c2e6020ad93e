/**
 * scripts/check-state-settings.sh, per stack:
 *
 *   extract STACK_JSON DIR encryption|backend   DIR/main.tf.json: the stack's `terraform` block without providers
 *                                               (and, for encryption, without the backend) plus the variables it uses
 *   encrypted STATE_FILE                        exit 0 when the state OpenTofu wrote is encrypted (no plain resources)
 */
import * as fs from 'fs';
import * as path from 'path';
import { usage, type ScriptIo } from './io';

export type Mode = 'encryption' | 'backend';

interface StackJson {
  readonly terraform?: Record<string, unknown>;
  readonly variable?: Record<string, unknown>;
}

/** The configuration that exercises only the stack's shared settings; throws naming the missing block. */
export function settingsConfig(stack: StackJson, mode: Mode): { terraform: Record<string, unknown>; variable: Record<string, unknown> } {
  const terraform = { ...(stack.terraform ?? {}) };
  delete terraform.required_providers;
  if (mode === 'encryption') delete terraform.backend;
  if (terraform.encryption === undefined) throw new Error('no terraform.encryption block');
  const backend = terraform.backend as { s3?: unknown } | undefined;
  if (mode === 'backend' && backend?.s3 === undefined) throw new Error('no terraform.backend.s3 block');
  const used = JSON.stringify(terraform);
  const variable = Object.fromEntries(Object.entries(stack.variable ?? {}).filter(([k]) => used.includes(`var.${k}`)));
  return { terraform, variable };
}

/** An OpenTofu state file with encryption on: `encrypted_data`, and no readable `resources`. */
export function isEncryptedState(state: unknown): boolean {
  const s = state as { encrypted_data?: unknown; resources?: unknown } | null;
  return typeof s === 'object' && s !== null && Boolean(s.encrypted_data) && !s.resources;
}

export function main(argv: readonly string[], io: ScriptIo): number {
  const [command, a, b, mode] = argv;
  if (argv.length === 4 && command === 'extract' && (mode === 'encryption' || mode === 'backend')) {
    let config;
    try {
      config = settingsConfig(JSON.parse(fs.readFileSync(a, 'utf8')) as StackJson, mode);
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 1;
    }
    fs.mkdirSync(b, { recursive: true });
    fs.writeFileSync(path.join(b, 'main.tf.json'), JSON.stringify(config, null, 2));
    return 0;
  }
  if (argv.length === 2 && command === 'encrypted') {
    try {
      return isEncryptedState(JSON.parse(fs.readFileSync(a, 'utf8'))) ? 0 : 1;
    } catch {
      return 1;
    }
  }
  return usage(io, 'state-settings.ts extract STACK_JSON DIR encryption|backend | encrypted STATE_FILE');
}
