#!/usr/bin/env node
// Makes the Kubernetes JSON schemas of the PyPI package kubernetes-validate usable by kubeconform, offline: its files
// point at "/api/_definitions.json#/$defs/…", which only its own loader resolves; this writes self-contained copies
// (every referenced definition inlined under $defs) for the kinds the manifests use.
//   node scripts/k8s-schemas.js <kubernetes-json-schema dir> <out-dir> <version…> -- <manifest.yaml…>
// Writes <out-dir>/v<version>/<kind>-<group>-<version>.json (kubeconform's {{ .ResourceKind }}{{ .KindSuffix }}).
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const REF = '/api/_definitions.json#/$defs/';
const LOCAL_REF = '#/$defs/';

function rewrite(node, used) {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, used));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    const local = typeof v === 'string' && v.startsWith(LOCAL_REF) ? v.slice(LOCAL_REF.length) : undefined;
    if (k === '$ref' && typeof v === 'string' && (v.startsWith(REF) || local !== undefined)) {
      const name = local ?? v.slice(REF.length);
      used.add(name);
      out[k] = `${LOCAL_REF}${name}`;
    } else out[k] = rewrite(v, used);
  }
  return out;
}

function fileName(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const suffix = group === '' ? `-${version}` : `-${group.split('.')[0]}-${version}`;
  return `${kind.toLowerCase()}${suffix}.json`;
}

function main() {
  const args = process.argv.slice(2);
  const sep = args.indexOf('--');
  if (sep < 3) {
    console.error('usage: k8s-schemas.js <schema-dir> <out-dir> <version…> -- <manifest.yaml…>');
    process.exit(2);
  }
  const [schemaDir, outDir, ...versions] = args.slice(0, sep);
  const manifests = args.slice(sep + 1);
  const wanted = new Set();
  for (const f of manifests)
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(f, 'utf8'))) {
      const o = doc.toJS();
      if (o && o.apiVersion && o.kind) wanted.add(fileName(o.apiVersion, o.kind));
    }
  let written = 0;
  for (const version of versions) {
    const dir = path.join(schemaDir, `v${version}-local-strict`);
    const defs = JSON.parse(fs.readFileSync(path.join(dir, '_definitions.json'), 'utf8')).$defs;
    const out = path.join(outDir, `v${version}`);
    fs.mkdirSync(out, { recursive: true });
    for (const name of [...wanted].sort()) {
      const src = path.join(dir, name);
      if (!fs.existsSync(src)) continue; // not a built-in kind (CRD) or not served in this version: kubeconform reports it
      const used = new Set();
      const schema = rewrite(JSON.parse(fs.readFileSync(src, 'utf8')), used);
      const inlined = {};
      const queue = [...used];
      while (queue.length > 0) {
        const d = queue.shift();
        if (inlined[d] !== undefined) continue;
        const more = new Set();
        inlined[d] = rewrite(defs[d], more);
        for (const m of more) if (inlined[m] === undefined) queue.push(m);
      }
      schema.$defs = inlined;
      fs.writeFileSync(path.join(out, name), JSON.stringify(schema));
      written++;
    }
  }
  console.log(`k8s-schemas: ${written} schemas for ${wanted.size} kinds × ${versions.length} versions → ${outDir}`);
}

main();
