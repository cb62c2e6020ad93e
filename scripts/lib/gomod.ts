/**
 * scripts/tools.sh, generating a tools module from an upstream go.mod (`go mod edit -json` on stdin):
 *
 *   go-version     the `go` directive (1.26 when it has none)
 *   replaces       one `old[@version]=new[@version]` per replace directive, for `go mod edit -replace`
 */
import { usage, type ScriptIo } from './io';

interface ModuleVersion {
  readonly Path: string;
  readonly Version?: string;
}
export interface GoModJson {
  readonly Go?: string;
  readonly Replace?: readonly { readonly Old: ModuleVersion; readonly New: ModuleVersion }[] | null;
}

export const DEFAULT_GO = '1.26';

export function goVersion(mod: GoModJson): string {
  return mod.Go !== undefined && mod.Go !== '' ? mod.Go : DEFAULT_GO;
}

export function replaceArgs(mod: GoModJson): string[] {
  const ref = (m: ModuleVersion) => (m.Version !== undefined && m.Version !== '' ? `${m.Path}@${m.Version}` : m.Path);
  return (mod.Replace ?? []).map((r) => `${ref(r.Old)}=${ref(r.New)}`);
}

export function main(argv: readonly string[], io: ScriptIo): number {
  if (argv.length !== 1 || (argv[0] !== 'go-version' && argv[0] !== 'replaces')) return usage(io, 'gomod.ts go-version|replaces  (go mod edit -json on stdin)');
  let mod: GoModJson;
  try {
    mod = JSON.parse(io.stdin()) as GoModJson;
  } catch (e) {
    io.err(`gomod: stdin is not the JSON of go mod edit -json (${(e as Error).message})\n`);
    return 1;
  }
  const lines = argv[0] === 'go-version' ? [goVersion(mod)] : replaceArgs(mod);
  if (lines.length > 0) io.out(`${lines.join('\n')}\n`);
  return 0;
}
