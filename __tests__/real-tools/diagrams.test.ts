/**
 * Real mermaid over the architecture diagrams: scripts/render-diagrams.js parses them with mermaid in node and renders
 * them all with mermaid-cli and chromium (one browser start); each SVG must be well-formed XML with an <svg> root and
 * show every node and subgraph label of its view. Diagrams changed by a model edit must parse too. Needs chromium;
 * without it the render script fails with NOT RENDERED, and so does this test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { homelab } from '../../homelab';
import { validateModel } from '../../model/validate';
import { mutated } from '../helpers/model';
import { synthDocs, VIEWS, diagramPath, type ViewName } from '../../synth/docs';
import { docsContext } from '../../synth/views/common';
import { Flowchart } from '../../synth/mermaid';
import { stackLayout } from '../../model/stacks';
import { MODEL_EDITS, readSvgs, runRenderScript, writeDiagramSources } from '../helpers/diagrams';

const STACKS = stackLayout(homelab).map((s) => s.name);
const SVG_ROOT = '{http://www.w3.org/2000/svg}svg';

describe('scripts/render-diagrams.js', () => {
  const src = writeDiagramSources(synthDocs(homelab, STACKS), 'diagrams-render-');
  const out = path.join(src, 'svg');
  afterAll(() => fs.rmSync(src, { recursive: true, force: true }));

  it('renders all six views to valid SVGs that show every node label', () => {
    const run = runRenderScript(['--src', src, '--out', out]);
    if (run.status !== 0) throw new Error(`render failed:\n${run.stderr}`);
    expect(run.stdout).toMatch(/rendered 6 SVGs in \d+ ms \(one browser start\)/);
    process.stdout.write(`${run.stdout.split('\n')[0]}\n`);

    const svgs = readSvgs(VIEWS.map((v) => path.join(out, `${v.name}.svg`)));
    const ctx = docsContext(homelab, STACKS);
    for (const view of VIEWS) {
      const svg = svgs[path.join(out, `${view.name}.svg`)];
      expect(svg.root).toBe(SVG_ROOT);
      const missing = [...view.build(ctx).labels().values()].map((lines) => lines[0]).filter((first) => !svg.text.includes(first));
      expect({ view: view.name, missing }).toEqual({ view: view.name, missing: [] });
    }
    const text = (view: string): string => svgs[path.join(out, `${view}.svg`)].text;
    expect(text('world')).toContain('k8s-master-01');
    expect(text('network')).toContain('styx-servers-vlan · servers');
    expect(text('front-door')).toContain('grafana · forward-auth');
    expect(text('platform')).toContain('storage class local-path');
    expect(text('storage')).toContain('content moves to');
    expect(text('gitops')).toContain('Gated: a person applies');
  });

  it('parses the diagrams of changed models: a new guest, a new app, the future storage stage', () => {
    const files = new Map<string, string>();
    for (const [variant, change] of Object.entries(MODEL_EDITS)) {
      for (const [file, text] of synthDocs(validateModel(mutated(change)), STACKS)) {
        if (file.endsWith('.mmd')) files.set(diagramPath(`${variant}-${path.basename(file, '.mmd')}` as ViewName, 'mmd'), text);
      }
    }
    const dir = writeDiagramSources(files, 'diagrams-changed-');
    try {
      const run = runRenderScript(['--parse-only', '--src', dir]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/18 diagrams parse/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails loudly, never silently, when chromium is missing', () => {
    const run = runRenderScript(['--src', src, '--out', path.join(src, 'none')], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/NOT RENDERED: chromium not found at \/nonexistent\/chromium/);
    expect(fs.existsSync(path.join(src, 'none'))).toBe(false);
  });

  it('fails with the view name when a diagram does not parse', () => {
    const broken = path.join(src, 'broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'bad.mmd'), 'flowchart TD\n  a["unclosed --> b\n');
    const run = runRenderScript(['--parse-only', '--src', broken]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/NOT RENDERED: mermaid could not parse:\n\s+bad\.mmd: /);
  });

  it('parses labels with quotes, angle brackets and hashes once escaped by the builder', () => {
    const chart = new Flowchart({ direction: 'TD' });
    chart.subgraph('box', 'a "quoted" <title> #1', (b) => b.node('n', ['say "hi"', '<b>not html</b> #2']));
    chart.node('m', 'end');
    chart.edge('n', 'm', { label: 'x "y" <z>' });
    const dir = path.join(src, 'escaped');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'escaped.mmd'), chart.render());
    const run = runRenderScript(['--parse-only', '--src', dir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('fails when there is nothing to render', () => {
    const empty = path.join(src, 'empty');
    fs.mkdirSync(empty);
    const run = runRenderScript(['--parse-only', '--src', empty]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/NOT RENDERED: no \.mmd sources/);
  });
});
