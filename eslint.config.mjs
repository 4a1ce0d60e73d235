import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const transportAndOrm = ['express', 'express/*', '@grpc/*', 'amqplib', 'amqplib/*', 'typeorm', 'typeorm/*', 'pg', 'pg/*'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/generated/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Domain rules and use cases stay free of transports and the ORM (STYLE.md habit 4).
    files: ['**/domain/**/*.ts', '**/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: transportAndOrm,
              message: 'domain/ and app/ must not import transports or the ORM (express, @grpc/*, amqplib, typeorm, pg); depend on a port instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**', '**/bench/**', '**/bin/**', '**/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
