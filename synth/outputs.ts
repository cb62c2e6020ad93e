/**
 * Generated outputs are built in memory (repo-relative path → text) and only then committed to the working tree:
 * a failing synth writes nothing; a successful one writes what changed and removes what no longer belongs.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Repo-relative path → file content. */
export type OutputFiles = Map<string, string>;

/** What synth owns in the repository: whole directories (stale files removed) and single files. */
export interface Ownership {
  readonly dirs: readonly string[];
  readonly files: readonly string[];
}

export interface CommitResult {
  readonly written: readonly string[];
  readonly unchanged: number;
  readonly removed: readonly string[];
}

function listFiles(root: string, rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(root, child));
    else out.push(child);
  }
  return out;
}

function removeEmptyDirs(root: string, rel: string): void {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) return;
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) if (entry.isDirectory()) removeEmptyDirs(root, `${rel}/${entry.name}`);
  if (fs.readdirSync(abs).length === 0) fs.rmdirSync(abs);
}

/** Checks that every output lies inside what synth owns (a generator bug must not overwrite hand-written files). */
export function assertOwned(files: OutputFiles, owned: Ownership): void {
  for (const file of files.keys()) {
    const inDir = owned.dirs.some((d) => file.startsWith(`${d}/`));
    if (!inDir && !owned.files.includes(file)) throw new Error(`synth produced "${file}", which is outside the generated paths (${[...owned.dirs, ...owned.files].join(', ')})`);
  }
}

/** Files that would change, be added or be removed — without touching the tree (drift checks). */
export function diffOutputs(root: string, files: OutputFiles, owned: Ownership): { changed: string[]; removed: string[] } {
  const changed: string[] = [];
  for (const [file, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const abs = path.join(root, file);
    if (!fs.existsSync(abs) || fs.readFileSync(abs, 'utf8') !== content) changed.push(file);
  }
  const present = [...owned.dirs.flatMap((d) => listFiles(root, d)), ...owned.files.filter((f) => fs.existsSync(path.join(root, f)))];
  const removed = present.filter((f) => !files.has(f)).sort();
  return { changed, removed };
}

/** Writes changed files (write to a temporary sibling, then rename) and removes stale ones. */
export function commitOutputs(root: string, files: OutputFiles, owned: Ownership): CommitResult {
  assertOwned(files, owned);
  const { changed, removed } = diffOutputs(root, files, owned);
  for (const file of changed) {
    const abs = path.join(root, file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, files.get(file)!);
    fs.renameSync(tmp, abs);
  }
  for (const file of removed) fs.rmSync(path.join(root, file));
  for (const dir of owned.dirs) removeEmptyDirs(root, dir);
  return { written: changed, unchanged: files.size - changed.length, removed };
}

/** JSON with 2-space indentation and a final newline (key order as built, which is deterministic). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
