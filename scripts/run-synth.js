#!/usr/bin/env node
// `npm run synth`: transpile what changed (swc, incremental), then run the compiled synth entry in this process.
'use strict';
const path = require('path');
const { build, registerTypeScript, DIST } = require('./build');

build();
registerTypeScript();
const { main } = require(path.join(DIST, 'main.js'));
process.exitCode = main(process.argv.slice(2));
