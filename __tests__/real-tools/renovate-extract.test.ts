/**
 * The pin-coverage test's own view of Renovate (__tests__/helpers/pins.ts) against Renovate itself: Renovate 44's
 * extraction of this work tree (scripts/check-renovate.sh --extract: platform local, dry run "extract", no lookups, no
 * network) must yield exactly the dependencies the helper computes (manager, file, depName, currentValue, datasource).
 */
import * as fs from 'fs';
import * as path from 'path';
import { depLines, loadConfig, readRepoFiles, renovateDeps, reportLines, type ExtractReport } from '../helpers/pins';
import { ROOT, TOOLS_DIR, run, tempDir } from '../helpers/tools';

test('Renovate 44 extracts exactly the dependencies the pin-coverage helper computes', () => {
  if (!fs.existsSync(path.join(TOOLS_DIR, 'node24', 'bin', 'node')))
    throw new Error(`NOT VALIDATED: no Node 24 in ${TOOLS_DIR}/node24: run scripts/tools.sh --only node24`);
  const report = path.join(tempDir('renovate-extract-'), 'report.json');
  const r = run('bash', ['scripts/check-renovate.sh', '--extract', report]);
  expect({ status: r.status, output: r.status === 0 ? '' : `${r.stdout}\n${r.stderr}` }).toEqual({ status: 0, output: '' });
  const theirs = reportLines(JSON.parse(fs.readFileSync(report, 'utf8')) as ExtractReport);
  expect(theirs.length).toBeGreaterThan(100);
  const config = loadConfig(ROOT);
  expect(theirs).toEqual(depLines(renovateDeps(config, readRepoFiles(ROOT, config))));
}, 300_000);
