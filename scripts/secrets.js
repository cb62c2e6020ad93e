#!/usr/bin/env node
// The secrets bridge CLI (secrets/cli.ts), loaded through swc: `node scripts/secrets.js check|tofu-vars|sync ...`.
// Normally run through scripts/secrets.sh, which puts ansible-vault on PATH.
'use strict';
const fs = require('fs');
const path = require('path');
const { registerTypeScript } = require('./build');

registerTypeScript();
const ROOT = path.resolve(__dirname, '..');
const { runSecretsCli } = require(path.join(ROOT, 'secrets', 'cli.ts'));
const { homelab } = require(path.join(ROOT, 'homelab.ts'));
const { validateModel } = require(path.join(ROOT, 'model', 'validate.ts'));

process.exitCode = runSecretsCli(validateModel(homelab), process.argv.slice(2), {
  root: ROOT,
  env: process.env,
  stdin: () => fs.readFileSync(0, 'utf8'),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
