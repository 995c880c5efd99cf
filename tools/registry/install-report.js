// @ts-check
// Lists what an install pulled into <dir>/node_modules: every package with its version and size on disk,
// largest first, and the total. Exits 1 when a package matching --forbid <regex> is among them.
// Usage: node install-report.js <dir> [--forbid <regex>]
const fs = require('node:fs');
const path = require('node:path');

const [dir, flag, pattern] = process.argv.slice(2);
const forbidden = flag === '--forbid' && pattern ? new RegExp(pattern) : undefined;

/** @param {string} target */
function sizeOf(target) {
  const stat = fs.lstatSync(target);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(target).reduce((sum, entry) => sum + sizeOf(path.join(target, entry)), 0);
}

/** Every installed package under a node_modules folder (scoped and nested ones too). @param {string} modules */
function packages(modules) {
  if (!fs.existsSync(modules)) return [];
  /** @type {{ name: string, dir: string }[]} */
  const found = [];
  for (const entry of fs.readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? fs.readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const pkgDir = path.join(modules, name);
      if (!fs.existsSync(path.join(pkgDir, 'package.json'))) continue;
      found.push({ name, dir: pkgDir }, ...packages(path.join(pkgDir, 'node_modules')));
    }
  }
  return found;
}

const rows = packages(path.join(dir, 'node_modules')).map(({ name, dir: pkgDir }) => {
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  // a package's own files, without the packages nested in it (counted on their own rows)
  const nested = path.join(pkgDir, 'node_modules');
  const bytes = sizeOf(pkgDir) - (fs.existsSync(nested) ? sizeOf(nested) : 0);
  return { name, version, bytes };
});
rows.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
for (const row of rows) console.log(`  ${row.name}@${row.version}  ${kb(row.bytes)}`);
console.log(`  ${rows.length} packages, ${kb(rows.reduce((sum, r) => sum + r.bytes, 0))} in all`);
const bad = forbidden ? rows.filter((r) => forbidden.test(r.name)) : [];
if (bad.length > 0) {
  console.error(`install-report: unexpected packages: ${bad.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
