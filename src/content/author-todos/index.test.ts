import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { authorTodoError, authorTodos, findAuthorTodos } from './index';

const root = mkdtempSync(join(tmpdir(), 'author-todos-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
write('lessons/README.md', 'replace every `TODO(author)` (documentation, not content)\n');
write(
  'lessons/07-x/index.mdx',
  '---\ntitle: X\nsummary: "TODO(author): one sentence."\n---\n\n  TODO(author): explain the idea.\n',
);
write('lessons/07-x/lab/lab.json', '{ "goal": "TODO(author): the goal" }\n');
write('lessons/07-x/lab/starter/routes/logout.ts', '// TODO: the learner’s work goes here\n');
write('lessons/reference/glossary.mdx', 'Fine.\n');
write('lessons/reference/extra.mdx', 'x TODO(author): a term\n');

describe('findAuthorTodos', () => {
  it('finds every placeholder in lesson folders and reference pages, with file, line and column; not the README, not a learner TODO', () => {
    expect(findAuthorTodos(root).map((t) => `${t.shown}:${t.line}:${t.column} ${t.text}`)).toEqual([
      'lessons/07-x/index.mdx:3:11 summary: "TODO(author): one sentence."',
      'lessons/07-x/index.mdx:6:3 TODO(author): explain the idea.',
      'lessons/07-x/lab/lab.json:1:12 { "goal": "TODO(author): the goal" }',
      'lessons/reference/extra.mdx:1:3 x TODO(author): a term',
    ]);
    expect(findAuthorTodos(join(root, 'nowhere'))).toEqual([]);
  });

  it('the build error lists them, points at the first, and ends with the fix', () => {
    const error = authorTodoError(findAuthorTodos(root));
    expect(error.message).toBe(
      [
        '4 TODO(author) placeholders are left in the lessons, and a production build must not publish them:',
        '- lessons/07-x/index.mdx:3: summary: "TODO(author): one sentence."',
        '- lessons/07-x/index.mdx:6: TODO(author): explain the idea.',
        '- lessons/07-x/lab/lab.json:1: { "goal": "TODO(author): the goal" }',
        '- lessons/reference/extra.mdx:1: x TODO(author): a term',
        'Fix: replace each with your own words (or remove it), then build again; `grep -rn "TODO(author)" lessons/07-x lessons/reference` lists them. `astro dev` only warns about them.',
      ].join('\n'),
    );
    expect(error.loc).toEqual({ file: join(root, 'lessons/07-x/index.mdx'), line: 3, column: 11 });
  });
});

describe('authorTodos integration', () => {
  const hooks = authorTodos().hooks as unknown as Record<string, (o: object) => void>;
  const setup = (command: string) => {
    const warnings: string[] = [];
    hooks['astro:config:setup']?.({
      command,
      config: { root: pathToFileURL(`${root}/`) },
      logger: { warn: (m: string) => warnings.push(m) },
    });
    return warnings;
  };

  it('fails the production build', () => {
    expect(() => setup('build')).toThrow(/^4 TODO\(author\) placeholders are left in the lessons/);
  });

  it('only warns in dev, at start and after a lesson file changes', async () => {
    const warnings = setup('dev');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^4 TODO\(author\) placeholders are left in the lessons; `astro build` will refuse them:\n- lessons\/07-x\/index.mdx:3: /,
    );
    const handlers: Record<string, (file: string) => void> = {};
    const watcher = {
      on: (event: string, handler: (file: string) => void) => ((handlers[event] = handler), watcher),
    };
    hooks['astro:server:setup']?.({
      server: { config: { root }, watcher },
      logger: { warn: (m: string) => warnings.push(m) },
    });
    handlers['change']?.(join(root, 'src/pages/index.astro'));
    handlers['change']?.(join(root, 'lessons/07-x/index.mdx'));
    handlers['change']?.(join(root, 'lessons/07-x/lab/lab.json'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings).toHaveLength(2);
    expect(setup('sync')).toEqual([]);
  });
});
