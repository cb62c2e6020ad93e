/**
 * `npm run check:helm` with the real helm, kubeconform and checkov, once, on a copy of k8s/ with three planted faults: a
 * misspelt value key in the Traefik HelmRelease, an IngressRoute to a port its Service does not have, and a Velero value
 * against its chart's values.schema.json (the string 'yes', which Flux passes as a string: a check reading it as YAML 1.1
 * would see true and pass). Each must fail the run, named, and the other releases are still checked.
 * (The committed k8s/ itself is checked by `npm run check:helm` in `npm test`.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { ROOT, requireTool, run, tempDir, toolEnv } from '../helpers/tools';

/** Rewrites every document of a manifest file with `change` (the document's kind, and a setter for a nested value). */
function edit(file: string, change: (kind: unknown, set: (keys: readonly (string | number)[], value: unknown) => void) => void): void {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
  for (const d of docs) {
    const set = (keys: readonly (string | number)[], value: unknown): void => {
      const parent = keys.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], d);
      (parent as Record<string | number, unknown>)[keys[keys.length - 1]] = value;
    };
    change((d as { kind?: unknown }).kind, set);
  }
  fs.writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'));
}

describe('npm run check:helm (real helm, kubeconform, checkov)', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    for (const t of ['helm', 'kubeconform', 'checkov']) requireTool(t);
    const tmp = tempDir('helm-check-');
    fs.cpSync(path.join(ROOT, 'k8s'), path.join(tmp, 'k8s'), { recursive: true });
    edit(path.join(tmp, 'k8s/apps/traefik/traefik/app/traefik.yaml'), (kind, set) => {
      if (kind === 'HelmRelease') set(['spec', 'values', 'deployment', 'replicaz'], 2);
    });
    edit(path.join(tmp, 'k8s/apps/monitoring/grafana/app/grafana.yaml'), (kind, set) => {
      if (kind === 'IngressRoute') set(['spec', 'routes', 0, 'services', 0, 'port'], 3999);
    });
    edit(path.join(tmp, 'k8s/apps/velero/velero/app/velero.yaml'), (kind, set) => {
      if (kind === 'HelmRelease') set(['spec', 'values', 'upgradeCRDs'], 'yes');
    });
    r = run(process.execPath, [path.join(ROOT, 'scripts', 'helm-check.js'), path.join(tmp, 'k8s')], { env: toolEnv() });
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 600_000);

  it('fails on a planted misspelt value key and on a route to a missing port, naming both', () => {
    expect(r.stderr).not.toMatch(/NOT VALIDATED/);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/HelmRelease\/traefik\] unknown value key deployment\.replicaz — rule: helm-unknown-values/);
    expect(r.stdout).toMatch(/routes to port 3999 of Service monitoring\/grafana, which has ports \[3000\] — rule: helm-route-target/);
    // Everything else still renders and is reported per release.
    for (const release of ['traefik', 'authentik', 'prometheus', 'local-path-provisioner'])
      expect(r.stdout).toMatch(new RegExp(`^  ${release} .* objects; kubeconform `, 'm'));
    expect(r.stdout).toMatch(/check:helm: FAILED/);
  });

  it("fails when a value breaks the chart's values.schema.json (helm enforces it at render), naming the release", () => {
    expect(r.stdout).toMatch(/^ {2}velero .* RENDER FAILED$/m);
    expect(r.stdout).toMatch(/HelmRelease\/velero\] helm template failed — rule: helm-render[\s\S]*schema/);
  });
});
