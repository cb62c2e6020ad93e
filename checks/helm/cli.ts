/**
 * Entry of `npm run check:helm` (scripts/helm-check.js): resolves the inputs and runs checks/helm/run.ts.
 * Env: HELM_CHARTS_DIR (default ../shared/charts, else /work/shared/charts), CRDS_DIR (default ../shared/crds, else
 * /work/shared/crds), HOMELAB_TOOLS_DIR, HELM_CHECK_KEEP=1 (keep the work folder and print it).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { homelab } from '../../homelab';
import { validateModel } from '../../model/validate';
import { NotValidated, runHelmCheck } from './run';

function shared(root: string, env: string | undefined, name: string): string {
  if (env !== undefined && env !== '') return path.resolve(env);
  const sibling = path.resolve(root, '..', 'shared', name);
  return fs.existsSync(sibling) ? sibling : path.join('/work/shared', name);
}

export function helmCheckMain(root: string, argv: readonly string[]): number {
  const dir = argv.at(0);
  const k8sDir = dir !== undefined ? path.resolve(dir) : path.join(root, 'k8s');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-check-'));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    return runHelmCheck({
      root,
      model: validateModel(homelab),
      k8sDir,
      chartsDir: shared(root, process.env.HELM_CHARTS_DIR, 'charts'),
      crdsDir: shared(root, process.env.CRDS_DIR, 'crds'),
      pinsFile: path.join(root, 'tools', 'helm', 'charts.sha256'),
      vaultExample: path.join(root, 'ansible', 'vault.example.yml'),
      inventory: path.join(root, 'ansible', 'inventory', 'hosts.yml'),
      toolsDir: process.env.HOMELAB_TOOLS_DIR ?? path.join(os.homedir(), '.cache', 'homelab-platform-stack'),
      work,
      out,
    });
  } catch (err) {
    if (err instanceof NotValidated) {
      process.stderr.write(`check:helm: NOT VALIDATED: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`check:helm: FAILED\n${(err as Error).message}\n`);
    return 1;
  } finally {
    if (process.env.HELM_CHECK_KEEP === '1') out(`check:helm: work folder kept: ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}
