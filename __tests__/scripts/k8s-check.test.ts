import { spawnSync } from 'child_process';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'k8s-check.sh');

describe('scripts/k8s-check.sh', () => {
  it('fails loudly (exit 2, NOT VALIDATED) when its tools are missing, never passes', () => {
    const r = spawnSync('bash', [SCRIPT], { env: { ...process.env, HOMELAB_TOOLS_DIR: '/nonexistent-homelab-tools' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('k8s-check: NOT VALIDATED: tools missing');
    expect(r.stderr).toMatch(/missing: kubeconform kustomize checkov/);
  });
});
