/** Test helpers for the architecture diagrams: write sources to a temp dir, run the real parser/renderer, read SVGs. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import type { OutputFiles } from '../../synth/outputs';
import { DIAGRAMS_DIR } from '../../synth/docs';
import type { MutableHomelab } from './model';

const ROOT = path.resolve(__dirname, '../..');
export const RENDER_SCRIPT = path.join(ROOT, 'scripts', 'render-diagrams.js');

/** Writes the .mmd files of a synth output into a fresh temp dir; returns the dir. */
export function writeDiagramSources(files: OutputFiles, prefix = 'diagrams-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [file, text] of files) {
    if (file.startsWith(`${DIAGRAMS_DIR}/`) && file.endsWith('.mmd')) fs.writeFileSync(path.join(dir, path.basename(file)), text);
  }
  return dir;
}

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs scripts/render-diagrams.js with `args` (and extra environment). */
export function runRenderScript(args: readonly string[], env: NodeJS.ProcessEnv = {}): ScriptRun {
  const r = spawnSync(process.execPath, [RENDER_SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface SvgFacts {
  /** Root element tag with its namespace, e.g. {http://www.w3.org/2000/svg}svg. */
  readonly root: string;
  /** All text content of the document, whitespace collapsed. */
  readonly text: string;
}

/**
 * Parses SVG files with a real XML parser (Python's expat-based ElementTree): a file that is not well-formed XML fails
 * the run. Returns the root tag and the text content of each file.
 */
export function readSvgs(files: readonly string[]): Record<string, SvgFacts> {
  const program = [
    'import json, sys, xml.etree.ElementTree as ET',
    'out = {}',
    'for f in sys.argv[1:]:',
    '    root = ET.parse(f).getroot()',
    "    out[f] = {'root': root.tag, 'text': ' '.join(' '.join(root.itertext()).split())}",
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', program, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`NOT VALIDATED: python3 is needed to parse the SVGs as XML (${r.error.message})`);
  if (r.status !== 0) throw new Error(`SVG is not well-formed XML:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, SvgFacts>;
}

/** Model edits the docs must follow: a new guest, a new app, the switch to the future storage stage. */
export const MODEL_EDITS = {
  guest: (m: MutableHomelab): void => {
    m.guests.push({
      name: 'dns-02',
      kind: 'lxc',
      host: 'asgard-godzilla',
      role: 'dns',
      vmid: 104,
      cores: 1,
      memoryMiB: 512,
      disks: [{ storage: 'godzilla-bedrock', sizeGiB: 4 }],
      networks: ['styx-servers-vlan'],
      image: 'debian-12-standard',
      serves: ['dns', 'ssh'],
      description: 'Second AdGuard Home.',
    });
  },
  app: (m: MutableHomelab): void => {
    m.apps.push({
      name: 'paperless',
      namespace: 'documents',
      tier: 'application',
      cluster: 'asgard-orion-cluster',
      image: { repository: 'ghcr.io/paperless-ngx/paperless-ngx', tag: '2.18.4' },
      port: 8000,
      exposure: { hostname: 'paperless' },
      volume: { mountPath: '/usr/src/paperless/data', sizeGiB: 5, storageClass: 'local-path' },
      dependsOn: ['traefik', 'authentik'],
      description: 'Document archive.',
    });
  },
  future: (m: MutableHomelab): void => {
    m.storageStage = 'future';
  },
} as const;
