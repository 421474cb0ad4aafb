#!/usr/bin/env node
// npm start: build if needed, then run the launcher (apps/cli/src/start.ts).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const build = spawnSync(process.execPath, [join(__dirname, 'build.js'), '--if-needed'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// Run in this process so Ctrl-C reaches the launcher directly.
require(join(root, 'dist', 'apps', 'cli', 'src', 'start.js'));
