#!/usr/bin/env node
// @ts-check
// npm init @silvertine/broker <name> [--scope @my-org] [--dir <path>]
// (the same as: npx @silvertine/create-broker <name> ...)
const path = require('node:path');
const { scaffold } = require('../lib/scaffold');

const USAGE = 'usage: npm init @silvertine/broker <name> [--scope @my-org] [--dir <path>] [--core <range>]';

/** @param {string[]} argv */
function parse(argv) {
  /** @type {{ name?: string, scope?: string, directory?: string, coreVersion?: string, help?: boolean }} */
  const options = {};
  const flags = { '--scope': 'scope', '--dir': 'directory', '--core': 'coreVersion' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg in flags) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      options[/** @type {'scope' | 'directory' | 'coreVersion'} */ (flags[/** @type {keyof typeof flags} */ (arg)])] = value;
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (options.name === undefined) options.name = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  return options;
}

try {
  const options = parse(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!options.name) throw new Error('a name is required');
  const { directory, packageName, files } = scaffold({ name: options.name, scope: options.scope, directory: options.directory, coreVersion: options.coreVersion });
  const where = path.relative(process.cwd(), directory) || '.';
  console.log(`created ${packageName} in ${where} (${files.length} files)`);
  console.log(`next: cd ${where} && npm install && npm run build && npm test`);
} catch (error) {
  console.error(`create-broker: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 1;
}
