/**
 * Crash-safe synth, the quick cases (the kill test of every write-phase point is __tests__/real-tools/synth-kill.test.ts),
 * on the generated files of a fixture model: a worker and a public media app (OpenTofu stacks, Flux units, docs).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OWNERSHIP, synthesize } from '../../synth';
import { commitOutputs, recoverOutputs, TXN_DIR } from '../../synth/outputs';
import { main } from '../../main';
import { fixtureModel, withMediaApp, withWorker } from '../fixtures/models';
import { plant, tree } from '../helpers/tree';

const model = fixtureModel(withWorker, withMediaApp);
const files = synthesize(model).files;
let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-crash-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('crash-safe synth', () => {
  it('the next run removes temporary files an older synth left when killed (*.tmp-<pid>)', () => {
    plant(root, Object.fromEntries(files));
    fs.writeFileSync(path.join(root, 'tofu-out/stacks/home/cdk.tf.json.tmp-4242'), '{"half":');
    // Removed by the recovery before the diff: not a stale output of this run, nothing written.
    expect(commitOutputs(root, files, OWNERSHIP)).toMatchObject({ written: [], removed: [] });
    expect(tree(root)).toEqual(Object.fromEntries(files));
  });

  it('a committed journal is finished by the next run: staged files published, stale ones removed, nothing left over', () => {
    plant(root, Object.fromEntries(files));
    const [file] = [...files.keys()].filter((f) => f.startsWith('k8s/'));
    fs.mkdirSync(path.dirname(path.join(root, TXN_DIR, 'new', file)), { recursive: true });
    fs.writeFileSync(path.join(root, TXN_DIR, 'new', file), 'staged\n');
    fs.writeFileSync(path.join(root, 'k8s/stale.yaml'), 'x: 1\n');
    fs.writeFileSync(path.join(root, TXN_DIR, 'journal.json'), JSON.stringify({ publish: [file], remove: ['k8s/stale.yaml'], dirs: OWNERSHIP.dirs }));
    expect(recoverOutputs(root, OWNERSHIP)).toBe('finished');
    expect(tree(root)).toEqual({ ...Object.fromEntries(files), [file]: 'staged\n' });
  });

  it('an uncommitted staging folder is discarded by the next run: the old set stays', () => {
    plant(root, Object.fromEntries(files));
    fs.mkdirSync(path.join(root, TXN_DIR, 'new', 'k8s'), { recursive: true });
    fs.writeFileSync(path.join(root, TXN_DIR, 'new', 'k8s', 'half.yaml'), 'a: ');
    fs.writeFileSync(path.join(root, TXN_DIR, 'journal.json.tmp'), '{"publish":');
    expect(recoverOutputs(root, OWNERSHIP)).toBe('discarded');
    expect(tree(root)).toEqual(Object.fromEntries(files));
  });

  it('synth --check fails while an interrupted transaction is pending, naming the fix', () => {
    plant(root, Object.fromEntries(files));
    fs.mkdirSync(path.join(root, TXN_DIR, 'new'), { recursive: true });
    // The fixture as the model file (--model): without it synth reads the seed.
    const modelFile = path.join(root, 'fixture-model.json');
    fs.writeFileSync(modelFile, JSON.stringify(model));
    const e: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
      e.push(String(s));
      return true;
    });
    try {
      expect(main(['--root', root, '--model', modelFile, '--check'])).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(e.join('')).toMatch(/\[\.synth-txn\] an interrupted synth left its transaction — rule: synth-atomic — fix: run npm run synth/);
  });
});
