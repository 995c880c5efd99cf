// @ts-check
// prepack: the published package carries the source and test templates of the Nx generator
// (tools/plugin), copied into templates/shared, so both scaffolders generate the same plugin code from
// one set of files. In the workspace, lib/scaffold.js reads them from tools/plugin directly.
const fs = require('node:fs');
const path = require('node:path');
const { SHARED_PARTS, workspaceTemplates } = require('../lib/templates');

const source = workspaceTemplates();
if (!source) throw new Error('tools/plugin templates not found: pack @silvertine/create-broker from the Silvertine workspace');
const target = path.join(__dirname, '..', 'templates', 'shared');
fs.rmSync(target, { recursive: true, force: true });
for (const part of SHARED_PARTS) fs.cpSync(path.join(source, part), path.join(target, part), { recursive: true });
console.log(`copied ${SHARED_PARTS.join(', ')} from ${path.relative(process.cwd(), source)} to templates/shared`);
