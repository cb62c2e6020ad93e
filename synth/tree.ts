/**
 * The generated files as they stand — in the working tree, or at a git ref — for `synth --diff`. Only paths synth owns
 * are read, so hand-written files never enter a diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import type { OutputFiles, Ownership } from './outputs';

function walk(root: string, rel: string, out: OutputFiles): void {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return;
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) walk(root, child, out);
    else if (entry.isFile()) out.set(child, fs.readFileSync(path.join(root, child), 'utf8'));
  }
}

/** Every owned file of the working tree under `root`. */
export function readWorkingTree(root: string, owned: Ownership): OutputFiles {
  const out: OutputFiles = new Map();
  for (const dir of owned.dirs) walk(root, dir, out);
  for (const file of owned.files) if (fs.existsSync(path.join(root, file))) out.set(file, fs.readFileSync(path.join(root, file), 'utf8'));
  return out;
}

function git(root: string, args: readonly string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Every owned file at git `ref` (a commit, branch or tag) of the repository at `root`. */
export function readGitRef(root: string, ref: string, owned: Ownership): OutputFiles {
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`git ref "${ref}" does not name a commit of ${root} (try main, HEAD~1 or a commit id)`);
  }
  const names = git(root, ['ls-tree', '-r', '-z', '--name-only', ref, '--', ...owned.dirs, ...owned.files])
    .split('\0')
    .filter((n) => n !== '');
  const out: OutputFiles = new Map();
  for (const name of names) out.set(name, git(root, ['show', `${ref}:${name}`]));
  return out;
}
