// Promise safety (no forgotten awaits), exhaustive switches, and the dependency rules between
// contexts: apps → libs/<context> → libs/platform, libs/calendar, libs/identity, each lib and app
// allowed only the edges docs/architecture.json lists (docs/architecture.md explains them).
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const graph = JSON.parse(readFileSync(new URL('./docs/architecture.json', import.meta.url), 'utf8'));
const libs = Object.keys(graph.libs);

/** Import patterns naming every other lib (or app) than those `unit` may use. */
function forbidden(all, unit, uses, kind) {
  const others = all.filter((other) => other !== unit && !uses.includes(other));
  if (others.length === 0) return [];
  const group = others.flatMap((other) =>
    kind === 'lib'
      ? [`@bosam/${other}`, `**/libs/${other}/**`, `**/${other}/src`, `**/${other}/src/**`]
      : [`**/${other}/src`, `**/${other}/src/**`],
  );
  const allowed = uses.length ? uses.join(', ') : 'none';
  return [{ group, message: `${kind} ${unit} may use only: ${allowed} (docs/architecture.json).` }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // One block per lib and per app, from the allowed graph in docs/architecture.json.
  ...Object.entries(graph.libs).map(([lib, { uses }]) => ({
    files: [`libs/${lib}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/**', '../../apps/*', '../../../apps/*'], message: 'libs must not import apps.' },
            { group: ['@bosam/*/src/*', '@bosam/*/*'], message: 'Import another lib only through its index: @bosam/<lib>.' },
            ...forbidden(libs, lib, uses, 'lib'),
          ],
        },
      ],
    },
  })),
  ...Object.entries(graph.apps).map(([app, { uses }]) => ({
    files: [`apps/${app}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': ['error', { patterns: forbidden(Object.keys(graph.apps), app, uses, 'app') }],
    },
  })),
);
