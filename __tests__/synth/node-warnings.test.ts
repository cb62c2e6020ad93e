/** synth/node-warnings.ts drops exactly cdktf's known DEP0044 and lets every other warning through. */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { warningCode } from '../../synth/node-warnings';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build, DIST } = require('../../scripts/build') as { build: () => void; DIST: string };

describe('synth warning filter', () => {
  it('reads the code of every emitWarning form', () => {
    expect(warningCode(['m', 'DeprecationWarning', 'DEP0044'])).toBe('DEP0044');
    expect(warningCode(['m', { type: 'DeprecationWarning', code: 'DEP0044' }])).toBe('DEP0044');
    expect(warningCode([Object.assign(new Error('m'), { code: 'DEP0044' })])).toBe('DEP0044');
    expect(warningCode(['m'])).toBeUndefined();
  });

  it('drops DEP0044 in every form and passes any other warning on (in a process of its own, as the synth runs)', () => {
    build();
    const script = [
      `require(${JSON.stringify(path.join(DIST, 'synth', 'node-warnings.js'))});`,
      "process.emitWarning('silenced one', 'DeprecationWarning', 'DEP0044');",
      "process.emitWarning('silenced two', { type: 'DeprecationWarning', code: 'DEP0044' });",
      "process.emitWarning('kept deprecation', 'DeprecationWarning', 'DEP0005');",
      "process.emitWarning('kept plain');",
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => /^\(node:\d+\)/.test(l));
    expect(lines.map((l) => l.replace(/^\(node:\d+\) /, ''))).toEqual(['[DEP0005] DeprecationWarning: kept deprecation', 'Warning: kept plain']);
  });
});
