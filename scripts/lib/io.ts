/** What a script of scripts/lib/ gets from scripts/run-ts.js (and a test gets to pass its own). */
export interface ScriptIo {
  /** The repository root. */
  readonly root: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The whole standard input, read when called. */
  readonly stdin: () => string;
}

/** An io that collects what a script writes (for tests and for callers that want the text). */
export function collectingIo(root: string, input = ''): ScriptIo & { readonly stdout: () => string; readonly stderr: () => string } {
  let out = '';
  let err = '';
  return {
    root,
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    stdin: () => input,
    stdout: () => out,
    stderr: () => err,
  };
}

/** A usage error: the script prints `usage` and exits 2. */
export function usage(io: ScriptIo, text: string): number {
  io.err(`usage: ${text}\n`);
  return 2;
}
