// ESLint: TypeScript's recommended checks plus the project's dependency direction (README, "Layout").
// Inner layers never reach outwards; only lib/adapters/ speaks to AWS or reads the environment;
// functions/ and bin/ are composition roots; a detection rule never imports another rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noRuleImports from './tools/eslint/no-rule-imports.js';

const AWS_AND_SERVERS = ['@aws-sdk/*', '@smithy/*', 'dynalite', 's3rver', 'aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '@aws-lambda-powertools/*'];
const outward = (...folders) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message: `an inner layer does not import ${folders.join(', ')} (README, Layout: dependencies point inwards)` });
const restrict = (files, ...folders) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: AWS_AND_SERVERS, message: 'only lib/adapters/ imports an AWS SDK or a local server' }, outward(...folders)] }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.statsentry/**', '.cdk/**', 'sample-data/**', 'dist/**', 'coverage/**', 'test/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        queueMicrotask: 'readonly',
        crypto: 'readonly',
        document: 'readonly',
        window: 'readonly',
        navigator: 'readonly',
        location: 'readonly',
        history: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        HTMLElement: 'readonly',
      },
    },
    plugins: { statsentry: { rules: { 'no-rule-imports': noRuleImports } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Domain code: pure, no SDK, no environment.
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/adapters/**'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'configuration is read once, in lib/adapters/config.ts' }] },
  },
  restrict(
    ['lib/domain/**/*.ts', 'lib/stats/**/*.ts', 'lib/util/**/*.ts'],
    'adapters',
    'use-cases',
    'cli',
    'api',
    'engine',
    'rules',
    'cases',
    'ports',
    'oversight',
    'inspection',
    'self-inspection',
    'sample',
    'eval',
    'contract',
  ),
  restrict(['lib/contract/**/*.ts'], 'adapters', 'use-cases', 'cli', 'api', 'engine', 'rules', 'cases', 'ports', 'oversight', 'inspection', 'self-inspection', 'sample', 'eval'),
  restrict(['lib/engine/**/*.ts'], 'adapters', 'use-cases', 'cli', 'api', 'rules', 'cases', 'ports', 'oversight', 'inspection', 'self-inspection', 'sample', 'eval'),
  restrict(['lib/rules/**/*.ts'], 'adapters', 'use-cases', 'cli', 'api', 'ports', 'self-inspection', 'sample', 'eval'),
  restrict(
    ['lib/cases/**/*.ts', 'lib/oversight/**/*.ts', 'lib/inspection/**/*.ts', 'lib/self-inspection/**/*.ts', 'lib/sample/**/*.ts', 'lib/eval/**/*.ts', 'lib/ports/**/*.ts', 'lib/use-cases/**/*.ts'],
    'adapters',
    'cli',
    'api',
  ),
  restrict(['lib/api/**/*.ts'], 'adapters', 'cli'),
  restrict(['lib/cli/**/*.ts'], 'api/local-server-never'),
  // The registry and each family's index list the rules; nothing else under lib/rules/ imports one.
  { files: ['lib/rules/**/*.ts'], ignores: ['lib/rules/registry.ts', 'lib/rules/select.ts', 'lib/rules/*/index.ts'], rules: { 'statsentry/no-rule-imports': 'error' } },
);
