// @ts-check
// Written in plain JavaScript (checked by TypeScript through @ts-check) so that it runs with plain node
// from npm init / npx, with no build step and no dependencies.
const fs = require('node:fs');
const path = require('node:path');
const { SHARED_PARTS, sharedTemplates, standaloneTemplates, render, renderName, listFiles } = require('./templates');

/** The version of Silvertine this scaffolder belongs to; generated packages ask for ^ this core. */
const SILVERTINE_VERSION = require('../package.json').version;

/**
 * @typedef {object} ScaffoldOptions
 * @property {string} name kebab-case broker type and package base name (`acme-venue`)
 * @property {string} [scope] npm scope of the package, e.g. `@acme` (default: none)
 * @property {string} [directory] where to create it (default: `./<name>` of the working directory)
 * @property {string} [coreVersion] the @silvertine/core range to build against (default `^<this version>`)
 */

/**
 * Names derived from the kebab-case name, as the Nx generator derives them (`names()` of @nx/devkit).
 * @param {string} name
 */
function names(name) {
  const className = name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return { name, fileName: name, className, propertyName: className.charAt(0).toLowerCase() + className.slice(1) };
}

/**
 * Creates a standalone broker plugin package: the same broker, config, client, mapper and contract
 * test as `nx g @silvertine/plugin:broker`, plus its own package.json, tsconfig and Jest config, so it
 * builds with plain tsc and tests with Jest outside any Nx workspace. Returns the directory and the
 * files written (relative, sorted).
 * @param {ScaffoldOptions} options
 * @returns {{ directory: string, packageName: string, files: string[] }}
 */
function scaffold(options) {
  if (!/^[a-z][a-z0-9-]*$/.test(options.name)) {
    throw new Error(`name must be kebab-case ([a-z][a-z0-9-]*), got "${options.name}"`);
  }
  if (options.scope !== undefined && !/^@[a-z0-9][a-z0-9._-]*$/.test(options.scope)) {
    throw new Error(`scope must look like @my-org, got "${options.scope}"`);
  }
  const directory = path.resolve(options.directory ?? options.name);
  if (fs.existsSync(directory) && fs.readdirSync(directory).length > 0) throw new Error(`${directory} already exists and is not empty`);
  const packageName = options.scope ? `${options.scope}/${options.name}` : options.name;
  /** @type {Record<string, string>} */
  const values = {
    ...names(options.name),
    packageName,
    type: options.name,
    coreVersion: options.coreVersion ?? `^${SILVERTINE_VERSION}`,
    template: '',
  };
  const written = [];
  const shared = sharedTemplates();
  const sources = [
    ...SHARED_PARTS.flatMap((part) => listFiles(shared, part).map((file) => ({ root: shared, file }))),
    ...listFiles(standaloneTemplates()).map((file) => ({ root: standaloneTemplates(), file })),
  ];
  for (const { root, file } of sources) {
    // npm drops .gitignore from published tarballs, so the template is named gitignore
    const relative = file.split(path.sep).map((segment) => renderName(segment, values)).join(path.sep).replace(/^gitignore$/, '.gitignore');
    const target = path.join(directory, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, render(fs.readFileSync(path.join(root, file), 'utf8'), values, file));
    written.push(relative);
  }
  return { directory, packageName, files: written.sort() };
}

module.exports = { scaffold, names, SILVERTINE_VERSION };
