/**
 * The lesson content contract, checked when MDX compiles (a Sätteri mdast plugin): every
 * top-level block is a typed <Section>, every fenced code block sits in a <CodeTabs>, components
 * sit where they belong, Prediction and Myth props make sense, and their ids are unique across
 * the course. Problems fail the build with the file, line, component id, what is wrong and how
 * to fix it.
 *
 * The plugin also records what each page holds (sections for the table of contents, prediction
 * and myth ids for progress) in `remarkPluginFrontmatter.contract`, so pages need no second parse.
 */
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import type { MdastPluginDefinition } from 'satteri';
import { countWords } from '../../modes';
import { ContentError } from '../friendly-errors';
import { sectionKinds, type SectionKind } from '../section-kinds';
import { slugify } from '../slugify';

export const componentNames = ['Section', 'Prediction', 'Myth', 'CodeTabs', 'Pitfall', 'Wrong', 'Right', 'RootCause', 'Flow', 'Lab'] as const;

export interface SectionInfo {
  id: string;
  kind: SectionKind;
  title: string;
  /**
   * Words of prose a reader reads in this section (see `proseWords`): what the quick-read time is
   * computed from, at build time, so the page shows the same figure with and without JavaScript.
   */
  words: number;
  /** Lab sections: ids of the concept sections the lab relies on (what Hands-on mode shows after it). */
  needs?: string[];
}

/** What a page holds, as recorded in `remarkPluginFrontmatter.contract`. */
export interface PageContract {
  sections: SectionInfo[];
  predictions: string[];
  myths: string[];
  lab: boolean;
}

