/**
 * Generated outputs are built in memory (repo-relative path → text) and only then committed to the working tree:
 * a failing synth writes nothing; a successful one writes what changed and removes what no longer belongs, as one
 * crash-safe transaction (commitOutputs).
 */
import * as fs from 'fs';
import * as path from 'path';
import { known } from '../model/errors';

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

/** Checks that every output lies inside what synth owns (a generator bug must not overwrite hand-written files). */
export function assertOwned(files: OutputFiles, owned: Ownership): void {
  for (const file of files.keys()) {
    const inDir = owned.dirs.some((d) => file.startsWith(`${d}/`));
    if (!inDir && !owned.files.includes(file))
      throw new Error(`synth produced "${file}", which is outside the generated paths (${[...owned.dirs, ...owned.files].join(', ')})`);
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

/**
 * Publishing is crash-safe across files, as one transaction in `<root>/.synth-txn/`:
 *   1. stage: every changed file is written under `.synth-txn/new/<path>` (a crash here leaves the old set and a
 *      staging folder the next run deletes);
 *   2. commit point: the journal (`.synth-txn/journal.json`: files to publish, files to remove, owned folders) is
 *      written to a temporary name and renamed into place — one atomic rename;
 *   3. publish: each staged file is renamed over its target, stale files are removed, emptied folders dropped;
 *   4. the journal is deleted, then the staging folder.
 * A crash after the commit point leaves a journal: the next run (`recoverOutputs`, first thing `commitOutputs` does)
 * finishes the publish (every step is idempotent), so the tree is always the old set or the new one once recovered,
 * and no temporary file outlives the next run. A process crash (kill, OOM) is covered; staged files and the journal
 * are also flushed to disk (fsync) before the commit point.
 */
export const TXN_DIR = '.synth-txn';
const JOURNAL = 'journal.json';
const STAGED = 'new';

interface Journal {
  readonly publish: readonly string[];
  readonly remove: readonly string[];
  readonly dirs: readonly string[];
}

/**
 * Fault injection for the crash test: with HOMELAB_SYNTH_KILL_AFTER=N, the process SIGKILLs itself right after its
 * N-th filesystem change of the write phase (a real kill, at an exact point). Unset in normal runs.
 */
class WritePhase {
  private ops = 0;
  private readonly killAfter: number | undefined;

  constructor() {
    const raw = process.env.HOMELAB_SYNTH_KILL_AFTER;
    this.killAfter = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  }

  /** Runs one filesystem change, then counts it. */
  step<T>(change: () => T): T {
    const result = change();
    this.ops++;
    if (this.ops === this.killAfter) process.kill(process.pid, 'SIGKILL');
    return result;
  }

  mkdir(abs: string): void {
    if (!fs.existsSync(abs)) this.step(() => fs.mkdirSync(abs, { recursive: true }));
  }

  /** Writes and flushes a file (open, write, fsync+close: three kill points, so a torn file is exercised too). */
  writeDurably(abs: string, content: string): void {
    const fd = this.step(() => fs.openSync(abs, 'w'));
    try {
      this.step(() => fs.writeSync(fd, content));
      fs.fsyncSync(fd);
    } finally {
      this.step(() => fs.closeSync(fd));
    }
  }

  rename(from: string, to: string): void {
    this.step(() => fs.renameSync(from, to));
  }

  remove(abs: string): void {
    if (fs.existsSync(abs)) this.step(() => fs.rmSync(abs, { recursive: true, force: true }));
  }

  removeEmptyDirs(root: string, rel: string): void {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) if (entry.isDirectory()) this.removeEmptyDirs(root, `${rel}/${entry.name}`);
    if (fs.readdirSync(abs).length === 0) this.step(() => fs.rmdirSync(abs));
  }
}

/** A temporary file an older synth (write-then-rename with `.tmp-<pid>`) left when it was killed. */
const LEGACY_TEMP = /\.tmp-\d+$/;

function publish(root: string, journal: Journal, phase: WritePhase): void {
  const txn = path.join(root, TXN_DIR);
  for (const file of journal.publish) {
    const staged = path.join(txn, STAGED, file);
    if (!fs.existsSync(staged)) continue; // already published before a crash
    const abs = path.join(root, file);
    phase.mkdir(path.dirname(abs));
    phase.rename(staged, abs);
  }
  for (const file of journal.remove) phase.remove(path.join(root, file));
  for (const dir of journal.dirs) phase.removeEmptyDirs(root, dir);
  phase.remove(path.join(txn, JOURNAL));
  phase.remove(txn);
}

/**
 * Brings the tree back to one whole set after a crashed run: a committed journal is published to the end (the new
 * set), an uncommitted staging folder is deleted (the old set stays), temporary files of older synths are removed.
 * Returns what it did ('none' when the last run finished).
 */
export function recoverOutputs(root: string, owned: Ownership, phase = new WritePhase()): 'none' | 'finished' | 'discarded' {
  const txn = path.join(root, TXN_DIR);
  const journalFile = path.join(txn, JOURNAL);
  let outcome: 'none' | 'finished' | 'discarded' = 'none';
  if (fs.existsSync(journalFile)) {
    publish(root, JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal, phase);
    outcome = 'finished';
  } else if (fs.existsSync(txn)) {
    phase.remove(txn);
    outcome = 'discarded';
  }
  for (const file of owned.dirs.flatMap((d) => listFiles(root, d))) if (LEGACY_TEMP.test(file)) phase.remove(path.join(root, file));
  return outcome;
}

/** True when a crashed run left a transaction the next `commitOutputs` will finish or discard. */
export function pendingRecovery(root: string): boolean {
  return fs.existsSync(path.join(root, TXN_DIR));
}

/** Writes changed files and removes stale ones as one crash-safe transaction (see TXN_DIR). */
export function commitOutputs(root: string, files: OutputFiles, owned: Ownership): CommitResult {
  assertOwned(files, owned);
  const phase = new WritePhase();
  recoverOutputs(root, owned, phase);
  const { changed, removed } = diffOutputs(root, files, owned);
  if (changed.length + removed.length > 0) {
    const txn = path.join(root, TXN_DIR);
    for (const file of changed) {
      const staged = path.join(txn, STAGED, file);
      phase.mkdir(path.dirname(staged));
      phase.writeDurably(staged, known(files, file, 'output file'));
    }
    const journal: Journal = { publish: changed, remove: removed, dirs: owned.dirs };
    phase.mkdir(txn); // a run that only removes files stages nothing
    const pending = path.join(txn, `${JOURNAL}.tmp`);
    phase.writeDurably(pending, jsonText(journal));
    phase.rename(pending, path.join(txn, JOURNAL)); // the commit point
    publish(root, journal, phase);
  }
  return { written: changed, unchanged: files.size - changed.length, removed };
}

/** JSON with 2-space indentation and a final newline (key order as built, which is deterministic). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
