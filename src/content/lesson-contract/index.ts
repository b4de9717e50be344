/**
 * The lesson content contract, checked when MDX compiles (a Sätteri mdast plugin): every
 * top-level block is a typed <Section>, every fenced code block sits in a <CodeTabs>, and every
 * component is checked against its entry in src/components/lesson/registry.ts: its props schema,
 * its own rules, where it may sit, and (for predictions and myths) an id unique across the course.
 * Problems fail the build with the file, line, component id, what is wrong and how to fix it.
 * How to add a component: ./README.md.
 *
 * The plugin also records what each page holds (sections for the table of contents, prediction
 * and myth ids for progress) in `remarkPluginFrontmatter.contract`, so pages need no second parse.
 */
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import type { MdastPluginDefinition } from 'satteri';
import {
  lessonComponent,
  lessonComponentRegistry,
  requiredParts,
  type ComponentEntry,
} from '../../components/lesson/registry';
import { countWords } from '../../modes';
import { describe, propProblems, type ComponentUse, type Props } from '../component-props';
import { ContentError } from '../friendly-errors';
import { sectionKinds, type SectionKind } from '../section-kinds';
import { slugify } from '../../../sandbox-server/labs/slugify';

/** The components lessons can use, in the order the "use one of …" fix lists them. */
export const componentNames: readonly string[] = lessonComponentRegistry.map((entry) => entry.name);

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
  /**
   * The id of the section holding each prediction and myth (by their ids), and the lab's section:
   * where a "Resume" link sends a learner who has not answered it yet.
   */
  sectionOf: Record<string, string>;
  labSection?: string;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function entry(name: string): ComponentEntry {
  const found = lessonComponent(name);
  if (!found) throw new Error(`${name} is not in src/components/lesson/registry.ts`);
  return found;
}

/** "<Wrong>…</Wrong>, <Right>…</Right> and <RootCause>…</RootCause>" */
function listTags(names: readonly string[]): string {
  const tags = names.map((name) => `<${name}>…</${name}>`);
  return tags.length > 1 ? `${tags.slice(0, -1).join(', ')} and ${tags[tags.length - 1]}` : (tags[0] ?? '');
}

/**
 * Problems with one use of a component, apart from where it sits: its props (the registry's
 * schema), its own rules (the registry's `check`), then the parts it must hold exactly once.
 */
export function checkComponent(component: ComponentEntry, use: ComponentUse): string[] {
  const problems = [
    ...propProblems(component.name, component.schema, use.props, component.checkedLater),
    ...(component.check?.(use) ?? []),
  ];
  const parts = requiredParts(component.name);
  for (const part of parts) {
    const n = use.children.filter((child) => child.name === part).length;
    if (n !== 1) problems.push(`needs exactly one <${part}> inside, has ${n}. Fix: write ${listTags(parts)}`);
  }
  return problems;
}

/** Problems with a <Prediction>'s props; `explanation` is the text between its tags. */
export function checkPrediction(props: Props, explanation: string): string[] {
  return checkComponent(entry('Prediction'), { props, text: explanation, children: [] });
}

/** Problems with a <Myth>'s props; `why` is the text between its tags. */
export function checkMyth(props: Props, why: string): string[] {
  return checkComponent(entry('Myth'), { props, text: why, children: [] });
}

export function checkSection(props: Props): string[] {
  return checkComponent(entry('Section'), { props, text: '', children: [] });
}

export function checkFlow(props: Props): string[] {
  return checkComponent(entry('Flow'), { props, text: '', children: [] });
}

/**
 * Problems with a section's `needs`: the lab section lists the concept sections its lab relies on
 * (Hands-on mode shows the lab, then only those), checked against the page's own sections.
 */