type Props = Record<string, unknown>;
const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function describe(value: unknown): string {
  if (typeof value === 'string') return `${JSON.stringify(value)} (text)`;
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : String(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Props a component does not take; the fix lists the ones it does, or says it takes none. */
function unknownProps(props: Props, allowed: readonly string[], component: string): string[] {
  const known = allowed.length ? `props: ${allowed.join(', ')}` : `<${component} /> takes no props`;
  return Object.keys(props)
    .filter((name) => !allowed.includes(name))
    .map((name) => `unknown prop ${name}. Fix: remove it (${known})`);
}

function checkId(props: Props, example: string): string[] {
  if (props['id'] === undefined) {
    return [`has no id. Fix: add id="${example}" (unique across the course; start it with the lesson number)`];
  }
  if (typeof props['id'] !== 'string' || !idPattern.test(props['id'])) {
    return [`id ${describe(props['id'])} must be lowercase letters, digits and hyphens. Fix: write id="${slugify(String(props['id'])) || example}"`];
  }
  return [];
}

/** Problems with a <Prediction>'s props; `explanation` is the text between its tags. */
export function checkPrediction(props: Props, explanation: string): string[] {
  const problems = [...checkId(props, 'l3-post-or-get'), ...unknownProps(props, ['id', 'question', 'options', 'answer'], 'Prediction')];
  if (!isText(props['question'])) problems.push('has no question. Fix: add question="…", the question the learner commits to');
  const options = props['options'];
  let count: number | undefined;
  if (options === undefined) {
    problems.push('has no options. Fix: add options={["…", "…", "…"]}');
  } else if (!Array.isArray(options) || !options.every((o) => typeof o === 'string')) {
    problems.push(`options must be a list of texts, got ${describe(options)}. Fix: write options={["…", "…", "…"]}`);
  } else if (options.length < 2) {
    problems.push(`needs at least 2 options, has ${options.length}. Fix: add the plausible wrong answers to options`);
  } else {
    count = options.length;
    const seen = new Map<string, number>();
    options.forEach((option: string, index) => {
      const key = option.trim().toLowerCase().replace(/\s+/g, ' ');
      if (!key) problems.push(`option ${index} is empty. Fix: write its text or remove it`);
      const first = seen.get(key);
      if (key && first !== undefined) {
        problems.push(`options ${first} and ${index} are both ${JSON.stringify(option.trim())}. Fix: make every option different`);
      }
      seen.set(key, first ?? index);
    });
  }
  const answer = props['answer'];
  if (answer === undefined) {
    problems.push('has no correct answer (answer is missing). Fix: add answer={0}, the index of the correct option counting from 0');
  } else if (typeof answer !== 'number' || !Number.isInteger(answer)) {
    const meant = typeof answer === 'string' && /^\d+$/.test(answer.trim()) ? answer.trim() : '0';
    problems.push(`answer must be the index of the correct option, got ${describe(answer)}. Fix: write answer={${meant}}`);
  } else if (count !== undefined && (answer < 0 || answer >= count)) {
    problems.push(
      `has no correct answer: answer={${answer}} is out of range (the ${count} options are numbered 0 to ${count - 1}). Fix: set answer to the index of the correct option, counting from 0`,
    );
  }
  if (!explanation.trim()) {
    problems.push('has an empty explanation. Fix: write why the answer is right between <Prediction …> and </Prediction>');
  }
  return problems;
}

/** Problems with a <Myth>'s props; `why` is the text between its tags. */
export function checkMyth(props: Props, why: string): string[] {
  const problems = [...checkId(props, 'l3-myth-redirect'), ...unknownProps(props, ['id', 'claim', 'answer', 'reality'], 'Myth')];
  if (!isText(props['claim'])) problems.push('has no claim. Fix: add claim="…", the belief the learner judges');
  const answer = props['answer'];
  if (answer === undefined) {
    problems.push('has no correct answer (answer is missing). Fix: add answer={false} if the claim is wrong, answer={true} if it is right');
  } else if (typeof answer !== 'boolean') {
    const meant = String(answer).trim().toLowerCase() === 'true' ? 'true' : 'false';
    problems.push(`answer must be true or false, got ${describe(answer)}. Fix: write answer={${meant}} (braces, no quotes)`);
  }
  if (!isText(props['reality'])) problems.push('has no reality. Fix: add reality="…", one sentence saying what is really true');
  if (!why.trim()) problems.push('has an empty explanation. Fix: write why it matters between <Myth …> and </Myth>');
  return problems;
}

export function checkSection(props: Props): string[] {
  const problems = unknownProps(props, ['kind', 'title', 'id', 'needs'], 'Section');
  const kind = props['kind'];
  if (!sectionKinds.includes(kind as SectionKind)) {
    problems.push(`kind ${describe(kind)} is not a section kind. Fix: use one of ${sectionKinds.join(', ')}`);
  }
  if (!isText(props['title'])) problems.push('has no title. Fix: add title="…"; it becomes the heading and the table of contents entry');
  if (props['id'] !== undefined && (typeof props['id'] !== 'string' || !idPattern.test(props['id']))) {
    problems.push(`id ${describe(props['id'])} must be lowercase letters, digits and hyphens. Fix: write id="${slugify(String(props['id'])) || 'my-section'}"`);
  }
  return problems;
}

/**
 * Problems with a section's `needs`: the lab section lists the concept sections its lab relies on
 * (Hands-on mode shows the lab, then only those), checked against the page's own sections.
 */
export function checkNeeds(kind: unknown, needs: unknown, sections: readonly SectionInfo[]): string[] {
  const concepts = sections.filter((s) => s.kind === 'concept').map((s) => s.id);
  const onPage = concepts.length ? `concept ids on this page: ${concepts.join(', ')}` : 'this page has no concept section; needs={[]} shows the lab alone';
  const example = concepts.length ? `needs={[${JSON.stringify(concepts[0])}]}` : 'needs={[]}';
  if (kind !== 'lab') {
    if (needs === undefined) return [];
    return [`needs is only for the lab section (this is a ${String(kind)} section). Fix: remove it, and list the concepts the lab relies on in <Section kind="lab" needs={[…]}>`];
  }
  if (needs === undefined) {
    return [`has no needs: the ids of the concept sections this lab relies on, which Hands-on mode shows after the lab. Fix: add ${example} (${onPage})`];
  }
  if (!Array.isArray(needs) || !needs.every((id) => typeof id === 'string')) {
    return [`needs must be a list of concept section ids, got ${describe(needs)}. Fix: write ${example} (${onPage})`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const id of needs as string[]) {
    if (seen.has(id)) {
      problems.push(`needs lists "${id}" twice. Fix: name each concept once`);
      continue;
    }
    seen.add(id);
    const section = sections.find((s) => s.id === id);
    if (!section) {
      problems.push(`needs names "${id}", but no section on this page has that id. Fix: use a concept section's id, the slug of its title unless it sets id="…" (${onPage})`);
    } else if (section.kind !== 'concept') {
      problems.push(`needs names "${id}", a ${section.kind} section. Fix: name concept sections only (${onPage})`);
    }
  }
  return problems;
}

/** Component props whose text the reader reads; the others are ids, answers and settings. */
const proseProps: Readonly<Record<string, readonly string[]>> = {
  Section: ['title'],
  Prediction: ['question', 'options'],
  Myth: ['claim', 'reality'],
  Flow: ['caption', 'steps'],
  Pitfall: ['title'],
};

function wordsIn(value: unknown): number {
  if (typeof value === 'string') return countWords(value);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + wordsIn(item), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((sum: number, item) => sum + wordsIn(item), 0);
  return 0;
}

/** Words of a component's props that a reader reads: a question and its options, a claim, diagram steps. */
export function propWords(component: string, props: Props): number {
  return (proseProps[component] ?? []).reduce((sum, name) => sum + wordsIn(props[name]), 0);
}

export function checkFlow(props: Props): string[] {
  const problems = unknownProps(props, ['caption', 'steps'], 'Flow');
  if (!isText(props['caption'])) problems.push('has no caption. Fix: add caption="…", one sentence saying what the diagram shows');
  const steps = props['steps'];
  const example = 'steps={[{ label: "Log in", detail: "…" }, { label: "Log out", detail: "…" }]}';
  if (!Array.isArray(steps) || steps.length < 2) {
    problems.push(`needs at least 2 steps. Fix: write ${example}`);
  } else {
    steps.forEach((step: unknown, index) => {
      const s = (step ?? {}) as Props;
      if (!isText(s['label'])) problems.push(`step ${index + 1} has no label. Fix: write { label: "…", detail: "…" }`);
      if (s['detail'] !== undefined && typeof s['detail'] !== 'string') problems.push(`step ${index + 1}: detail must be text. Fix: write detail: "…" in quotes`);
    });
  }
  return problems;
}

/** Ids of predictions and myths are unique across the course (they key the saved progress). */
export function createIdRegistry() {
  const owners = new Map<string, { file: string; line: number }>();
  return {
    /** Returns the earlier place that uses `id`, if any, else records this one. */
    claim(id: string, file: string, line: number): { file: string; line: number } | undefined {
      const owner = owners.get(id);
      if (owner && !(owner.file === file && owner.line === line)) return owner;
      owners.set(id, { file, line });
      return undefined;
    },
    /** A file is about to be compiled again: its old ids no longer count. */
    forget(file: string) {
      for (const [id, owner] of owners) if (owner.file === file) owners.delete(id);
    },
  };
}

/* ---------- the Sätteri plugin ---------- */

interface Node {
  type: string;
  name?: string | null;
  lang?: string | null;
  value?: unknown;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
  position?: { start: { line: number } };
}

/** A literal's value; plain JSON takes the fast path, JS literals (unquoted keys, trailing commas) go through vm. */
function evaluateLiteral(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return JSON.parse(JSON.stringify(runInNewContext(`(${source})`, Object.create(null), { timeout: 2000 })) ?? 'null');
  }
}

/** Attribute values as the component will receive them; expressions are evaluated as plain literals. */
export function readProps(node: Node): { props: Props; problems: string[] } {
  const props: Props = {};
  const problems: string[] = [];
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) {
      problems.push('uses a spread ({...props}). Fix: write each prop out');
      continue;
    }
    const { name, value } = attribute;
    if (value === null || value === undefined) props[name] = true;
    else if (typeof value === 'string') props[name] = value;
    else {
      const source = String((value as { value?: unknown }).value ?? '');
      try {
        // Lessons import nothing, so every expression must be a literal: evaluate it alone. The
        // timeout only stops a runaway expression; it is generous because parallel builds on a
        // busy machine made a short one fail on plain literals.
        props[name] = evaluateLiteral(source);
      } catch (error) {
        problems.push(`${name}={${source}} is not a plain value (${(error as Error).message}). Fix: write a literal such as ${name}={["…", "…"]}`);
      }
    }
  }
  return { props, problems };
}

