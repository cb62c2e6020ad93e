/** Line-level edits of generated Go registration files (they are one import / one entry per line, gofmt'ed). */
import * as fs from 'fs';
import * as path from 'path';

export function readSource(root: string, rel: string): string {
  const file = path.join(root, rel);
  if (!fs.existsSync(file))
    throw new Error(`[${rel}] missing in ${root} — rule: the upstream layout this trimmer reads — fix: check the provider version (tools/provider-trim)`);
  return fs.readFileSync(file, 'utf8');
}

/** The `.go` files of a directory, tests left out, sorted. */
export function goFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** An import line of a package under `pathPrefix`: the identifier the file uses for it and the part after the prefix. */
export interface ServiceImport {
  readonly line: number;
  readonly ident: string;
  readonly service: string;
}

export function serviceImports(lines: readonly string[], pathPrefix: string): ServiceImport[] {
  const out: ServiceImport[] = [];
  lines.forEach((text, line) => {
    const m = /^\t(?:([A-Za-z_]\w*) )?"([^"]+)"$/.exec(text);
    if (!m?.[2].startsWith(pathPrefix)) return;
    const service = m[2].slice(pathPrefix.length);
    out.push({ line, ident: m.at(1) ?? service.split('/').at(-1) ?? service, service });
  });
  return out;
}

/** Line range [open, close] of `func <signature>…{` … `}` at the top level. */
export function functionBody(lines: readonly string[], signature: RegExp, file: string): { open: number; close: number } {
  const open = lines.findIndex((l) => signature.test(l));
  if (open < 0)
    throw new Error(
      `[${file}] no function matching ${signature} — rule: the upstream layout this trimmer reads — fix: check the provider version (tools/provider-trim)`,
    );
  const close = lines.findIndex((l, i) => i > open && l === '}');
  if (close < 0) throw new Error(`[${file}] function at line ${open + 1} is not closed`);
  return { open, close };
}

/** Identifiers of dropped packages still referenced (as `ident.`) in code: trimming them would not compile. */
export function danglingReferences(text: string, dropped: Iterable<string>): string[] {
  const code = text
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, ''))
    .join('\n');
  return [...dropped].filter((ident) => new RegExp(`\\b${ident}\\.`).test(code)).sort();
}
