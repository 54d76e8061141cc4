import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'coverage/', 'release/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The engine and the CLI must run in plain Node (headless `ais serve`, tests): no Electron
    // here. The tray reuses the CLI's agent launcher and terminal openers.
    files: ['main/core/**', 'main/cli/**', 'main/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'main/core runs in plain Node: use main/electron for Electron APIs.',
            },
            {
              name: 'electron-store',
              message: 'main/core runs in plain Node: keep electron-store in main/electron.',
            },
          ],
          patterns: [{ group: ['electron/*', 'electron-store/*'], message: 'main/core runs in plain Node.' }],
        },
      ],
    },
  },
);
