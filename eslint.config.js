// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/**', 'dist/**', 'node_modules/**', 'examples/**', 'test/fixtures/**', 'coverage/**', 'src/**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Our regular expressions read untrusted text (handoffs, tool output, comments): none may backtrack
    // super-linearly (ReDoS). eslint-plugin-regexp's analysis, on the code that ships.
    files: ['src/**/*.ts', 'scripts/**/*.js'],
    plugins: { regexp },
    rules: { 'regexp/no-super-linear-backtracking': 'error', 'regexp/no-super-linear-move': 'error' },
  },
  {
    // Tests edit GitHub's example payloads in place (deep, untyped JSON) and restore process.env.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-dynamic-delete': 'off' },
  },
  {
    // Stripping control characters from untrusted text is this file's job.
    files: ['src/core/report/escape.ts'],
    rules: { 'no-control-regex': 'off' },
  },
);
