/** Test helpers for whole-tree comparisons of synth output folders. */
import * as fs from 'fs';
import * as path from 'path';
import { TXN_DIR } from '../../synth/outputs';

export type Tree = Record<string, string>;

/** Every file under root (relative path → content), the transaction folder included so orphans show up. */
export function tree(root: string): Tree {
  const out: Tree = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(root, child), 'utf8');
    }
  };
  walk('');
  return out;
}

export function withoutTxn(t: Tree): Tree {
  return Object.fromEntries(Object.entries(t).filter(([f]) => !f.startsWith(`${TXN_DIR}/`)));
}

export function isEqual(a: Tree, b: Tree): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

export function plant(root: string, t: Tree): void {
  for (const [file, content] of Object.entries(t)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
}
