#!/usr/bin/env node
'use strict';
// The package's command. npm links a workspace's bin at install time only when its target exists, and
// dist/ does not exist on a fresh clone: this committed file is the target, and loads the build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('tws-emulator: not built yet: run `npx nx run tws-emulator:build` (or `npm run build`) first\n');
  process.exit(1);
}
const loaded = require(cli);
// a CLI that runs only as the main module exports run(); one that runs on load exports nothing to call
if (typeof loaded.run === 'function') loaded.run();