function textOf(node: Node): string {
  if (typeof node.value === 'string' && node.type !== 'mdxFlowExpression' && node.type !== 'mdxTextExpression') return node.value;
  return (node.children ?? []).map(textOf).join(' ');
}

function label(node: Node, props: Props): string {
  const id = typeof props['id'] === 'string' ? ` id="${props['id']}"` : '';
  return `<${node.name}${id}>`;
}

/** Markdown nodes that render inside a line of text: their pieces join without a space. */
const inlineTypes = new Set(['text', 'inlineCode', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'mdxJsxTextElement', 'mdxTextExpression']);
const ignoredAtTopLevel = new Set(['yaml', 'toml', 'mdxjsEsm', 'mdxFlowExpression', 'definition']);
const registry = createIdRegistry();

/** Checks one parsed MDX document; returns its contract and every problem found. */
export function checkDocument(root: Node, file: string, ids = registry): { contract: PageContract; problems: string[] } {
  const contract: PageContract = { sections: [], predictions: [], myths: [], lab: false };
  const problems: string[] = [];
  const sectionIds = new Map<string, string>();
  /** Sections whose `needs` can only be checked once every section id of the page is known. */
  const needsChecks: { node: Node; where: string; kind: unknown; needs: unknown }[] = [];
  /** The section being visited, whose words the visited text adds to. */
  let current: SectionInfo | undefined;
  /** Each section's prose, inline pieces joined as they render ("**safe**," is one word, not two). */
  const prose = new Map<SectionInfo, string[]>();
  ids.forget(file);

  const report = (node: Node, what: string, list: string[]) => {
    const line = node.position?.start.line;
    for (const problem of list) problems.push(`${file}${line ? `:${line}` : ''} ${what}: ${problem}`);
  };

  const visit = (node: Node, parents: Node[], sectionKind: string | undefined) => {
    const parent = parents[parents.length - 1];
    let childKind = sectionKind;
    const isComponent = (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name;
    const name = isComponent ? (node.name as string) : undefined;

    if (parents.length === 1 && !ignoredAtTopLevel.has(node.type) && name !== 'Section') {
      const text = textOf(node).trim().replace(/\s+/g, ' ');
      const what = name ? `<${name}>` : `a ${node.type}${text ? ` starting "${text.slice(0, 40)}"` : ''}`;
      report(node, 'content outside a <Section>', [`${what}. Fix: wrap every top-level block in <Section kind="…" title="…">`]);
    }

    // Every example is shown in both frameworks, so a fenced block belongs in a <CodeTabs>. A
    // lone block (one framework, or both in one block as comments) slipped through once unnoticed.
    if (node.type === 'code' && parent?.name !== 'CodeTabs') {
      const fence = node.lang ? `a \`\`\`${node.lang} block` : 'a fenced block with no language';
      report(node, 'code outside <CodeTabs>', [
        `${fence}. Fix: put every example in <CodeTabs>, a \`\`\`python block (Flask) then a \`\`\`ts block (Hono); a lone name or header can be \`inline code\` in the prose`,
      ]);
    }

    // Prose: text and inline code. Fenced code, expressions and UI labels are not prose.
    const text = current && prose.get(current);
    const block = !inlineTypes.has(node.type);
    if (text && (node.type === 'text' || node.type === 'inlineCode') && typeof node.value === 'string') text.push(node.value);
    else if (text && block) text.push(' ');

    if (name && /^[A-Z]/.test(name)) {
      const { props, problems: propProblems } = readProps(node);
      const where = label(node, props);
      report(node, where, propProblems);
      const inside = (kind: string) => {
        if (sectionKind !== kind) {
          report(node, where, [`must sit inside <Section kind="${kind}">${sectionKind ? `, not kind="${sectionKind}"` : ''}. Fix: move it into a ${kind} section`]);
        }
      };
      const claim = (id: unknown, list: string[]) => {
        if (typeof id !== 'string') return;
        list.push(id);
        const earlier = ids.claim(id, file, node.position?.start.line ?? 0);
        if (earlier) {
          report(node, where, [`duplicate id: ${earlier.file}:${earlier.line} already uses "${id}". Fix: rename one; ids are unique across the course`]);
        }
      };

      switch (name) {
        case 'Section': {
          childKind = typeof props['kind'] === 'string' ? props['kind'] : undefined;
          report(node, where, checkSection(props));
          if (parents.length > 1) report(node, where, ['sections do not nest. Fix: close the outer <Section> before this one']);
          if (isText(props['title']) && sectionKinds.includes(props['kind'] as SectionKind)) {
            const id = typeof props['id'] === 'string' ? props['id'] : slugify(props['title']);
            const same = sectionIds.get(id);
            if (same) report(node, where, [`two sections have the id "${id}" ("${same}" and "${props['title']}"). Fix: change one title or add id="…"`]);
            sectionIds.set(id, props['title']);
            const info: SectionInfo = { id, kind: props['kind'] as SectionKind, title: props['title'].trim(), words: 0 };
            const needs = props['needs'];
            if (info.kind === 'lab' && Array.isArray(needs) && needs.every((n) => typeof n === 'string')) info.needs = [...(needs as string[])];
            contract.sections.push(info);
            prose.set(info, []);
            current = info;
          } else {
            current = undefined;
          }
          needsChecks.push({ node, where, kind: props['kind'], needs: props['needs'] });
          break;
        }
        case 'Prediction':
          report(node, where, checkPrediction(props, textOf(node)));
          inside('prediction');
          claim(props['id'], contract.predictions);
          break;
        case 'Myth':
          report(node, where, checkMyth(props, textOf(node)));
          inside('myth');
          claim(props['id'], contract.myths);
          break;
        case 'CodeTabs': {
          const blocks = (node.children ?? []).filter((c) => c.type === 'code');
          const langs = blocks.map((c) => c.lang ?? 'no language');
          const others = (node.children ?? []).filter((c) => c.type !== 'code');
          const ok = blocks.length === 2 && langs[0] === 'python' && (langs[1] === 'ts' || langs[1] === 'typescript') && !others.length;
          if (!ok) {
            report(node, where, [
              `must wrap exactly two fenced code blocks, \`\`\`python then \`\`\`ts (found: ${langs.join(', ') || 'none'}${others.length ? `, plus ${others.length} other block(s)` : ''}). Fix: put the Flask example first and the Hono example second, nothing else`,
            ]);
          }
          report(node, where, unknownProps(props, ['labels'], 'CodeTabs'));
          break;
        }
        case 'Pitfall': {
          if (!isText(props['title'])) report(node, where, ['has no title. Fix: add title="…", the mistake in a few words']);
          report(node, where, unknownProps(props, ['title'], 'Pitfall'));
          const parts = (node.children ?? []).map((c) => c.name);
          for (const part of ['Wrong', 'Right', 'RootCause']) {
            const n = parts.filter((p) => p === part).length;
            if (n !== 1) report(node, where, [`needs exactly one <${part}> inside, has ${n}. Fix: write <Wrong>…</Wrong>, <Right>…</Right> and <RootCause>…</RootCause>`]);
          }
          inside('pitfall');
          break;
        }
        case 'Wrong':
        case 'Right':
        case 'RootCause':
          if (parent?.name !== 'Pitfall') {
            report(node, where, ['must sit directly inside a <Pitfall title="…">. Fix: wrap it, with <Right> and <RootCause>, in <Pitfall title="…">']);
          }
          break;
        case 'Flow':
          report(node, where, checkFlow(props));
          break;
        case 'Lab':
          report(node, where, unknownProps(props, [], 'Lab'));
          inside('lab');
          if (contract.lab) report(node, where, ['a page has at most one lab. Fix: remove the second <Lab />']);
          contract.lab = true;
          break;
        default:
          report(node, where, [`is not a lesson component. Fix: use one of ${componentNames.join(', ')} (they need no import)`]);
      }
      if (current) current.words += propWords(name, props);
    }
    for (const child of node.children ?? []) visit(child, [...parents, node], childKind);
    if (text && block) text.push(' ');
  };

  for (const child of root.children ?? []) {
    current = undefined;
    visit(child, [root], undefined);
  }
  for (const [section, text] of prose) section.words += countWords(text.join(''));
  for (const { node, where, kind, needs } of needsChecks) report(node, where, checkNeeds(kind, needs, contract.sections));
  return { contract, problems };
}

/** Files this plugin governs: MDX under `<root>/lessons/`. */
export function lessonContract(options: { root?: string } = {}): MdastPluginDefinition {
  const root = options.root ?? process.cwd();
  return {
    name: 'lesson-contract',
    options: { position: true },
    before(tree, ctx) {
      if (!ctx.fileURL) return;
      const file = relative(root, fileURLToPath(ctx.fileURL)).split(sep).join('/');
      if (!file.startsWith('lessons/')) return;
      const { contract, problems } = checkDocument(tree as unknown as Node, file);
      if (problems.length) {
        const head = problems.length === 1 ? 'Lesson content problem' : `${problems.length} lesson content problems`;
        throw new ContentError(`${head} in ${file}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
      }
      const astro = (ctx.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro;
      if (astro?.frontmatter) astro.frontmatter['contract'] = contract;
    },
  };
}
