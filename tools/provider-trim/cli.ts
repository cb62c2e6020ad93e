/**
 * provider-trim: builds of cloudflare/cloudflare and oracle/oci that register only what the synthesized stacks use.
 * Run through scripts/provider-trim.js (scripts/tools.sh and scripts/validate.sh call it).
 *
 *   write --provider cloudflare|oci --src DIR --stacks DIR --bindings FILE --version V --out DIR
 *       reads the types the stacks use and those .gen/bindings.json (FILE) lists, writes OUT/files/<path> (trimmed registration files), OUT/overlay.json (for
 *       `go build -overlay`), OUT/manifest.json and OUT/stamp; prints what is built. The unpacked source is read only.
 *   check --stack FILE --manifests DIR
 *       for each trimmed build (DIR/*.built.json) of a provider the stack requires, prints
 *       `built<TAB><ns/type><TAB><type> <version>, N of M services built` or `stale<TAB><ns/type><TAB><what is missing>`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cloudflare } from './cloudflare';
import { oci } from './oci';
import { coverage, describeBuild, planTrim } from './plan';
import { bindingTypes, readStacks, requiredProviders, unionTypes, usedTypes, type BindingsConfig, type StackDocument } from './stacks';
import type { BuildManifest, ProviderTrimmer } from './types';

export const TRIMMERS: ReadonlyMap<string, ProviderTrimmer> = new Map([cloudflare, oci].map((t) => [t.name, t]));

type Options = Map<string, string>;

function parseOptions(args: readonly string[], allowed: readonly string[]): Options {
  const opts: Options = new Map();
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i].replace(/^--/, '');
    if (!args[i].startsWith('--') || !allowed.includes(key) || i + 1 >= args.length) {
      throw new Error(`[provider-trim] bad argument '${args[i]}' — fix: use ${allowed.map((a) => `--${a} VALUE`).join(' ')}`);
    }
    opts.set(key, args[i + 1]);
  }
  const missing = allowed.filter((a) => !opts.has(a));
  if (missing.length) throw new Error(`[provider-trim] missing ${missing.map((m) => `--${m}`).join(', ')}`);
  return opts;
}

/** The value of an option parseOptions() required. */
function option(opts: Options, key: string): string {
  const value = opts.get(key);
  if (value === undefined) throw new Error(`[provider-trim] missing --${key}`);
  return value;
}

function write(opts: Options, out: (line: string) => void): void {
  const name = option(opts, 'provider');
  const trimmer = TRIMMERS.get(name);
  if (!trimmer) throw new Error(`[provider-trim] unknown provider '${name}' — fix: one of ${[...TRIMMERS.keys()].join(', ')}`);
  const root = path.resolve(option(opts, 'src'));
  const dest = path.resolve(option(opts, 'out'));
  const bindings = JSON.parse(fs.readFileSync(option(opts, 'bindings'), 'utf8')) as BindingsConfig;
  const used = unionTypes(usedTypes(readStacks(option(opts, 'stacks')).values(), trimmer.name), bindingTypes(bindings, trimmer.source));
  const plan = planTrim(trimmer, root, option(opts, 'version'), used);
  fs.rmSync(dest, { recursive: true, force: true });
  const replace: Record<string, string> = {};
  for (const [rel, text] of plan.files) {
    const file = path.join(dest, 'files', rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    replace[path.join(root, rel)] = file;
  }
  fs.writeFileSync(path.join(dest, 'overlay.json'), `${JSON.stringify({ Replace: replace }, null, 1)}\n`);
  fs.writeFileSync(path.join(dest, 'manifest.json'), `${JSON.stringify(plan.manifest, null, 1)}\n`);
  fs.writeFileSync(path.join(dest, 'stamp'), `${plan.stamp}\n`);
  const m = plan.manifest;
  out(`${describeBuild(m)}: ${m.services.built.join(', ') || '(none)'}`);
  out(
    `serves ${m.resources.length} resource types and ${m.dataSources.length} data sources for the ${used.resources.length + used.dataSources.length} types the stacks and .gen/bindings.json use`,
  );
  if (m.unknown.length) out(`WARNING: ${m.provider} ${m.version} has no ${m.unknown.join(', ')} (used by a stack): tofu validate will report it`);
}

function check(opts: Options, out: (line: string) => void): void {
  const doc = JSON.parse(fs.readFileSync(option(opts, 'stack'), 'utf8')) as StackDocument;
  const dir = option(opts, 'manifests');
  const manifests = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.built.json'))
        .sort()
    : [];
  for (const file of manifests) {
    const m = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as BuildManifest;
    if (!requiredProviders(doc).some((p) => p.source === m.provider && p.version === m.version)) continue;
    const { status, missing } = coverage(m, usedTypes([doc], m.provider.split('/')[1]));
    if (status === 'built') out(`built\t${m.provider}\t${describeBuild(m)}`);
    else
      out(
        `stale\t${m.provider}\t${m.provider} ${m.version} was built without ${missing.join(', ')} (services: ${m.services.built.join(', ')}): run npm run tools to rebuild it`,
      );
  }
}

/** Returns the exit code; errors are printed as `provider-trim: [entity] what — fix: …`. */
export function main(
  argv: readonly string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): number {
  const command = argv.at(0);
  const rest = argv.slice(1);
  try {
    if (command === 'write') write(parseOptions(rest, ['provider', 'src', 'stacks', 'bindings', 'version', 'out']), out);
    else if (command === 'check') check(parseOptions(rest, ['stack', 'manifests']), out);
    else throw new Error(`[provider-trim] unknown command '${command ?? ''}' — fix: write or check (see tools/provider-trim/cli.ts)`);
    return 0;
  } catch (e) {
    err(`provider-trim: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
