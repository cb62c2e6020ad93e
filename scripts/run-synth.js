#!/usr/bin/env node
// `npm run synth`: transpile and bundle what changed (scripts/build.js), then run the compiled synth entry
// (dist/synth/launcher.js: the one-file bundle with V8's code cache) in this process.
'use strict';
const path = require('path');
const { build, registerTypeScript, DIST } = require('./build');

build();
registerTypeScript();
require(path.join(DIST, 'synth', 'launcher.js')).launch();
