#!/usr/bin/env node
/*
 * Generates TypeScript provider bindings into .gen/providers/<name>/ from the
 * provider schemas saved in .gen/schemas/, with @cdktf/provider-generator
 * (the generator behind `cdktf get`), WITHOUT needing the provider binaries.
 *
 *   node scripts/gen-bindings.js                    generate every provider in .gen/bindings.json
 *   node scripts/gen-bindings.js proxmox            only these providers
 *   node scripts/gen-bindings.js --refresh-schemas [name...]
 *        first re-export .gen/schemas/<file> with `tofu providers schema -json`
 *        (needs tofu and the provider in the mirror: scripts/tools.sh)
 *   node scripts/gen-bindings.js --check            generate to a temp dir and
 *        exit 1 if it differs from .gen/providers (for CI)
 *   --all           ignore the resource lists: every resource and data source
 *   --out=DIR       write DIR/providers/<name> instead of .gen/providers/<name>
 *
 * .gen/bindings.json:
 *   { "providers": { "<name>": {
 *       "source": "bpg/proxmox", "version": "<its pin in tools/pins.json>",
 *       "schema": "schemas/bpg-proxmox.json",
 *       "resources": ["proxmox_virtual_environment_vm", ...] | "*",
 *       "dataSources": [...] | "*",          (optional, default none)
 *       "provider": true,                    (emit the provider class)
 *       "schemaSubset": true                 (optional: --refresh-schemas saves only the provider,
 *                                             resources and data sources listed here, e.g. for
 *                                             oracle/oci whose full schema is tens of MB)
 *   } } }
 * Output is deterministic: same schema + config => byte-identical files.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const GEN = path.join(ROOT, '.gen');
const CONFIG = path.join(GEN, 'bindings.json');
const TOOLS_DIR = process.env.HOMELAB_TOOLS_DIR || path.join(os.homedir(), '.cache', 'homelab-platform-stack');

function die(msg) {
  console.error(`gen-bindings: ${msg}`);
  process.exit(1);
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

function rmrf(p) {
  fs.rmSync(p, { recursive: true, force: true });
}

function listFiles(dir, base = dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, base));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}

// ------------------------------------------------------------- schemas ------
function refreshSchema(name, cfg) {
  const tofu = path.join(TOOLS_DIR, 'bin', 'tofu');
  const rc = path.join(TOOLS_DIR, 'tofurc');
  if (!fs.existsSync(tofu) || !fs.existsSync(rc)) die(`${tofu} or ${rc} missing: run scripts/tools.sh`);
  const [ns, type] = cfg.source.split('/');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `gen-schema-${name}-`));
  try {
    fs.writeFileSync(
      path.join(work, 'main.tf.json'),
      JSON.stringify({ terraform: { required_providers: { [type]: { source: cfg.source, version: cfg.version } } } }),
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    delete env.TF_PLUGIN_CACHE_DIR;
    delete env.TF_DATA_DIR;
    execFileSync(tofu, [`-chdir=${work}`, 'init', '-backend=false', '-input=false', '-no-color'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    const raw = execFileSync(tofu, [`-chdir=${work}`, 'providers', 'schema', '-json'], { env, maxBuffer: 1 << 30 });
    const full = JSON.parse(raw.toString('utf8'));
    const fqpn = Object.keys(full.provider_schemas || {}).find((k) => k.endsWith(`/${ns}/${type}`));
    if (!fqpn) die(`provider ${cfg.source} not in the schema output`);
    let schema = full.provider_schemas[fqpn];
    if (cfg.schemaSubset) {
      schema = {
        provider: schema.provider,
        resource_schemas: pick(schema.resource_schemas || {}, cfg.resources, 'resource', name),
        data_source_schemas: pick(schema.data_source_schemas || {}, cfg.dataSources, 'data source', name),
      };
    }
    const saved = sortKeys({
      format_version: full.format_version,
      provider_schemas: { [fqpn]: schema },
      provider_versions: { [fqpn]: cfg.version },
    });
    const file = path.join(GEN, cfg.schema);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let text = JSON.stringify(saved, null, 1) + '\n';
    if (text.length > 10 * 1024 * 1024) text = JSON.stringify(saved) + '\n';
    fs.writeFileSync(file, text);
    console.log(`gen-bindings: wrote ${path.relative(ROOT, file)} (${(text.length / 1048576).toFixed(1)} MB, ${fqpn} ${cfg.version})`);
  } finally {
    rmrf(work);
  }
}

// ------------------------------------------------------------ bindings ------
function pick(all, wanted, what, name) {
  if (!wanted || (Array.isArray(wanted) && wanted.length === 0)) return {};
  if (wanted === '*') return all;
  const out = {};
  for (const w of wanted) {
    if (!all[w]) die(`${name}: ${what} '${w}' is not in the schema`);
    out[w] = all[w];
  }
  return out;
}

async function generate(name, cfg, outRoot) {
  // Required lazily: @cdktf/commons runs `terraform version -json` when loaded.
  // Point it at our tofu (or at nothing) so it does not print CLI-config noise.
  if (!process.env.TERRAFORM_BINARY_NAME) {
    const tofu = path.join(TOOLS_DIR, 'bin', 'tofu');
    process.env.TERRAFORM_BINARY_NAME = fs.existsSync(tofu) ? tofu : process.execPath;
  }
  if (fs.existsSync(path.join(TOOLS_DIR, 'tofurc'))) process.env.TF_CLI_CONFIG_FILE = path.join(TOOLS_DIR, 'tofurc');
  const { TerraformProviderGenerator, CodeMaker } = require('@cdktf/provider-generator');
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } = require('@cdktf/commons');

  const schemaFile = path.join(GEN, cfg.schema);
  if (!fs.existsSync(schemaFile)) die(`${path.relative(ROOT, schemaFile)} missing: run node scripts/gen-bindings.js --refresh-schemas ${name}`);
  const saved = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  const [ns, type] = cfg.source.split('/');
  const fqpnIn = Object.keys(saved.provider_schemas || {}).find((k) => k.endsWith(`/${ns}/${type}`));
  if (!fqpnIn) die(`${cfg.schema} has no schema for ${cfg.source}`);
  const p = saved.provider_schemas[fqpnIn];
  // The generator matches a short source ("bpg/proxmox") against the
  // registry.terraform.io host, so key the schema that way; the emitted
  // provider source stays "bpg/proxmox", which works with OpenTofu and Terraform.
  const fqpn = `registry.terraform.io/${ns}/${type}`;
  const filtered = {
    format_version: saved.format_version || '1.0',
    provider_schemas: {
      [fqpn]: {
        ...(cfg.provider !== false && p.provider ? { provider: p.provider } : {}),
        resource_schemas: sortKeys(pick(p.resource_schemas || {}, cfg.resources, 'resource', name)),
        data_source_schemas: sortKeys(pick(p.data_source_schemas || {}, cfg.dataSources, 'data source', name)),
      },
    },
    provider_versions: { [fqpn]: cfg.version },
  };

  const code = new CodeMaker();
  const gen = new TerraformProviderGenerator(code, filtered);
  gen.generate(new ConstructsMakerProviderTarget(new TerraformProviderConstraint(`${cfg.source}@${cfg.version}`), LANGUAGES[0]));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `gen-bindings-${name}-`));
  try {
    await code.save(tmp);
    const src = path.join(tmp, 'providers', name);
    if (!fs.existsSync(src)) die(`generator wrote nothing under providers/${name}`);
    const header =
      `// GENERATED FILE - DO NOT EDIT. Generated by \`npm run gen\` (node scripts/gen-bindings.js) ` +
      `from .gen/${cfg.schema} (${cfg.source} ${cfg.version}).\n`;
    const dest = path.join(outRoot, 'providers', name);
    rmrf(dest);
    let count = 0;
    for (const rel of listFiles(src)) {
      // README.md (registry links) and lazy-index.ts (CommonJS-only helper) are not needed.
      if (rel.endsWith('README.md') || rel === 'lazy-index.ts') continue;
      const body = fs.readFileSync(path.join(src, rel), 'utf8');
      fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
      fs.writeFileSync(path.join(dest, rel), header + body);
      count++;
    }
    const nRes = Object.keys(filtered.provider_schemas[fqpn].resource_schemas).length;
    const nData = Object.keys(filtered.provider_schemas[fqpn].data_source_schemas).length;
    console.log(`gen-bindings: ${name}: ${nRes} resources, ${nData} data sources, ${count} files -> ${path.relative(ROOT, dest) || dest}`);
  } finally {
    rmrf(tmp);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const refresh = args.includes('--refresh-schemas');
  const check = args.includes('--check');
  const all = args.includes('--all');
  const outArg = (args.find((a) => a.startsWith('--out=')) || '').slice(6);
  const names = args.filter((a) => !a.startsWith('--'));
  if (!fs.existsSync(CONFIG)) die(`${path.relative(ROOT, CONFIG)} missing`);
  const config = JSON.parse(fs.readFileSync(CONFIG, 'utf8')).providers || {};
  const selected = names.length ? names : Object.keys(config).sort();
  for (const n of selected) if (!config[n]) die(`unknown provider '${n}' (known: ${Object.keys(config).join(', ')})`);

  if (refresh) for (const n of selected) refreshSchema(n, config[n]);

  const outRoot = check ? fs.mkdtempSync(path.join(os.tmpdir(), 'gen-check-')) : outArg ? path.resolve(outArg) : GEN;
  let skipped = 0;
  for (const n of selected) {
    if (!fs.existsSync(path.join(GEN, config[n].schema))) {
      console.log(`gen-bindings: ${n}: SKIPPED (no .gen/${config[n].schema}; build the provider with scripts/tools.sh, then --refresh-schemas ${n})`);
      skipped++;
      continue;
    }
    await generate(n, all ? { ...config[n], resources: '*', dataSources: '*' } : config[n], outRoot);
  }
  if (check) {
    let diff = 0;
    for (const n of selected) {
      const a = path.join(outRoot, 'providers', n),
        b = path.join(GEN, 'providers', n);
      if (!fs.existsSync(a)) continue;
      const fa = fs.existsSync(a) ? listFiles(a) : [],
        fb = fs.existsSync(b) ? listFiles(b) : [];
      if (fa.join('\n') !== fb.join('\n')) {
        console.log(`gen-bindings: ${n}: file list differs`);
        diff++;
        continue;
      }
      for (const f of fa) {
        if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) {
          console.log(`gen-bindings: ${n}: ${f} differs`);
          diff++;
        }
      }
    }
    rmrf(outRoot);
    if (diff) die(`.gen/providers is out of date: run npm run gen`);
    console.log('gen-bindings: .gen/providers is up to date');
  }
  if (skipped && names.length) process.exitCode = 1;
}

main().catch((e) => die(e && e.stack ? e.stack : String(e)));
