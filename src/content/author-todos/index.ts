/**
 * The scaffold (`npm run new-lesson`) marks every sentence an author still owes with
 * `TODO(author)`. A page that still holds one builds fine and looks finished, so nothing else would
 * stop it from shipping: `astro build` refuses it, naming each file and line, and `astro dev`
 * warns (an author works through the TODOs in the dev server, one reload at a time).
 * A starter's `// TODO:` for the learner is not an author's TODO and is left alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { ContentError } from '../friendly-errors';

export const AUTHOR_TODO = 'TODO(author)';

export interface AuthorTodo {
  /** Absolute path. */
  file: string;
  /** Relative to the project root, with `/`. */
  shown: string;
  /** 1-based. */
  line: number;
  column: number;
  /** The line, trimmed and clipped. */
  text: string;
}

/** Files an author writes: lesson pages, reference pages and lab files (lessons/README.md is documentation, not content). */
const AUTHORED = /\.(mdx|md|json|ts)$/;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.isFile() && AUTHORED.test(entry.name) ? [path] : [];
    });
}

/** Every `TODO(author)` under `lessons/NN-slug/` and `lessons/reference/`, in file and line order. */
export function findAuthorTodos(root: string): AuthorTodo[] {
  const lessons = join(root, 'lessons');
  if (!existsSync(lessons)) return [];
  const folders = readdirSync(lessons, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && (/^\d{2}-/.test(entry.name) || entry.name === 'reference'))
    .map((entry) => entry.name)
    .sort();
  return folders.flatMap((folder) =>
    walk(join(lessons, folder)).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => {
          const column = line.indexOf(AUTHOR_TODO);
          if (column < 0) return [];
          const text = line.trim();
          return [
            {
              file,
              shown: relative(root, file).split(sep).join('/'),
              line: index + 1,
              column: column + 1,
              text: text.length > 100 ? `${text.slice(0, 100)}…` : text,
            },
          ];
        }),
    ),
  );
}

const MAX_LISTED = 20;

/** The list of placeholders, one `file:line: text` per line (at most 20, then a count). */
function listTodos(todos: readonly AuthorTodo[]): string {
  const lines = todos.slice(0, MAX_LISTED).map((todo) => `- ${todo.shown}:${todo.line}: ${todo.text}`);
  if (todos.length > MAX_LISTED) lines.push(`- … and ${todos.length - MAX_LISTED} more`);
  return lines.join('\n');
}

const count = (todos: readonly AuthorTodo[]) =>
  todos.length === 1 ? `1 ${AUTHOR_TODO} placeholder is` : `${todos.length} ${AUTHOR_TODO} placeholders are`;
const grep = (todos: readonly AuthorTodo[]) => {
  const folders = [...new Set(todos.map((todo) => todo.shown.split('/').slice(0, 2).join('/')))];
  return `grep -rn "${AUTHOR_TODO}" ${folders.join(' ')}`;
};

/** The production build's refusal: every placeholder, and the fix. */
export function authorTodoError(todos: readonly AuthorTodo[]): ContentError {
  const first = todos[0];
  const error = new ContentError(
    `${count(todos)} left in the lessons, and a production build must not publish them:\n${listTodos(todos)}\nFix: replace each with your own words (or remove it), then build again; \`${grep(todos)}\` lists them. \`astro dev\` only warns about them.`,
    first === undefined ? undefined : { file: first.file, line: first.line, column: first.column },
  );
  // The message is the whole story: without this, Astro prints this helper's stack under it.
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/** The dev server's warning: the same list, and what the build will do. */
export function authorTodoWarning(todos: readonly AuthorTodo[]): string {
  return `${count(todos)} left in the lessons; \`astro build\` will refuse them:\n${listTodos(todos)}\nFix: replace each with your own words before you build (\`${grep(todos)}\` lists them).`;
}

/** `astro build` fails on a leftover placeholder; `astro dev` warns at start and whenever a lesson file changes. */
export function authorTodos(): AstroIntegration {
  return {
    name: 'logout-lab:author-todos',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        if (command !== 'build' && command !== 'dev') return;
        const todos = findAuthorTodos(fileURLToPath(config.root));
        if (todos.length === 0) return;
        if (command === 'build') throw authorTodoError(todos);
        logger.warn(authorTodoWarning(todos));
      },
      'astro:server:setup': ({ server, logger }) => {
        const root = server.config.root;
        const lessons = join(root, 'lessons') + sep;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const changed = (file: string) => {
          if (!file.startsWith(lessons) || !AUTHORED.test(file)) return;
          // Editors save in bursts: warn once the burst is over, about what is left in the whole course.
          clearTimeout(timer);
          timer = setTimeout(() => {
            const todos = findAuthorTodos(root);
            if (todos.length > 0) logger.warn(authorTodoWarning(todos));
          }, 100);
        };
        server.watcher.on('add', changed).on('change', changed);
      },
    },
  };
}
