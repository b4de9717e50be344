/**
 * `npm run new-lesson -- "Logging out of every device" [--level Advanced] [--minutes 8] [--lab]
 * [--after 03] [--number 07] [--slug every-device]`
 *
 * Scaffolds `lessons/NN-slug/index.mdx` (valid frontmatter, `deeper` included, and one section of each core kind) and,
 * with --lab, `lessons/NN-slug/lab/` (manifest, starter, solution, one mistake) that already passes
 * `npm run lab -- verify`, so an instructor edits from a green state.
 *
 * Numbering: a folder name is a lesson's permanent id (its URL and the key of saved progress), so
 * nothing is ever renamed. A new lesson takes the next free number; --after places it with an
 * `order` in the frontmatter (3.5 sits between lessons 3 and 4). See lessons/README.md.
 *
 * Exit codes: 0 created, 2 bad input (the message names the problem and the fix).
 * `main` takes argv and an io object so tests can call it directly.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// The frontmatter parser of @astrojs/mdx, i.e. of the content collections (declared in package.json).
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { ArgsError, parseCommandLine } from '../../sandbox-server/labs/args';
import { levels, type Level } from '../../src/content/lesson-schema';
import { between, folderNumber } from '../../src/content/lesson-order';
import { slugify } from '../../sandbox-server/labs/slugify';

/** The project root (the folder holding lessons/). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATE_LAB = fileURLToPath(new URL('./template/lab/', import.meta.url));

export const USAGE = `Usage: npm run new-lesson -- "<title>" [options]

  --level <level>     Foundation, Intermediate, Advanced or Expert
                      (default: the level of the lesson it follows)
  --minutes <n>       reading minutes, a whole number (default 5)
  --lab               also create lab/ (manifest, starter, solution, one mistake) that passes
                      npm run lab -- verify
  --after <lesson>    place it right after this lesson (3, 03 or 03-basic-logout-route);
                      default: at the end of the course
  --number <NN>       use this folder number instead of the next free one
  --slug <slug>       use this folder slug instead of one made from the title

Example: npm run new-lesson -- "Logging out of every device" --level Advanced --lab --after 5`;

export class NewLessonError extends Error {
  override name = 'NewLessonError';
  /** Whether the usage text helps (a misspelt option does; a taken slug does not). */
  readonly showUsage: boolean;

  constructor(message: string, options: { usage?: boolean } = {}) {
    super(message);
    this.showUsage = options.usage ?? false;
  }
}

export interface NewLessonOptions {
  title: string;
  level?: Level;
  minutes?: number;
  lab: boolean;
  after?: string;
  number?: number;
  slug?: string;
}

/** Value options take `multiple` so a repeated one can be refused instead of silently won by the last. */
const OPTIONS = {
  level: { type: 'string', multiple: true },
  minutes: { type: 'string', multiple: true },
  lab: { type: 'boolean' },
  after: { type: 'string', multiple: true },
  number: { type: 'string', multiple: true },
  slug: { type: 'string', multiple: true },
  help: { type: 'boolean' },
} as const;
const FLAGS = Object.keys(OPTIONS).map((name) => `--${name}`);

function suggestFlag(name: string): string {
  const bare = name.replace(/^-+/, '').toLowerCase();
  const guess = FLAGS.find(
    (flag) => flag.slice(2).startsWith(bare.slice(0, 3)) || bare.startsWith(flag.slice(2)),
  );
  return guess ? ` Did you mean ${guess}?` : '';
}

/** argv (after `--`) → options; throws NewLessonError with the fix for anything it cannot use. */
export function parseArgs(argv: readonly string[]): NewLessonOptions | 'help' {
  try {
    return parseArgv(argv);
  } catch (error) {
    if (error instanceof NewLessonError) throw new NewLessonError(error.message, { usage: true });
    throw error;
  }
}

function readArgv(argv: readonly string[]) {
  try {
    return parseCommandLine(argv, OPTIONS);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    const { kind, option } = error.problem;
    if (kind === 'missing-value')
      throw new NewLessonError(`${option} needs a value, e.g. ${example(option)}.`);
    if (kind === 'unexpected-value')
      throw new NewLessonError(`${option} takes no value: write ${option} on its own.`);
    throw new NewLessonError(`Unknown option ${option}.${suggestFlag(option)}`);
  }
}

