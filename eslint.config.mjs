// Promise safety (no forgotten awaits), exhaustive switches, and the one-way dependency
// rule between apps and libs: apps → libs/<context> → libs/platform, libs/calendar, libs/identity.
import tseslint from 'typescript-eslint';

const contexts = ['setup', 'cases', 'intake', 'imports', 'meetings', 'evaluation', 'landlords', 'retention'];

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
  {
    // libs never reach into apps, and reach other libs only through their index (@bosam/<lib>).
    files: ['libs/**/*.ts', 'libs/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/**', '../../apps/*', '../../../apps/*'], message: 'libs must not import apps.' },
            { group: ['@bosam/*/src/*', '@bosam/*/*'], message: 'Import another lib only through its index: @bosam/<lib>.' },
          ],
        },
      ],
    },
  },
  {
    // The base libs know nothing of the domain contexts.
    files: ['libs/platform/**/*.{ts,tsx}', 'libs/calendar/**/*.{ts,tsx}', 'libs/identity/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: contexts.map((c) => `@bosam/${c}`), message: 'platform, calendar and identity must not depend on a domain context.' },
            { group: ['**/apps/**'], message: 'libs must not import apps.' },
          ],
        },
      ],
    },
  },
);
