#!/usr/bin/env node
// Converts CustomResourceDefinition files into kubeconform JSON schemas, offline (no downloads).
//   node scripts/crd-schemas.js <crds-dir> <out-dir>
// Writes <out-dir>/<group>/<kind>_<version>.json (lowercase kind) for every served version, which kubeconform finds with
//   -schema-location '<out-dir>/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'
// Strict like kubeconform's openapi2jsonschema.py with DENY_ROOT_ADDITIONAL_PROPERTIES: every object schema that lists
// properties (and does not preserve unknown fields) rejects other properties; `nullable` becomes a null type.
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

function strict(node) {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strict(s)])) : strict(v);
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

function main() {
  const [crdsDir, outDir] = process.argv.slice(2);
  if (!crdsDir || !outDir) {
    console.error('usage: crd-schemas.js <crds-dir> <out-dir>');
    process.exit(2);
  }
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(crdsDir);
  let count = 0;
  for (const file of files) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      const { group, names, versions } = crd.spec;
      for (const v of versions) {
        if (v.served === false || !v.schema || !v.schema.openAPIV3Schema) continue;
        const schema = strict(v.schema.openAPIV3Schema);
        const target = path.join(outDir, group, `${names.kind.toLowerCase()}_${v.name}.json`);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, JSON.stringify(schema));
        count++;
      }
    }
  }
  console.log(`crd-schemas: ${count} schemas from ${files.length} files → ${outDir}`);
  if (count === 0) process.exit(1);
}

main();
