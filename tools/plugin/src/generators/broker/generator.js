// @ts-check
// Written in plain JavaScript (checked by TypeScript through @ts-check) so that `nx g` can load it
// without a TypeScript transpiler registered for local plugins.
const path = require('path');
const { formatFiles, generateFiles, names, updateJson } = require('@nx/devkit');

/**
 * Scaffolds a publishable broker plugin package in the shape of STYLE.md principle 4: manifest,
 * validated config class, broker (orchestration only), venue client behind an interface, pure mapper
 * with a recorded payload, and tests wired to core's contract suite. Builds and passes as generated.
 *
 * @param {import('@nx/devkit').Tree} tree
 * @param {{ name: string, directory?: string, scope?: string }} options
 */
async function brokerGenerator(tree, options) {
  if (!/^[a-z][a-z0-9-]*$/.test(options.name)) {
    throw new Error(`name must be kebab-case ([a-z][a-z0-9-]*), got "${options.name}"`);
  }
  const directory = options.directory ?? 'packages';
  const scope = options.scope ?? '@silvertine';
  const projectRoot = path.posix.join(directory, options.name);
  if (tree.exists(projectRoot)) throw new Error(`${projectRoot} already exists`);
  const n = names(options.name);
  const packageName = `${scope}/${options.name}`;
  const depth = projectRoot.split('/').length;
  generateFiles(tree, path.join(__dirname, 'files'), projectRoot, {
    ...n,
    packageName,
    type: options.name,
    offset: '../'.repeat(depth),
    template: '',
  });
  if (tree.exists('tsconfig.base.json')) {
    updateJson(tree, 'tsconfig.base.json', (json) => {
      json.compilerOptions.paths = json.compilerOptions.paths ?? {};
      json.compilerOptions.paths[packageName] = [`./${projectRoot}/src/index.ts`];
      return json;
    });
  }
  await formatFiles(tree);
}

module.exports = brokerGenerator;
module.exports.default = brokerGenerator;