export function checkNeeds(kind: unknown, needs: unknown, sections: readonly SectionInfo[]): string[] {
  const concepts = sections.filter((s) => s.kind === 'concept').map((s) => s.id);
  const onPage = concepts.length
    ? `concept ids on this page: ${concepts.join(', ')}`
    : 'this page has no concept section; needs={[]} shows the lab alone';
  const example = concepts.length ? `needs={[${JSON.stringify(concepts[0])}]}` : 'needs={[]}';
  if (kind !== 'lab') {
    if (needs === undefined) return [];
    return [
      `needs is only for the lab section (this is a ${String(kind)} section). Fix: remove it, and list the concepts the lab relies on in <Section kind="lab" needs={[…]}>`,
    ];
  }
  if (needs === undefined) {
    return [
      `has no needs: the ids of the concept sections this lab relies on, which Hands-on mode shows after the lab. Fix: add ${example} (${onPage})`,
    ];
  }
  if (!Array.isArray(needs) || !needs.every((id) => typeof id === 'string')) {
    return [
      `needs must be a list of concept section ids, got ${describe(needs)}. Fix: write ${example} (${onPage})`,
    ];
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
      problems.push(
        `needs names "${id}", but no section on this page has that id. Fix: use a concept section's id, the slug of its title unless it sets id="…" (${onPage})`,
      );
    } else if (section.kind !== 'concept') {
      problems.push(
        `needs names "${id}", a ${section.kind} section. Fix: name concept sections only (${onPage})`,
      );
    }
  }
  return problems;
}

function wordsIn(value: unknown): number {
  if (typeof value === 'string') return countWords(value);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + wordsIn(item), 0);
  if (value !== null && typeof value === 'object')
    return Object.values(value).reduce((sum: number, item) => sum + wordsIn(item), 0);
  return 0;
}

/** Words of a component's props that a reader reads: a question and its options, a claim, diagram steps. */
export function propWords(component: string, props: Props): number {
  return (lessonComponent(component)?.prose ?? []).reduce((sum, name) => sum + wordsIn(props[name]), 0);
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
    return JSON.parse(
      JSON.stringify(runInNewContext(`(${source})`, Object.create(null), { timeout: 2000 })) ?? 'null',
    );
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
        problems.push(
          `${name}={${source}} is not a plain value (${(error as Error).message}). Fix: write a literal such as ${name}={["…", "…"]}`,
        );
      }
    }
  }
  return { props, problems };
}

function textOf(node: Node): string {
  if (
    typeof node.value === 'string' &&
    node.type !== 'mdxFlowExpression' &&
    node.type !== 'mdxTextExpression'
  )
    return node.value;
  return (node.children ?? []).map(textOf).join(' ');
}

function label(node: Node, props: Props): string {
  const id = typeof props['id'] === 'string' ? ` id="${props['id']}"` : '';
  return `<${node.name}${id}>`;
}

/** Markdown nodes that render inside a line of text: their pieces join without a space. */
const inlineTypes = new Set([
  'text',
  'inlineCode',
  'emphasis',
  'strong',
  'delete',
  'link',
  'linkReference',
  'mdxJsxTextElement',
  'mdxTextExpression',
]);
const ignoredAtTopLevel = new Set(['yaml', 'toml', 'mdxjsEsm', 'mdxFlowExpression', 'definition']);
const registry = createIdRegistry();

