#!/usr/bin/env node
// `npm run check:helm [-- <k8s dir>]`: every HelmRelease rendered with the pinned charts and validated
// (checks/helm/run.ts). Transpiles what changed (swc), then runs the compiled check.
'use strict';
const path = require('path');
const { build, DIST } = require('./build');

build({ bundle: false });
const { helmCheckMain } = require(path.join(DIST, 'checks', 'helm', 'cli.js'));
process.exitCode = helmCheckMain(path.resolve(__dirname, '..'), process.argv.slice(2));