function parseArgv(argv: readonly string[]): NewLessonOptions | 'help' {
  // Asking for help wins over any mistake on the same line.
  if (argv.includes('--help')) return 'help';
  const { values: given, positionals: positional } = readArgv(argv);
  const lab = given.lab ?? false;
  const values = new Map<string, string>();
  for (const name of ['level', 'minutes', 'after', 'number', 'slug'] as const) {
    const list = given[name] ?? [];
    if (list.length > 1) throw new NewLessonError(`--${name} is given twice: keep one.`);
    if (list[0] !== undefined) values.set(`--${name}`, list[0]);
  }

  const [title, extra] = positional;
  if (title === undefined || title.trim() === '') {
    throw new NewLessonError(
      'Give the lesson a title, in quotes: npm run new-lesson -- "Logging out of every device".',
    );
  }
  if (extra !== undefined)
    throw new NewLessonError(
      `Unexpected argument "${extra}": put the whole title in quotes, e.g. "${positional.join(' ')}".`,
    );
  if (title.trim().length < 3)
    throw new NewLessonError(`The title "${title.trim()}" is too short: write at least 3 characters.`);

  const options: NewLessonOptions = { title: title.trim().replace(/\s+/g, ' '), lab };
  const level = values.get('--level');
  if (level !== undefined) {
    const match = levels.find((l) => l.toLowerCase() === level.trim().toLowerCase());
    if (!match) throw new NewLessonError(`--level must be one of ${levels.join(', ')}, got "${level}".`);
    options.level = match;
  }
  const minutes = values.get('--minutes');
  if (minutes !== undefined) {
    if (!/^\d+$/.test(minutes.trim()) || Number(minutes) < 1 || Number(minutes) > 120) {
      throw new NewLessonError(
        `--minutes must be a whole number of reading minutes from 1 to 120, got "${minutes}".`,
      );
    }
    options.minutes = Number(minutes);
  }
  const after = values.get('--after');
  if (after !== undefined) options.after = after;
  const number = values.get('--number');
  if (number !== undefined) {
    if (!/^\d{1,2}$/.test(number.trim()) || Number(number) < 1)
      throw new NewLessonError(`--number must be a folder number from 01 to 99, got "${number}".`);
    options.number = Number(number);
  }
  const slug = values.get('--slug');
  if (slug !== undefined) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
      throw new NewLessonError(
        `--slug must be lowercase words joined by hyphens, got "${slug}". Try --slug ${slugify(slug) || 'every-device'}.`,
      );
    }
    options.slug = slug;
  }
  return options;
}

function example(flag: string): string {
  return (
    {
      '--level': '--level Advanced',
      '--minutes': '--minutes 8',
      '--after': '--after 03',
      '--number': '--number 07',
      '--slug': '--slug every-device',
    }[flag] ?? flag
  );
}

/** What the scaffold needs to know about a lesson already on disk. */
export interface ExistingLesson {
  id: string;
  number: number;
  slug: string;
  /** Position in the course: frontmatter `order`, else the folder number. */
  position: number;
  level?: Level;
  /** `lessons/<id>/index.mdx`, for messages. */
  file: string;
}

/**
 * Reads `lessons/NN-*` folders: the two frontmatter fields the scaffold needs. The frontmatter goes
 * through the parser the MDX integration gives Astro's content layer (js-yaml, via Astro's own
 * helper), so the scaffold sees exactly the `order` the build sorts by, comments and quoting
 * included: a regex once missed `order: 3.5  # …` and placed the next insert on the same spot.
 */
