#!/usr/bin/env node
// Runs tools/provider-trim/cli.ts (TypeScript, transpiled on load by swc): see that file for the commands.
'use strict';
const path = require('path');
const { registerTypeScript } = require('./build');

registerTypeScript();
const { main } = require(path.join(__dirname, '..', 'tools', 'provider-trim', 'cli.ts'));
process.exitCode = main(process.argv.slice(2));
