/** The Flux paths k8s-check builds: found from the Flux Kustomizations of a synthesized tree, each with kustomization.yaml. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fluxPaths, main } from '../../scripts/lib/flux-paths';
import { collectingIo } from '../../scripts/lib/io';
import { synthK8s } from '../../synth/k8s';
import { CLUSTER, fixtureModel, withMediaApp } from '../fixtures/models';

function writeTree(files: ReadonlyMap<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-paths-'));
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('scripts/lib/flux-paths.ts', () => {
  const root = writeTree(synthK8s(fixtureModel(withMediaApp)).files);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists the cluster root and every app unit, not the app directories the root includes', () => {
    expect(fluxPaths(root)).toEqual({
      paths: ['k8s/apps/media/jellyfin/app', 'k8s/apps/storage/local-path-provisioner/app', 'k8s/apps/traefik/traefik/app', `k8s/clusters/${CLUSTER}`],
      problems: [],
    });
  });

  it('names a Flux path without kustomization.yaml (exit 1), and an empty tree (exit 2)', () => {
    fs.rmSync(path.join(root, 'k8s/apps/media/jellyfin/app/kustomization.yaml'));
    const io = collectingIo(root);
    expect(main([], io)).toBe(1);
    expect(io.stdout().split('\n')).toContain(path.join(root, 'k8s/apps/media/jellyfin/app'));
    expect(io.stderr()).toBe(
      '[k8s/apps/media/jellyfin/app] is the path of a Flux Kustomization but has no kustomization.yaml, so kustomize cannot build it — fix: npm run synth (the committed tree is incomplete)\n',
    );
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-paths-'));
    const none = collectingIo(empty);
    expect(main([], none)).toBe(2);
    expect(none.stderr()).toMatch(/^no Flux Kustomization under .*\/k8s: run npm run synth\n$/);
    expect(main(['extra'], collectingIo(root))).toBe(2);
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
