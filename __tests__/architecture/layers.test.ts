/**
 * The layering, enforced: a module may import only from its own layer and the layers below it. homelab.ts is data that
 * only the entry points (main.ts, scripts, end-to-end tests) read; the model never knows the seed; plan/ holds the pure
 * per-location plans that the deploy rules check and the stacks render; constructs never
 * know the stacks that compose them; the secrets bridges never reach into synth. Stacks and constructs render plans:
 * none of them reads the model (its types, the resolved model, its lookups or derivations); only the stack registry
 * (stacks/index.ts) takes the resolved model, to plan it.
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
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
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

/** Model modules that query a model (as opposed to tables such as model/services, or model/types' value shapes). */
const MODEL_QUERIES = ['model/resolved', 'model/lookup', 'model/derive', 'model/stacks', 'model/validate'];
/** The model itself: a stack or construct never holds one. */
const MODEL_TYPES = /\b(Homelab|ResolvedModel|ModelLookup|ResolvedIndex)\b/;
const NAMED_IMPORT = /\bimport\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g;

/** Stack and construct files that read the model (only stacks/index.ts may: it plans the resolved model). */
export function modelQueries(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of files) {
    if (!/^(stacks|constructs)\//.test(file) || file === 'stacks/index.ts') continue;
    const moduleOf = (spec: string) =>
      path
        .relative(ROOT, path.resolve(ROOT, path.dirname(file), spec))
        .split(path.sep)
        .join('/');
    for (const m of text.matchAll(IMPORT)) {
      if (m[1].startsWith('.') && MODEL_QUERIES.includes(moduleOf(m[1])))
        out.push(`${file} imports ${m[1]} (stacks and constructs render plans; they do not read the model)`);
    }
    for (const m of text.matchAll(NAMED_IMPORT)) {
      if (m[2].startsWith('.') && moduleOf(m[2]) === 'model/types' && MODEL_TYPES.test(m[1]))
        out.push(`${file} imports the model type ${MODEL_TYPES.exec(m[1])![1]} (stacks and constructs render plans; they do not read the model)`);
    }
  }
  return out.sort();
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
    const files = new Map(
      Object.keys(FORBIDDEN)
        .flatMap(sources)
        .map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')] as const),
    );
    expect(files.size).toBeGreaterThan(50);
    expect(layerViolations(files)).toEqual([]);
  });

  it('no stack or construct reads the model: they render plans', () => {
    const files = new Map(['stacks', 'constructs'].flatMap(sources).map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')] as const));
    expect(files.size).toBeGreaterThan(15);
    expect(modelQueries(files)).toEqual([]);
    const planted = new Map([
      ['stacks/x.ts', "import type { Homelab } from '../model/types';\n"],
      ['constructs/y.ts', "import { liveStorageFor } from '../model/lookup';\nimport type { ServiceName } from '../model/types';\n"],
      ['stacks/index.ts', "import type { ResolvedModel } from '../model/resolved';\n"],
    ]);
    expect(modelQueries(planted)).toEqual([
      'constructs/y.ts imports ../model/lookup (stacks and constructs render plans; they do not read the model)',
      'stacks/x.ts imports the model type Homelab (stacks and constructs render plans; they do not read the model)',
    ]);
  });

  it('catches a planted upward import (the check can fail)', () => {
    const planted = new Map([
      ['model/x.ts', "import { homelab } from '../homelab';\n"],
      ['constructs/y.ts', "import { PINS } from '../stacks/providers';\n"],
      ['secrets/z.ts', "const h = require('../synth/header');\n"],
      ['charts/ok.ts', "import type { Homelab } from '../model/types';\nimport { App } from 'cdk8s';\n"],
    ]);
    expect(layerViolations(planted)).toEqual([
      'constructs/y.ts imports ../stacks/providers (layer constructs must not import stacks)',
      'model/x.ts imports ../homelab (layer model must not import homelab.ts)',
      'secrets/z.ts imports ../synth/header (layer secrets must not import synth)',
    ]);
  });
});
