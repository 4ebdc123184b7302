import tseslint from 'typescript-eslint';
import layering from './eslint-rules/layering.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'release/**',
      'e2e/artifacts/**',
      'test-results/**',
      'resources/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { waymark: { rules: { layering } } },
    rules: {
      'waymark/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'bin/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
