// @ts-check
const fs = require('node:fs');
const path = require('node:path');

/** The parts of the Nx generator's template shared with the standalone scaffold: the plugin's code and tests. */
const SHARED_PARTS = ['src', 'test'];

/** tools/plugin's template folder when running inside the Silvertine workspace, else undefined. */
function workspaceTemplates() {
  const dir = path.join(__dirname, '..', '..', 'plugin', 'src', 'generators', 'broker', 'files');
  return fs.existsSync(dir) ? dir : undefined;
}

/** Where the shared templates are: the workspace's (always current) or the copy packed with this package. */
function sharedTemplates() {
  const packed = path.join(__dirname, '..', 'templates', 'shared');
  const dir = workspaceTemplates() ?? (fs.existsSync(packed) ? packed : undefined);
  if (!dir) throw new Error('@silvertine/create-broker is missing its templates (templates/shared): reinstall it');
  return dir;
}

/** The standalone-only templates: package.json, tsconfig, Jest config, README, an example YAML config. */
function standaloneTemplates() {
  return path.join(__dirname, '..', 'templates', 'standalone');
}

/**
 * Replaces every `<%= key %>` with its value. Only that tag is used by the templates; any other
 * template syntax is refused rather than written out unrendered.
 * @param {string} text
 * @param {Record<string, string>} values
 * @param {string} file for the error message
 */
function render(text, values, file) {
  return text.replace(/<%([=_-]?)\s*([^%]*?)\s*%>/g, (tag, kind, key) => {
    if (kind !== '=' || !Object.prototype.hasOwnProperty.call(values, key)) {
      throw new Error(`${file}: unsupported template tag ${tag}`);
    }
    return values[key];
  });
}

/**
 * `__key__` in a file or folder name becomes its value; a trailing `__template__` is dropped.
 * @param {string} name
 * @param {Record<string, string>} values
 */
function renderName(name, values) {
  return name.replace(/__template__$/, '').replace(/__([a-zA-Z]+)__/g, (whole, key) => values[key] ?? whole);
}

/**
 * Every file under `dir` (relative paths, sorted).
 * @param {string} dir
 * @returns {string[]}
 */
function listFiles(dir, prefix = '') {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(dir, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)]))
    .sort();
}

module.exports = { SHARED_PARTS, workspaceTemplates, sharedTemplates, standaloneTemplates, render, renderName, listFiles };
