// ESLint (flat config): typescript-eslint's strict and stylistic type-checked rules over every TS source in
// tsconfig.json; the recommended JS rules over the CommonJS node scripts; eslint-config-prettier last, so layout is
// Prettier's alone (`npm run format:check`). `npm run lint`; both run in `npm test`.
// `npm run lint` caches per file (node_modules/.cache/eslint/), keyed on the file's own text: after a change of types
// that other files use, a cached file is not re-checked: `rm -rf node_modules/.cache/eslint` (or `npx eslint .`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated or not ours: provider and CRD bindings (.gen/), synth outputs (tofu-out/, k8s/), rendered docs,
    // build output and caches.
    ignores: ['node_modules/', 'dist/', 'coverage/', '.gen/', 'tofu-out/', 'k8s/', 'docs/', 'cdktf.out/', '.tools/', '.tmp/', '.synth-txn/', '**/*.d.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers in messages, names and addresses (`vmbr${vlan}`, `${cores} cores`) are the common case here and always
      // print as intended; booleans, nullish values, objects and `any` stay refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(x) => list.push(x)`, `() => fs.rmSync(dir)`: the shorthand's value is never used; braces would add only lines.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The same convention as tsc's noUnusedParameters: a leading underscore marks a binding kept on purpose
      // (a positional parameter, a property dropped by a rest destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests: a `!` on a lookup that must succeed is the assertion (a wrong one fails the test at once with a
    // TypeError); spelling each as `expect(x).toBeDefined()` plus a narrowing would only add noise.
    files: ['__tests__/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // @types/jest types the asymmetric matchers (expect.any, objectContaining, stringMatching …) as `any`, so every
      // expected value that uses one is an "unsafe assignment"; no-unsafe-member-access/-argument/-call still apply.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // The node scripts (CommonJS, not in tsconfig.json): no type information, so the untyped rules only.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  prettier,
);