export function readLessons(root: string): ExistingLesson[] {
  const dir = join(root, 'lessons');
  if (!existsSync(dir))
    throw new NewLessonError(
      `There is no lessons/ folder in ${root}: run the command from the project folder.`,
    );
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
    .map((entry) => {
      const file = `lessons/${entry.name}/index.mdx`;
      const { order, level } = readFrontmatter(join(dir, entry.name, 'index.mdx'), file);
      const lesson: ExistingLesson = {
        id: entry.name,
        number: folderNumber(entry.name),
        slug: entry.name.slice(3),
        // An `order` the build would reject (text, 0) is the build's to report; the folder number stands in.
        position:
          typeof order === 'number' && Number.isFinite(order) && order > 0 ? order : folderNumber(entry.name),
        file,
      };
      const known = levels.find((l) => l === level);
      if (known) lesson.level = known;
      return lesson;
    })
    .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** The parsed frontmatter of one lesson file (`{}` when the file or the block is missing). */
function readFrontmatter(path: string, file: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  try {
    return parseFrontmatter(readFileSync(path, 'utf8')).frontmatter;
  } catch (error) {
    // Guessing a position from broken YAML could put the new lesson on top of another one.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new NewLessonError(
      `Cannot read the frontmatter of ${file} (${reason}). Fix: correct that file (npm run dev shows the problem) and run the command again.`,
    );
  }
}

export interface LessonPlan {
  id: string;
  number: number;
  slug: string;
  title: string;
  level: Level;
  minutes: number;
  /** Written to the frontmatter only when the folder number alone would misplace the lesson. */
  order?: number;
  /** 1-based place in the course after insertion, and the course length. */
  position: number;
  total: number;
  after?: ExistingLesson;
  lab: boolean;
  file: string;
}

