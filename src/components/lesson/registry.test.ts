import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComponentUse } from '../../content/component-props';
import { checkComponent } from '../../content/lesson-contract';
import { lessonComponentRegistry, requiredParts } from './registry';

const folder = import.meta.dirname;
const componentFiles = readdirSync(folder).filter((file) => file.endsWith('.astro'));
const names = lessonComponentRegistry.map((entry) => entry.name);

describe('the lesson component registry', () => {
  it('lists every component file in src/components/lesson, so lessons can use it and the contract checks it', () => {
    const missing = componentFiles
      .map((file) => basename(file, '.astro'))
      .filter((name) => !names.includes(name));
    expect(
      missing.map(
        (name) =>
          `src/components/lesson/${name}.astro has no entry in src/components/lesson/registry.ts, so lessons cannot use it and nothing checks its props. Fix: add { name: '${name}', schema, placement, scored } (recipe: src/content/lesson-contract/README.md)`,
      ),
    ).toEqual([]);
  });

  it('names only components that exist, once each', () => {
    expect(names.filter((name) => !componentFiles.includes(`${name}.astro`))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refers only to props its schemas have and components it lists', () => {
    for (const entry of lessonComponentRegistry) {
      const fields = Object.keys(entry.schema.shape);
      for (const prop of [...(entry.prose ?? []), ...(entry.checkedLater ?? [])])
        expect(fields, `${entry.name}.${prop}`).toContain(prop);
      // A scored quiz question is listed by its id, which keys the learner's saved answer.
      if (entry.scored === 'predictions' || entry.scored === 'myths')
        expect(fields, entry.name).toContain('id');
      if (entry.placement.in === 'parent')
        expect(names, `${entry.name}'s parent`).toContain(entry.placement.parent);
    }
    expect(requiredParts('Pitfall')).toEqual(['Wrong', 'Right', 'RootCause']);
  });

  it("types every component's props from its schema, so the two cannot drift", () => {
    const untyped = componentFiles.filter((file) => {
      const source = readFileSync(join(folder, file), 'utf8');
      return (
        !/import type \{ \w+Props \} from '\.\/[a-z-]+\.schema';/.test(source) ||
        !/^(export )?type Props = \w+Props;$/m.test(source) ||
        /interface Props\b/.test(source)
      );
    });
    expect(untyped, "write: import type { XProps } from './x.schema'; type Props = XProps;").toEqual([]);
  });
});

describe('rules the schemas added', () => {
  // Before the registry these props were not checked at all; their schemas now say what is valid.
  const use = (name: string, props: Record<string, unknown>, children: ComponentUse['children'] = []) => {
    const entry = lessonComponentRegistry.find((e) => e.name === name);
    if (!entry) throw new Error(`${name} is not registered`);
    return checkComponent(entry, { props, text: '', children });
  };
  const tabs = [
    { type: 'code', lang: 'python' },
    { type: 'code', lang: 'ts' },
  ];
  const parts = [
    { type: 'mdxJsxFlowElement', name: 'Wrong' },
    { type: 'mdxJsxFlowElement', name: 'Right' },
    { type: 'mdxJsxFlowElement', name: 'RootCause' },
  ];

  it.each<[string, string, Record<string, unknown>, ComponentUse['children'], string[]]>([
    [
      'a pitfall part takes no props',
      'Wrong',
      { tone: 'red' },
      [],
      ['unknown prop tone. Fix: remove it (<Wrong /> takes no props)'],
    ],
    [
      'tab labels are two texts',
      'CodeTabs',
      { labels: ['Flask'] },
      tabs,
      [
        'labels must be two texts, the Flask tab\'s then the Hono tab\'s. Fix: write labels={["Flask (Python)", "Hono (TypeScript)"]} or leave labels out',
      ],
    ],
    ['tab labels as given', 'CodeTabs', { labels: ['Flask 3', 'Hono 4'] }, tabs, []],
    [
      'a step actor is text',
      'Flow',
      { caption: 'C.', steps: [{ label: 'a', actor: 3 }, { label: 'b' }] },
      [],
      ['step 1: actor must be text. Fix: write actor: "…" in quotes'],
    ],
    ['a pitfall with its parts', 'Pitfall', { title: 'T' }, parts, []],
  ])('%s', (_name, name, props, children, expected) => {
    expect(use(name, props, children)).toEqual(expected);
  });
});