/** Checks one parsed MDX document; returns its contract and every problem found. */
export function checkDocument(
  root: Node,
  file: string,
  ids = registry,
): { contract: PageContract; problems: string[] } {
  const contract: PageContract = { sections: [], predictions: [], myths: [], lab: false, sectionOf: {} };
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

  /** How many of each component the page holds so far (for `onePerPage`). */
  const counts = new Map<string, number>();

  /** Problems with where a component sits, from its registry placement. */
  const placementProblems = (
    component: ComponentEntry,
    parents: Node[],
    sectionKind: string | undefined,
  ): string[] => {
    const placement = component.placement;
    const { name } = component;
    const problems: string[] = [];
    if (placement.in === 'page') {
      if (parents.length > 1)
        problems.push(`${name.toLowerCase()}s do not nest. Fix: close the outer <${name}> before this one`);
    } else if (placement.in === 'parent') {
      if (parents[parents.length - 1]?.name !== placement.parent)
        problems.push(`must sit directly inside a ${placement.tag}. Fix: ${placement.fix}`);
    } else {
      const { kind, onePerPage } = placement;
      if (kind && sectionKind !== kind) {
        problems.push(
          `must sit inside <Section kind="${kind}">${sectionKind ? `, not kind="${sectionKind}"` : ''}. Fix: move it into a ${kind} section`,
        );
      }
      const count = (counts.get(name) ?? 0) + 1;
      counts.set(name, count);
      if (onePerPage && count > 1)
        problems.push(`a page has at most one ${name.toLowerCase()}. Fix: remove the second <${name} />`);
    }
    return problems;
  };

  /** A scored component's id keys saved progress: listed in the contract, unique across the course. */
  const claim = (node: Node, where: string, id: unknown, list: string[]) => {
    if (typeof id !== 'string') return;
    list.push(id);
    const earlier = ids.claim(id, file, node.position?.start.line ?? 0);
    if (earlier) {
      report(node, where, [
        `duplicate id: ${earlier.file}:${earlier.line} already uses "${id}". Fix: rename one; ids are unique across the course`,
      ]);
    }
  };

  /** A <Section> starts the part of the page its children belong to; returns the kind they sit in. */
  const openSection = (node: Node, where: string, props: Props): string | undefined => {
    if (isText(props['title']) && sectionKinds.includes(props['kind'] as SectionKind)) {
      const id = typeof props['id'] === 'string' ? props['id'] : slugify(props['title']);
      const same = sectionIds.get(id);
      if (same)
        report(node, where, [
          `two sections have the id "${id}" ("${same}" and "${props['title']}"). Fix: change one title or add id="…"`,
        ]);
      sectionIds.set(id, props['title']);
      const info: SectionInfo = {
        id,
        kind: props['kind'] as SectionKind,
        title: props['title'].trim(),
        words: 0,
      };
      const needs = props['needs'];
      if (info.kind === 'lab' && Array.isArray(needs) && needs.every((n) => typeof n === 'string'))
        info.needs = [...(needs as string[])];
      contract.sections.push(info);
      prose.set(info, []);
      current = info;
    } else {
      current = undefined;
    }
    needsChecks.push({ node, where, kind: props['kind'], needs: props['needs'] });
    return typeof props['kind'] === 'string' ? props['kind'] : undefined;
  };

  const visit = (node: Node, parents: Node[], sectionKind: string | undefined) => {
    const parent = parents[parents.length - 1];
    let childKind = sectionKind;
    const isComponent = (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name;
    const name = isComponent ? (node.name as string) : undefined;

    if (parents.length === 1 && !ignoredAtTopLevel.has(node.type) && name !== 'Section') {
      const text = textOf(node).trim().replace(/\s+/g, ' ');
      const what = name ? `<${name}>` : `a ${node.type}${text ? ` starting "${text.slice(0, 40)}"` : ''}`;
      report(node, 'content outside a <Section>', [
        `${what}. Fix: wrap every top-level block in <Section kind="…" title="…">`,
      ]);
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
    if (text && (node.type === 'text' || node.type === 'inlineCode') && typeof node.value === 'string')
      text.push(node.value);
    else if (text && block) text.push(' ');

    if (name && /^[A-Z]/.test(name)) {
      const { props, problems: unreadable } = readProps(node);
      const where = label(node, props);
      report(node, where, unreadable);
      const component = lessonComponent(name);
      if (!component) {
        report(node, where, [
          `is not a lesson component. Fix: use one of ${componentNames.join(', ')} (they need no import)`,
        ]);
      } else {
        // The text is read only by the checks that want it (a section's would be the whole section).
        const use: ComponentUse = {
          props,
          children: node.children ?? [],
          get text() {
            return textOf(node);
          },
        };
        report(node, where, checkComponent(component, use));
        report(node, where, placementProblems(component, parents, sectionKind));
        if (name === 'Section') childKind = openSection(node, where, props);
        if (component.scored === 'lab') {
          contract.lab = true;
          if (current) contract.labSection = current.id;
        } else if (component.scored) {
          claim(node, where, props['id'], contract[component.scored]);
          if (current && typeof props['id'] === 'string') contract.sectionOf[props['id']] = current.id;
        }
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
  for (const { node, where, kind, needs } of needsChecks)
    report(node, where, checkNeeds(kind, needs, contract.sections));
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
        const head =
          problems.length === 1 ? 'Lesson content problem' : `${problems.length} lesson content problems`;
        throw new ContentError(`${head} in ${file}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
      }
      const astro = (ctx.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro;
      if (astro?.frontmatter) astro.frontmatter['contract'] = contract;
    },
  };
}