/** Accepts `3`, `03`, `03-basic-logout-route` or `basic-logout-route`. */
function findLesson(lessons: readonly ExistingLesson[], arg: string): ExistingLesson {
  const wanted = arg
    .trim()
    .replace(/^(\.\/)?lessons\//, '')
    .replace(/\/+$/, '');
  const number = /^\d{1,2}$/.test(wanted) ? Number(wanted) : undefined;
  const found = lessons.find((l) => l.id === wanted || l.slug === wanted || l.number === number);
  if (found) return found;
  const known = lessons.map((l) => l.id).join(', ') || 'none yet';
  throw new NewLessonError(
    `--after ${arg}: there is no such lesson. Use a lesson number or folder name (lessons: ${known}).`,
  );
}

const MAX_SLUG = 48;

function slugFromTitle(title: string): string {
  const full = slugify(title);
  if (full.length <= MAX_SLUG) return full;
  return full.slice(0, MAX_SLUG + 1).replace(/-[^-]*$/, '');
}

/** Decides number, slug, level and position; refuses collisions, naming both files. */
export function planLesson(lessons: readonly ExistingLesson[], options: NewLessonOptions): LessonPlan {
  const slug = options.slug ?? slugFromTitle(options.title);
  if (slug === '')
    throw new NewLessonError(
      `The title "${options.title}" has no letters or digits to make a folder name from: pass --slug, e.g. --slug every-device.`,
    );
  const maxNumber = Math.max(0, ...lessons.map((l) => l.number));
  const number = options.number ?? maxNumber + 1;
  if (number > 99) {
    throw new NewLessonError(
      'Lesson folder numbers go up to 99 and 99 is taken: pass --number with a free number below it and --after to place the lesson.',
    );
  }
  const id = `${String(number).padStart(2, '0')}-${slug}`;
  const file = `lessons/${id}/index.mdx`;
  const sameNumber = lessons.find((l) => l.number === number);
  if (sameNumber) {
    throw new NewLessonError(
      `Lesson number ${id.slice(0, 2)} is taken: ${sameNumber.file} already uses it, so ${file} would collide. Fix: leave out --number (the next free number is ${String(maxNumber + 1).padStart(2, '0')}); use --after to choose the place in the course.`,
    );
  }
  const sameSlug = lessons.find((l) => l.slug === slug);
  if (sameSlug) {
    throw new NewLessonError(
      `The slug "${slug}" is taken: ${sameSlug.file} already uses it, so ${file} would have the same name after its number. Fix: choose another title, or pass --slug <another-slug>.`,
    );
  }

  let order: number | undefined;
  let after: ExistingLesson | undefined;
  let position = lessons.filter((l) => l.position < number).length + 1;
  if (options.after !== undefined) {
    after = findLesson(lessons, options.after);
    const index = lessons.indexOf(after);
    const next = lessons[index + 1];
    const fits = number > after.position && (next === undefined || number < next.position);
    if (!fits) order = between(after.position, next?.position);
    position = index + 2;
  }
  const level = options.level ?? (after ?? lessons.at(-1))?.level ?? 'Foundation';
  const plan: LessonPlan = {
    id,
    number,
    slug,
    title: options.title,
    level,
    minutes: options.minutes ?? 5,
    position,
    total: lessons.length + 1,
    lab: options.lab,
    file,
  };
  if (after) plan.after = after;
  if (order !== undefined) plan.order = order;
  return plan;
}

/**
 * The `deeper` list a new lesson starts with: two real reference sections, so the page builds (the
 * build checks every item against the reference headings) and Expert mode shows lesson-specific
 * "Go deeper" links from the start, as test/expert-deeper.test.ts asks of every lesson. They fit
 * any logout lesson but no lesson exactly, so the field carries a TODO(author) to pick better ones.
 * The scaffold's test resolves them against lessons/reference/, so a renamed heading fails there.
 */
export const DEFAULT_DEEPER = [
  'production-patterns#the-checklist',
  'under-the-hood#deleting-a-cookie-so-it-really-goes',
] as const;

/** The MDX skeleton: valid frontmatter and one section of each core kind, every TODO marked. */
export function renderLesson(plan: LessonPlan): string {
  const n = plan.number;
  const yaml = (text: string) => JSON.stringify(text);
  const frontmatter = [
    '---',
    `title: ${yaml(plan.title)}`,
    `summary: ${yaml('TODO(author): one sentence saying what the learner can do after this lesson.')}`,
    `level: ${plan.level}`,
    `minutes: ${plan.minutes}`,
    'objectives:',
    `  - ${yaml('TODO(author): the first thing a learner can do afterwards')}`,
    `  - ${yaml('TODO(author): the second thing (2 to 5 objectives)')}`,
    ...(plan.order === undefined
      ? []
      : [`order: ${plan.order}  # position in the course: after ${plan.after?.id ?? 'the previous lesson'}`]),
    '# TODO(author): Expert mode\'s "Go deeper" links, the reference sections that continue this lesson:',
    '# each <file name in lessons/reference/>#<section id>, checked by the build (lessons/README.md, Frontmatter).',
    'deeper:',
    ...DEFAULT_DEEPER.map((item) => `  - ${item}`),
    '---',
  ];
  const lab = plan.lab
    ? `
<Section kind="lab" title="Lab: write the logout route" needs={["the-idea"]}>

TODO(author): say which file the learner edits (\`routes/logout.ts\`), what the TODO in it asks for, and
what the checks prove. The lab itself lives in \`lab/\`: edit \`lab/lab.json\`, the starter, the
solution and the mistakes, then run \`npm run lab -- verify ${String(n).padStart(2, '0')}\`. In \`needs\` above,
list the ids of the concept sections this lab relies on: Hands-on mode shows the lab, then only those.

<Lab />

</Section>
`
    : '';
  return `${frontmatter.join('\n')}

<Section kind="concept" title="The idea">

TODO(author): explain the idea in your own words. Markdown works here: **bold**, \`code\`, lists and
[links](https://owasp.org/). Every top-level block sits inside a \`<Section>\`; see lessons/README.md.

</Section>

<Section kind="prediction" title="Before reading on">

<Prediction
  id="l${n}-first-prediction"
  question="TODO(author): a question the learner answers before the explanation?"
  options={["TODO(author): a plausible wrong answer", "TODO(author): the right answer", "TODO(author): another plausible wrong answer"]}
  answer={1}
>

TODO(author): why the right answer is right. Learners see this only after they commit.

</Prediction>

</Section>

<Section kind="myth" title="Myth or fact?">

<Myth
  id="l${n}-myth"
  claim="TODO(author): a belief people hold about this topic."
  answer={false}
  reality="TODO(author): one sentence saying what is really true."
>

TODO(author): why it matters.

</Myth>

</Section>

<Section kind="code" title="Flask and Hono side by side">

<CodeTabs>

\`\`\`python
@app.post("/logout")
def logout():
    session.pop("user_id", None)
    return redirect(url_for("index"), code=303)
\`\`\`

\`\`\`ts
app.post('/logout', (c) => {
  c.get('session').pop('userId')
  return c.redirect('/', 303)
})
\`\`\`

</CodeTabs>

</Section>

<Section kind="takeaway" title="Remember this">

- TODO(author): the one thing to remember.
- TODO(author): the next.

</Section>
${lab}`;
}

/** `lab.json` of the scaffolded lab: the shape of lab 3 (cookie store, editable routes/logout.ts). */
export function renderLabManifest(): string {
  return `{
  "title": "Write the logout route",
  "goal": "TODO(author): one sentence saying what the learner must make true, e.g. make POST /logout forget the user but keep the visitor's theme.",
  "store": "cookie",
  "editable": ["routes/logout.ts"],
  "readonly": ["session/index.ts"],
  "checks": ["LO-01", "LO-02", "LO-03", "LO-05", "LO-07", "LO-08", "LO-09"],
  "provided": ["LO-02"],
  "mistakes": [
    {
      "name": "redirect-only",
      "title": "Redirects without removing the user from the session",
      "fails": ["LO-05", "LO-08", "LO-09"]
    },
    {
      "name": "session-clear",
      "title": "Calls session.clear(), which also wipes the theme",
      "fails": ["LO-08"]
    },
    {
      "name": "open-redirect",
      "title": "Redirects to whatever ?next= says, even another site",
      "fails": ["LO-03"]
    },
    {
      "name": "get-logout",
      "title": "Logout also answers GET, so any link or image can log the user out",
      "fails": ["LO-01"]
    },
    {
      "name": "crash-when-logged-out",
      "title": "Reads the user without checking there is one, so a second logout answers 500",
      "fails": ["LO-07"]
    }
  ]
}
`;
}

/** Writes the lesson (and lab); returns the created files relative to `root`. */
export function writeLesson(root: string, plan: LessonPlan): string[] {
  const dir = join(root, 'lessons', plan.id);
  if (existsSync(dir))
    throw new NewLessonError(`lessons/${plan.id}/ already exists: choose another --slug or --number.`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.mdx'), renderLesson(plan));
  if (plan.lab) {
    cpSync(TEMPLATE_LAB, join(dir, 'lab'), { recursive: true });
    writeFileSync(join(dir, 'lab', 'lab.json'), renderLabManifest());
  }
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return files;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Folder holding lessons/ (tests point this at a temporary copy). */
  root?: string;
}

export function main(argv: readonly string[], io: Io): number {
  const root = io.root ?? PROJECT_ROOT;
  try {
    const options = parseArgs(argv);
    if (options === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    const plan = planLesson(readLessons(root), options);
    const files = writeLesson(root, plan);
    const place = plan.after
      ? `after ${plan.after.id}${plan.order === undefined ? '' : ` (order: ${plan.order} in its frontmatter; no folder was renamed)`}`
      : 'at the end of the course';
    const number = plan.id.slice(0, 2);
    io.stdout(
      [
        `Created lesson ${plan.position} of ${plan.total}, ${place}:`,
        ...files.map((file) => `  ${file}`),
        '',
        'Next:',
        `  1. npm run dev, then open http://localhost:4321/lessons/${plan.id}/ (it reloads as you edit)`,
        `  2. Replace every TODO(author) in lessons/${plan.id}/ (grep -rn "TODO(author)" lessons/${plan.id}; npm run build refuses them),`,
        `     including the deeper: list in the frontmatter (Expert mode's "Go deeper" links; it starts with ${DEFAULT_DEEPER.join(' and ')})`,
        ...(plan.lab
          ? [
              `  3. Shape the lab in lessons/${plan.id}/lab/, then prove it: npm run lab -- verify ${number}`,
              `  4. Before a pull request: the checklist at the end of lessons/README.md`,
            ]
          : [`  3. Before a pull request: the checklist at the end of lessons/README.md`]),
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof NewLessonError) {
      io.stderr(error.showUsage ? `${error.message}\n\n${USAGE}` : error.message);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => console.log(text),
    stderr: (text) => console.error(text),
  });
}
