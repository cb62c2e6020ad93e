/**
 * The layering, enforced: a module may import only from its own layer and the layers below it. homelab.ts is data that
 * only the entry points (main.ts, scripts, end-to-end tests) read; the model never knows the seed; plan/ holds the pure
 * per-location plans that the deploy rules check and the stacks render; constructs never
 * know the stacks that compose them; the secrets bridges never reach into synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers/tools';

/** Layer → the top-level folders (or root files) it must never import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  naming: ['homelab.ts', 'model', 'plan', 'deploy', 'constructs', 'stacks', 'charts', 'synth', 'secrets'],
  model: ['homelab.ts', 'plan', 'deploy', 'constructs', 'stacks', 'charts', 'synth', 'secrets'],
  plan: ['homelab.ts', 'deploy', 'constructs', 'stacks', 'charts', 'synth', 'secrets'],
  // deploy may read the chart modules' declared needs (charts/module.ts contracts, rule deploy-app-chart-needs): the
  // deploy rules check what the charts really build from; charts never import deploy, so there is no cycle.
  deploy: ['homelab.ts', 'constructs', 'stacks', 'synth', 'secrets'],
  constructs: ['homelab.ts', 'deploy', 'stacks', 'charts', 'synth', 'secrets'],
  stacks: ['homelab.ts', 'deploy', 'charts', 'synth', 'secrets'],
  charts: ['homelab.ts', 'deploy', 'constructs', 'stacks', 'synth', 'secrets'],
  secrets: ['homelab.ts', 'deploy', 'constructs', 'stacks', 'charts', 'synth'],
  synth: ['homelab.ts'],
};

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
}

/** Top-level folder (or root file) an import specifier of `file` lands in; undefined for packages. */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const rel = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec));
  const top = rel.split(path.sep)[0];
  if (rel.includes(path.sep)) return top;
  // A root-level specifier: a folder ('../../charts' → its index.ts) or a root file ('../homelab' → homelab.ts).
  return fs.existsSync(path.join(ROOT, top)) && fs.statSync(path.join(ROOT, top)).isDirectory() ? top : `${top.replace(/\.ts$/, '')}.ts`;
}

export function layerViolations(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of files) {
    const layer = file.split('/')[0];
    const forbidden = FORBIDDEN[layer] ?? [];
    for (const m of text.matchAll(IMPORT)) {
      const to = target(file, m[1]);
      if (to !== undefined && forbidden.includes(to)) out.push(`${file} imports ${m[1]} (layer ${layer} must not import ${to})`);
    }
  }
  return out.sort();
}

describe('layering', () => {
  it('no module imports from a layer above its own', () => {
    const files = new Map(Object.keys(FORBIDDEN).flatMap(sources).map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')] as const));
    expect(files.size).toBeGreaterThan(50);
    expect(layerViolations(files)).toEqual([]);
  });

  it('catches a planted upward import (the check can fail)', () => {
    const planted = new Map([
      ['model/x.ts', "import { homelab } from '../homelab';\n"],
      ['constructs/y.ts', "import { PINS } from '../stacks/providers';\n"],
      ['secrets/z.ts', "const h = require('../synth/header');\n"],
      ['charts/ok.ts', "import type { Homelab } from '../model/types';\nimport { App } from 'cdk8s';\n"],
    ]);
    expect(layerViolations(planted)).toEqual([
      "constructs/y.ts imports ../stacks/providers (layer constructs must not import stacks)",
      "model/x.ts imports ../homelab (layer model must not import homelab.ts)",
      "secrets/z.ts imports ../synth/header (layer secrets must not import synth)",
    ]);
  });
});
