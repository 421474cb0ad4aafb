// One Jest run for the whole suite, in two projects:
// - unit: pure specs beside the code (libs/**/*.spec.ts) and the architecture checks
//   (test/architecture), no database;
// - e2e: specs in test/ against a real PostgreSQL, each file with its own database
//   cloned from a migrated template (see test/setup). Jest runs a project's global
//   set-up only when one of its tests is selected.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

// Packages that ship only ES modules must be compiled too (see test/setup/transform.js).
// Some (Preact) are ESM only without saying "type": "module": their main export is a .mjs file.
function shipsOnlyMjs(pkg) {
  const main = pkg.exports && pkg.exports['.'];
  const target = typeof main === 'string' ? main : main && !main.require && (main.default || main.import);
  return typeof target === 'string' && target.endsWith('.mjs');
}
function esmPackages(dir = join(__dirname, 'node_modules'), scope = '') {
  const names = [];
  for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@') && !scope) {
      names.push(...esmPackages(join(dir, entry), `${entry}/`));
      continue;
    }
    try {
      const pkg = JSON.parse(readFileSync(join(dir, entry, 'package.json'), 'utf8'));
      if (pkg.type === 'module' || shipsOnlyMjs(pkg)) names.push(`${scope}${entry}`);
    } catch {
      // not a package
    }
  }
  return names;
}
// CommonJS packages that load an ES module with import() (which Jest's VM cannot run): compiled too,
// so the import() becomes a require() of the compiled module.
const IMPORTS_ESM = ['@fastify/cookie'];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(tsx?|js|mjs)$': '<rootDir>/test/setup/transform.js' },
  transformIgnorePatterns: [`/node_modules/(?!(${[...esmPackages(), ...IMPORTS_ESM].map(escape).join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  moduleNameMapper: { '^@bosam/([a-z-]+)$': '<rootDir>/libs/$1/src' },
};

module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/architecture/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
