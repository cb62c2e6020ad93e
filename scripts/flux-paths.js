#!/usr/bin/env node
// The directories Flux builds in k8s/, one absolute path a line (checks/k8s/flux-paths.ts), for scripts/k8s-check.sh.
// Transpiles what changed (swc), then runs the compiled check.
'use strict';
const path = require('path');
const { build, DIST } = require('./build');

build();
const { fluxPathsMain } = require(path.join(DIST, 'checks', 'k8s', 'flux-paths.js'));
process.exitCode = fluxPathsMain(path.resolve(__dirname, '..'));
