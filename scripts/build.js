#!/usr/bin/env node
// Compiles TypeScript to dist/ (tsc, then tsc-alias rewrites @bosam/* imports to relative paths).
// --if-needed: skip when dist/ is newer than every source file. --quiet: no output on success.
const { execFileSync } = require('node:child_process');
const { cpSync, existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(tsx?|json|css|js)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['apps', 'libs', 'migrations', 'bench'].filter((d) => existsSync(join(root, d)));
const newest = Math.max(statSync(join(root, 'tsconfig.json')).mtimeMs, ...sources.map((d) => newestSource(join(root, d))));
if (args.has('--if-needed') && existsSync(stamp) && statSync(stamp).mtimeMs >= newest) process.exit(0);

const bin = (name) => join(root, 'node_modules', '.bin', name);
const stdio = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit';
try {
  if (!quiet) process.stderr.write('Building…\n');
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio });
} catch (error) {
  if (error.stdout) process.stderr.write(error.stdout);
  process.stderr.write('Build failed.\n');
  process.exit(1);
}
// The web interface's stylesheet and script travel beside the compiled pages.
cpSync(join(root, 'apps/api/src/web/static'), join(root, 'dist/apps/api/src/web/static'), { recursive: true });
writeFileSync(stamp, new Date().toISOString());
