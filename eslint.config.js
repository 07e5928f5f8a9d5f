// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const noElectron = {
  paths: [{ name: 'electron', message: 'Electron lives in main/ only.' }],
  patterns: [{ group: ['electron/*'], message: 'Electron lives in main/ only.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'out/', 'dist/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests may assert presence with `!`: a wrong guess fails the test, which is the point.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['core/**/*.ts', 'cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // Imported as values by main and the renderer alike: neither Node nor Electron.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            ...noElectron.patterns,
            { group: ['node:*'], message: 'shared/ runs in the renderer too: no Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            ...noElectron.patterns,
            { group: ['node:*'], message: 'The renderer has no Node.' },
            {
              group: ['**/core/*', '**/main/*'],
              allowTypeImports: true,
              message: 'The renderer takes only types from core/ and main/; values come over IPC.',
            },
          ],
        },
      ],
    },
  },
);
