/**
 * The tool and provider pins of tools/pins.json, typed, and their shell form for scripts/tools.sh:
 *
 *   node scripts/run-ts.js tools/pins.ts --shell     one `NAME_VERSION=…` (and `NAME_COMMIT=…`) line per pin, for `eval`
 *
 * stacks/providers.ts imports the same file; __tests__/tools/pins.test.ts proves no other file repeats a pin.
 */
import * as fs from 'fs';
import * as path from 'path';
import { usage, type ScriptIo } from '../scripts/lib/io';

/** Where Renovate looks the tool up: exactly one of these per tool (tools/pins.json, renovate.json5). */
export interface ToolPin {
  readonly go?: string;
  readonly pypi?: string;
  readonly npm?: string;
  readonly version: string;
  readonly note?: string;
}

export interface ProviderPin {
  /** `namespace/type` in the OpenTofu registry. */
  readonly source: string;
  readonly version: string;
  /** The commit of the version's tag, where the build needs it (set by hand with a bump). */
  readonly commit?: string;
  readonly note?: string;
}

export interface Pins {
  readonly tools: Readonly<Record<string, ToolPin>>;
  readonly providers: Readonly<Record<string, ProviderPin>>;
}

export const PINS_FILE = path.join('tools', 'pins.json');

const NAME = /^[a-z][a-z0-9]*$/;
const VALUE = /^[0-9A-Za-z][0-9A-Za-z.+-]*$/;
const SOURCES = ['go', 'pypi', 'npm'] as const;

/** Problems of a parsed pins file, one line each (`[tools/pins.json tools.x] what — fix`); empty when valid. */
export function pinProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const at = (where: string, what: string, fix: string) => problems.push(`[${PINS_FILE} ${where}] ${what} — rule: pins-file — fix: ${fix}`);
  const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!record(doc)) return [`[${PINS_FILE}] is not a JSON object — rule: pins-file — fix: restore its { "tools": …, "providers": … } shape`];
  for (const section of ['tools', 'providers'] as const) {
    const entries = doc[section];
    if (!record(entries)) {
      at(section, 'is missing or not an object', `add "${section}": { … }`);
      continue;
    }
    for (const [name, pin] of Object.entries(entries)) {
      const where = `${section}.${name}`;
      if (!NAME.test(name)) at(where, 'name is not lower-case letters and digits', 'rename it (tools.sh reads it as NAME_VERSION)');
      if (!record(pin)) {
        at(where, 'is not an object', 'write { …, "version": "1.2.3" }');
        continue;
      }
      if (typeof pin.version !== 'string' || !VALUE.test(pin.version))
        at(where, `version ${JSON.stringify(pin.version)} is not an exact version`, 'pin one release, e.g. "1.2.3"');
      if (pin.commit !== undefined && (typeof pin.commit !== 'string' || !/^[0-9a-f]{40}$/.test(pin.commit)))
        at(where, 'commit is not a full commit hash', "write the 40 hex digits of the tag's commit");
      if (section === 'tools') {
        const sources = SOURCES.filter((s) => pin[s] !== undefined);
        if (sources.length !== 1)
          at(where, `names ${sources.length} package sources`, `give exactly one of ${SOURCES.join(', ')} (where Renovate looks it up)`);
      } else if (typeof pin.source !== 'string' || !/^[\w-]+\/[\w-]+$/.test(pin.source)) {
        at(where, `source ${JSON.stringify(pin.source)} is not namespace/type`, 'write the registry address, e.g. "bpg/proxmox"');
      }
    }
  }
  return problems;
}

/** Reads and checks tools/pins.json under `root`; throws with every problem. */
export function readPins(root: string): Pins {
  const doc: unknown = JSON.parse(fs.readFileSync(path.join(root, PINS_FILE), 'utf8'));
  const problems = pinProblems(doc);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return doc as Pins;
}

/** `TOFU_VERSION=<version>` …, `CLOUDFLARE_COMMIT=…`: the variables scripts/tools.sh uses, safe to `eval`. */
export function shellAssignments(pins: Pins): string {
  const lines: string[] = [];
  for (const [name, pin] of [...Object.entries(pins.tools), ...Object.entries(pins.providers)]) {
    const prefix = name.toUpperCase();
    lines.push(`${prefix}_VERSION=${pin.version}`);
    if ('commit' in pin && pin.commit !== undefined) lines.push(`${prefix}_COMMIT=${pin.commit}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `node scripts/run-ts.js tools/pins.ts --shell` prints the assignments; `--get tools.<name>|providers.<name>` one
 * version. Exit 1 on a bad pins file, 2 on bad use.
 */
export function main(argv: readonly string[], io: ScriptIo): number {
  let pins: Pins;
  try {
    pins = readPins(io.root);
  } catch (e) {
    io.err(`pins: ${(e as Error).message}\n`);
    return 1;
  }
  if (argv.length === 1 && argv[0] === '--shell') {
    io.out(shellAssignments(pins));
    return 0;
  }
  if (argv.length === 2 && argv[0] === '--get') {
    const [section, name] = argv[1].split('.');
    const pin = section === 'tools' ? pins.tools[name] : section === 'providers' ? pins.providers[name] : undefined;
    if (pin === undefined) {
      io.err(`pins: no pin ${argv[1]} in ${PINS_FILE} (tools.<name> or providers.<name>)\n`);
      return 2;
    }
    io.out(`${pin.version}\n`);
    return 0;
  }
  return usage(io, 'node scripts/run-ts.js tools/pins.ts --shell | --get tools.<name>|providers.<name>');
}
