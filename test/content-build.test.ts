/**
 * The friendly frontmatter errors really fail `astro sync` (and so the build) with the file,
 * field and fix: a throw-away project reuses this repo's content config against broken lessons.
 */
import { describe, expect, it } from 'vitest';
import { astroSync as sync } from './helpers/astro-sync.ts';

function lesson(minutes: string): string {
  return `---\ntitle: A basic logout route\nsummary: Write a POST route that ends the session.\nlevel: Intermediate\nminutes: ${minutes}\nobjectives: ["Explain logout", "Write a route"]\n---\n\nText.\n`;
}

describe('content collections fail the build with friendly errors', () => {
  it('names file, field, problem and fix for bad frontmatter', async () => {
    const result = await sync({ '03-basic-logout-route/index.mdx': lesson('five') });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'Invalid frontmatter in lessons/03-basic-logout-route/index.mdx: **minutes**: expected a number, received "five". Fix: write minutes: 5',
    );
    expect(result.output).toContain('lessons/03-basic-logout-route/index.mdx:5');
  });

  it('names both files of a duplicate lesson number', async () => {
    const result = await sync({
      '03-basic-logout-route/index.mdx': lesson('5'),
      '03-login-manager/index.mdx': lesson('4'),
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'Duplicate lesson number 03: lessons/03-basic-logout-route/index.mdx and lessons/03-login-manager/index.mdx both use it.',
    );
  });

  it('accepts valid lessons', async () => {
    const result = await sync({ '01-understanding-sessions/index.mdx': lesson('3') });
    expect(result.output).not.toContain('Invalid frontmatter');
    expect(result.ok).toBe(true);
  });
});
