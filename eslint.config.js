// @ts-check
import { join } from 'node:path';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

/**
 * Which folder may import which (the maps in sandbox-server/README.md and src/lab/README.md):
 * imports run one way, lessons → src → sandbox-server, and scripts/, bench/ and test/ may import
 * anything. The sandbox server runs unchanged in Node, a WebContainer and a Worker, so it must not
 * pull in the site; the site's build must not depend on the CLI scripts. Shared helpers live in the
 * lowest folder that needs them (sandbox-server/labs/did-you-mean, src/lab/tree/build.ts). Inside the
 * sandbox, labs/ builds on checks/ and src/, and the checks treat the server as a black box.
 * @type {{ target: string, from: string[], message: string }[]}
 */
export const importZones = [
  {
    target: 'sandbox-server',
    from: ['src', 'lessons', 'scripts', 'bench', 'test'],
    message:
      'sandbox-server imports nothing of the site: move what both need into sandbox-server and import it from src.',
  },
  {
    target: 'src',
    from: ['lessons', 'scripts', 'bench', 'test'],
    message:
      'src never imports lessons/, scripts/, bench/ or test/: move the shared code under src/ (or sandbox-server/) and import it from there.',
  },
  {
    target: 'sandbox-server/src',
    from: ['sandbox-server/checks', 'sandbox-server/labs'],
    message: 'the sandbox server knows nothing of its checks or of the lab tooling built on it.',
  },
  {
    target: 'sandbox-server/checks',
    from: ['sandbox-server/src', 'sandbox-server/labs'],
    message: 'the checks talk to the server only over HTTP (a transport): they import none of its code.',
  },
  {
    target: 'sandbox-server/shared',
    from: [
      'src',
      'lessons',
      'scripts',
      'bench',
      'test',
      'sandbox-server/src',
      'sandbox-server/checks',
      'sandbox-server/labs',
    ],
    message:
      'shared/ holds the HTTP facts both the server and its checks read (one Set-Cookie parser): it imports neither.',
  },
  {
    target: 'lessons',
    from: ['scripts', 'bench', 'test'],
    message: 'lesson files import only sandbox-server (and src): scripts/, bench/ and test/ are tooling.',
  },
];

/**
 * The whole configuration, for the repository at `root`. A function so the rule test
 * (test/lint-imports.test.ts) can run exactly these rules on a planted fixture with the same layout.
 * @param {string} root
 */
export function config(root) {
  return tseslint.config(
    {
      ignores: [
        'dist/',
        '.astro/',
        'node_modules/',
        'test-results/',
        'playwright-report/',
        'public/',
        '**/*.d.ts',
        'test/fixtures/',
      ],
    },
    ...tseslint.configs.recommended,
    ...astro.configs.recommended,
    {
      rules: {
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      },
    },
    {
      files: ['**/*.{ts,mts,js,mjs,astro}'],
      plugins: { 'import-x': importX },
      settings: {
        // tsconfig `paths` (@sandbox/*), extensionless `.ts` imports and `import type` all resolve.
        'import-x/resolver-next': [
          createTypeScriptImportResolver({ project: join(root, 'tsconfig.json') }),
          createNodeResolver(),
        ],
        'import-x/extensions': ['.ts', '.mts', '.js', '.mjs'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
      },
      rules: {
        // Type-only edges are erased at build time and do not count; a dynamic import() does.
        'import-x/no-cycle': 'error',
        'import-x/no-restricted-paths': ['error', { basePath: root, zones: importZones }],
        // Cheap hygiene (no existing code breaks them). Import order is left to review: sorting
        // every file would rewrite the imports of most of the repository at once.
        'import-x/no-self-import': 'error',
        'import-x/no-duplicates': 'error',
        'import-x/first': 'error',
        'import-x/newline-after-import': 'error',
        'import-x/no-useless-path-segments': 'error',
      },
    },
  );
}

export default config(import.meta.dirname);
