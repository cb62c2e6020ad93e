/** Crash-safe synth, the quick cases (the kill test of every write-phase point is __tests__/real-tools/synth-kill.test.ts). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OWNERSHIP, synthesize } from '../../synth';
import { commitOutputs, recoverOutputs, TXN_DIR } from '../../synth/outputs';
import { main } from '../../main';
import { homelab } from '../../homelab';
import { plant, tree } from '../helpers/tree';

const seed = synthesize(homelab).files;
let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-crash-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('crash-safe synth', () => {
  it('the next run removes temporary files an older synth left when killed (*.tmp-<pid>)', () => {
    plant(root, Object.fromEntries(seed));
    fs.writeFileSync(path.join(root, 'tofu-out/stacks/asgard/cdk.tf.json.tmp-4242'), '{"half":');
    expect(commitOutputs(root, seed, OWNERSHIP).written).toEqual([]);
    expect(tree(root)).toEqual(Object.fromEntries(seed));
  });

  it('a committed journal is finished by the next run: staged files published, stale ones removed, nothing left over', () => {
    plant(root, Object.fromEntries(seed));
    const [file] = [...seed.keys()].filter((f) => f.startsWith('k8s/'));
    fs.mkdirSync(path.dirname(path.join(root, TXN_DIR, 'new', file)), { recursive: true });
    fs.writeFileSync(path.join(root, TXN_DIR, 'new', file), 'staged\n');
    fs.writeFileSync(path.join(root, 'k8s/stale.yaml'), 'x: 1\n');
    fs.writeFileSync(path.join(root, TXN_DIR, 'journal.json'), JSON.stringify({ publish: [file], remove: ['k8s/stale.yaml'], dirs: OWNERSHIP.dirs }));
    expect(recoverOutputs(root, OWNERSHIP)).toBe('finished');
    expect(tree(root)).toEqual({ ...Object.fromEntries(seed), [file]: 'staged\n' });
  });

  it('an uncommitted staging folder is discarded by the next run: the old set stays', () => {
    plant(root, Object.fromEntries(seed));
    fs.mkdirSync(path.join(root, TXN_DIR, 'new', 'k8s'), { recursive: true });
    fs.writeFileSync(path.join(root, TXN_DIR, 'new', 'k8s', 'half.yaml'), 'a: ');
    fs.writeFileSync(path.join(root, TXN_DIR, 'journal.json.tmp'), '{"publish":');
    expect(recoverOutputs(root, OWNERSHIP)).toBe('discarded');
    expect(tree(root)).toEqual(Object.fromEntries(seed));
  });

  it('synth --check fails while an interrupted transaction is pending, naming the fix', () => {
    plant(root, Object.fromEntries(seed));
    fs.mkdirSync(path.join(root, TXN_DIR, 'new'), { recursive: true });
    const e: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
      e.push(String(s));
      return true;
    });
    try {
      expect(main(['--root', root, '--check'])).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(e.join('')).toMatch(/\[\.synth-txn\] an interrupted synth left its transaction — rule: synth-atomic — fix: run npm run synth/);
  });
});
