/**
 * Synth is crash-safe across files: a real child process is SIGKILLed after its N-th filesystem change of the write
 * phase (HOMELAB_SYNTH_KILL_AFTER, see synth/outputs.ts), for every N of a run that changes, adds and removes files.
 * After each kill the tree must be the old set (nothing committed yet) or, once the next run's recovery has run,
 * exactly the old set or exactly the new set — never a mix, never an orphan temporary file.
 *
 * The two sets come from the compiled synth itself (the entry `npm run synth` runs, dist/synth/launcher.js: one real
 * run each). The killed children run only the write phase the synth ends with (commitOutputs of the compiled
 * synth/outputs.js, with synth's ownership) on the new set: the same code and the same files, without starting and
 * synthesizing the model again at each of the ~70 kill points; the synth itself is killed at three of them (first,
 * middle, last) and must leave what the write phase alone left.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OWNERSHIP } from '../../synth';
import { recoverOutputs, commitOutputs, TXN_DIR } from '../../synth/outputs';
import { isEqual, plant, tree, withoutTxn, type Tree } from '../helpers/tree';
import { mutated, guest } from '../helpers/model';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build, DIST } = require('../../scripts/build') as { build: () => unknown; DIST: string };

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs a node child with the kill switch set; resolves with how it ended. */
function child(args: string[], killAfter: number): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const run = spawn(process.execPath, args, {
      env: { ...process.env, HOMELAB_SYNTH_KILL_AFTER: String(killAfter) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    run.stderr.on('data', (d) => {
      stderr += String(d);
    });
    run.on('error', reject);
    run.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** The compiled synth, start to end. */
const synthChild = (root: string, model: string, killAfter: number) =>
  child([path.join(DIST, 'synth', 'launcher.js'), '--root', root, '--model', model, '--quiet'], killAfter);

/** The compiled write phase alone, committing the new set (written by beforeAll) into root. */
const WRITER = `
const fs = require('fs');
const { commitOutputs } = require(process.argv[1]);
const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
commitOutputs(process.argv[3], new Map(Object.entries(job.files)), job.owned);
`;
const writeChild = (root: string, killAfter: number) => child(['-e', WRITER, path.join(DIST, 'synth', 'outputs.js'), newJob, root], killAfter);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-crash-'));
const modelA = path.join(work, 'old.json');
const modelB = path.join(work, 'new.json');
const newJob = path.join(work, 'new-set.json');
let oldSet: Tree;
let newSet: Tree;

beforeAll(async () => {
  build();
  // Old: the seed without radarr. New: the seed with radarr back (new files in new folders), without sonarr (files and
  // folders removed) and with a VM moved (stack, inventory, docs rewritten).
  fs.writeFileSync(
    modelA,
    JSON.stringify(
      mutated((m) => {
        m.apps.splice(
          m.apps.findIndex((a) => a.name === 'radarr'),
          1,
        );
      }),
    ),
  );
  fs.writeFileSync(
    modelB,
    JSON.stringify(
      mutated((m) => {
        guest(m, 'media-01').vmid = 239;
        m.apps.splice(
          m.apps.findIndex((a) => a.name === 'sonarr'),
          1,
        );
      }),
    ),
  );
  // Both sets from the same compiled synth the kill runs use (HOMELAB_SYNTH_KILL_AFTER=0: never killed).
  for (const [model, name] of [
    [modelA, 'a'],
    [modelB, 'b'],
  ] as const)
    expect(await synthChild(path.join(work, name), model, 0)).toEqual({ code: 0, signal: null, stderr: '' });
  oldSet = tree(path.join(work, 'a'));
  newSet = tree(path.join(work, 'b'));
  fs.writeFileSync(newJob, JSON.stringify({ files: newSet, owned: OWNERSHIP }));
  // The write phase alone, never killed, writes exactly what the synth wrote over the old set.
  plant(path.join(work, 'w'), oldSet);
  expect(await writeChild(path.join(work, 'w'), 0)).toEqual({ code: 0, signal: null, stderr: '' });
  expect(tree(path.join(work, 'w'))).toEqual(newSet);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('crash-safe synth', () => {
  it('the two sets differ by changed, added and removed files (the test exercises all three)', () => {
    const changed = Object.keys(newSet).filter((f) => Object.hasOwn(oldSet, f) && oldSet[f] !== newSet[f]);
    const added = Object.keys(newSet).filter((f) => !Object.hasOwn(oldSet, f));
    const removed = Object.keys(oldSet).filter((f) => !Object.hasOwn(newSet, f));
    expect(changed.length).toBeGreaterThanOrEqual(9);
    expect(added.length).toBeGreaterThanOrEqual(2);
    expect(removed.length).toBeGreaterThanOrEqual(2);
  });

  it('a synth killed at any point of its write phase never leaves a mixed tree or an orphan file', async () => {
    const outcomes = { old: 0, new: 0 };
    let killed = 0;
    let finishedAt: number | undefined;
    const pointsChecked: number[] = [];
    // Kill points 1, 2, 3 … until the child runs to its end; two children at a time.
    const runPoint = async (n: number): Promise<boolean> => {
      const root = path.join(work, `kill-${n}`);
      plant(root, oldSet);
      const run = await writeChild(root, n);
      if (run.signal !== 'SIGKILL') {
        expect({ n, code: run.code, stderr: run.stderr }).toEqual({ n, code: 0, stderr: '' });
        expect(tree(root)).toEqual(newSet);
        return false;
      }
      killed++;
      pointsChecked.push(n);
      const committed = fs.existsSync(path.join(root, TXN_DIR, 'journal.json'));
      // Without a committed journal the published tree is one whole set already: untouched before the commit point,
      // fully new once the journal is gone (only the staging folder may remain, for the next run to delete).
      const published = withoutTxn(tree(root));
      const whole = committed || isEqual(published, newSet) ? newSet : oldSet;
      if (!committed) expect({ n, tree: published }).toEqual({ n, tree: whole });
      // The next run's recovery: finish a committed publish, discard an uncommitted one.
      recoverOutputs(root, OWNERSHIP);
      expect({ n, committed, tree: tree(root) }).toEqual({ n, committed, tree: whole });
      outcomes[whole === newSet ? 'new' : 'old']++;
      // And the next full synth writes the new set from there.
      if (n % 10 === 0) {
        commitOutputs(root, new Map(Object.entries(newSet)), OWNERSHIP);
        expect(tree(root)).toEqual(newSet);
      }
      fs.rmSync(root, { recursive: true, force: true });
      return true;
    };
    for (let n = 1; finishedAt === undefined && n < 1000; n += 2) {
      const [first, second] = await Promise.all([runPoint(n), runPoint(n + 1)]);
      if (!first) finishedAt = n;
      else if (!second) finishedAt = n + 1;
    }
    expect(finishedAt).toBeDefined();
    expect(killed).toBeGreaterThanOrEqual(50);
    expect(pointsChecked.length).toBe(killed);
    // Both halves of the design were hit: crashes before the commit point (old set) and after it (new set).
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);

    // The synth itself, killed at the first change, in the middle and at the last one, leaves exactly what the write
    // phase alone left at the same point: the synth writes its outputs through that phase only, nothing beside it.
    const last = (finishedAt ?? 2) - 1;
    for (const n of [1, Math.ceil(last / 2), last]) {
      const [viaMain, viaWriter] = [path.join(work, `main-${n}`), path.join(work, `writer-${n}`)];
      plant(viaMain, oldSet);
      plant(viaWriter, oldSet);
      const [m, w] = await Promise.all([synthChild(viaMain, modelB, n), writeChild(viaWriter, n)]);
      expect({ n, main: m.signal, writer: w.signal }).toEqual({ n, main: 'SIGKILL', writer: 'SIGKILL' });
      expect({ n, tree: withoutTxn(tree(viaMain)) }).toEqual({ n, tree: withoutTxn(tree(viaWriter)) });
      expect({ n, journal: fs.existsSync(path.join(viaMain, TXN_DIR, 'journal.json')) }).toEqual({
        n,
        journal: fs.existsSync(path.join(viaWriter, TXN_DIR, 'journal.json')),
      });
    }
  }, 900_000);
});
