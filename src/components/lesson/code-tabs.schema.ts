/**
 * Props of <CodeTabs> (CodeTabs.astro), the same example in Flask and Hono: the lesson contract
 * validates every use against this schema when the MDX compiles, and the component's Props type is
 * inferred from it.
 */
import { z } from 'astro/zod';
import { says, type ComponentUse } from '../../content/component-props';

const labelsProblem = says(
  'labels must be two texts, the Flask tab\'s then the Hono tab\'s. Fix: write labels={["Flask (Python)", "Hono (TypeScript)"]} or leave labels out',
);

export const codeTabsSchema = z.strictObject({
  /** The two tab labels; default "Flask (Python)" and "Hono (TypeScript)". */
  labels: z.tuple([z.string(labelsProblem), z.string(labelsProblem)], labelsProblem).optional(),
});

export type CodeTabsProps = z.infer<typeof codeTabsSchema>;

/** Every example is shown in both frameworks: a ```python block, then a ```ts block, nothing else. */
export function checkCodeTabs({ children }: ComponentUse): string[] {
  const blocks = children.filter((c) => c.type === 'code');
  const langs = blocks.map((c) => c.lang ?? 'no language');
  const others = children.filter((c) => c.type !== 'code');
  const ok =
    blocks.length === 2 &&
    langs[0] === 'python' &&
    (langs[1] === 'ts' || langs[1] === 'typescript') &&
    !others.length;
  if (ok) return [];
  return [
    `must wrap exactly two fenced code blocks, \`\`\`python then \`\`\`ts (found: ${langs.join(', ') || 'none'}${others.length ? `, plus ${others.length} other block(s)` : ''}). Fix: put the Flask example first and the Hono example second, nothing else`,
  ];
}
