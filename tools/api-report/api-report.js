// @ts-check
// API reports: for every public package, each entry point of its exports map, every exported name with
// its declaration as the built .d.ts states it (comments dropped, sorted by name), written to
// api/<package>.api.md at the workspace root. A change to the public surface therefore shows in review,
// and `--check` fails while a report is out of date.
//   node tools/api-report/api-report.js --write   regenerate the reports (after building the packages)
//   node tools/api-report/api-report.js --check   exit 1 with a diff summary when a report differs
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.join(__dirname, '..', '..');
const reportsDir = path.join(root, 'api');

/** The packages with a public surface: every non-private package of the workspace with an exports map. */
function publicPackages() {
  return ['packages', 'apps', 'tools']
    .flatMap((group) => fs.readdirSync(path.join(root, group)).map((name) => path.join(root, group, name)))
    .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private && manifest.exports)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** Entry points (`.`, `./testing`) with their declaration files, from the exports map. */
function entryPoints(pkg) {
  return Object.entries(pkg.manifest.exports)
    .filter(([subpath, target]) => subpath !== './package.json' && typeof target === 'object' && target.types)
    .map(([subpath, target]) => ({ subpath, types: path.join(pkg.dir, target.types) }));
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** One declaration as a consumer sees it: printed from the .d.ts without comments, export/declare dropped. */
function printDeclaration(declaration) {
  const text = printer.printNode(ts.EmitHint.Unspecified, declaration, declaration.getSourceFile());
  return text
    .replace(/^export (default )?/, '')
    .replace(/^declare /, '')
    .split('\n')
    // private members are not part of the surface (a private constructor is: it says "do not construct")
    .filter((line) => !/^\s+private (?!constructor)/.test(line))
    .join('\n');
}

/** The report of one entry point: `## <entry>` and one block per exported name, sorted. */
function reportEntry(program, checker, entry) {
  const source = program.getSourceFile(entry.types);
  if (!source) throw new Error(`${entry.types} not found: build the package first`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  const blocks = exported
    .map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declarations = (target.declarations ?? []).filter((d) => !ts.isSourceFile(d));
      const renamed = target.name !== symbol.name && target.name !== 'default' ? ` (exported as ${symbol.name})` : '';
      const body = declarations.map((d) => printDeclaration(ts.isVariableDeclaration(d) ? d.parent.parent : d)).join('\n');
      return { name: symbol.name, text: `### ${symbol.name}${renamed}\n\n\`\`\`ts\n${body}\n\`\`\`` };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `## ${entry.subpath}\n\n${blocks.map((b) => b.text).join('\n\n')}\n`;
}

/** Every report by file name. */
function buildReports() {
  const packages = publicPackages();
  const entries = packages.flatMap((pkg) => entryPoints(pkg).map((entry) => ({ pkg, entry })));
  const program = ts.createProgram(
    entries.map(({ entry }) => entry.types),
    { noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'] },
  );
  const checker = program.getTypeChecker();
  /** @type {Map<string, string>} */
  const reports = new Map();
  for (const pkg of packages) {
    const sections = entryPoints(pkg).map((entry) => reportEntry(program, checker, entry));
    const header =
      `# API report: ${pkg.manifest.name}\n\n` +
      'Generated from the built declaration files by `node tools/api-report/api-report.js --write` ' +
      '(after `npx nx run-many -t build`). Do not edit: a change here is a change to the public API.\n\n';
    reports.set(`${pkg.manifest.name.replace(/^@silvertine\//, '')}.api.md`, header + sections.join('\n'));
  }
  return reports;
}

function main() {
  const mode = process.argv[2];
  if (mode !== '--write' && mode !== '--check') {
    console.error('usage: api-report.js --write | --check');
    process.exit(2);
  }
  const reports = buildReports();
  if (mode === '--write') {
    fs.mkdirSync(reportsDir, { recursive: true });
    for (const stale of fs.readdirSync(reportsDir)) if (stale.endsWith('.api.md') && !reports.has(stale)) fs.rmSync(path.join(reportsDir, stale));
    for (const [file, text] of reports) fs.writeFileSync(path.join(reportsDir, file), text);
    console.log(`api-report: wrote ${reports.size} reports to api/`);
    return;
  }
  const problems = [];
  for (const [file, text] of reports) {
    const existing = fs.existsSync(path.join(reportsDir, file)) ? fs.readFileSync(path.join(reportsDir, file), 'utf8') : undefined;
    if (existing === undefined) problems.push(`api/${file} is missing`);
    else if (existing !== text) problems.push(`api/${file} differs from the built API:\n${summarize(existing, text)}`);
  }
  for (const file of fs.existsSync(reportsDir) ? fs.readdirSync(reportsDir) : []) {
    if (file.endsWith('.api.md') && !reports.has(file)) problems.push(`api/${file} belongs to no public package`);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error('\nThe public API changed. If that is intended, run `node tools/api-report/api-report.js --write` and commit api/.');
    process.exit(1);
  }
  console.log(`api-report: ${reports.size} reports match the built API`);
}

/** The exported names whose block was added, removed or changed (by `### name` headings). */
function summarize(before, after) {
  const blocks = (text) => new Map(text.split(/\n(?=### |## )/).map((b) => [b.split('\n')[0], b]));
  const a = blocks(before);
  const b = blocks(after);
  const lines = [];
  for (const [heading, block] of b) if (!a.has(heading)) lines.push(`  + ${heading}`);
  else if (a.get(heading) !== block) lines.push(`  ~ ${heading}`);
  for (const heading of a.keys()) if (!b.has(heading)) lines.push(`  - ${heading}`);
  return lines.join('\n');
}

main();
