/**
 * Props of <Pitfall> (Pitfall.astro) and of its parts <Wrong>, <Right> and <RootCause>, which take
 * none: the lesson contract validates every use against these schemas when the MDX compiles, and
 * the components' Props types are inferred from them. That a pitfall holds each part exactly once
 * is said by the parts' placement in src/components/lesson/registry.ts.
 */
import { z } from 'astro/zod';
import { text } from '../../content/component-props';

export const pitfallSchema = z.strictObject({
  /** The mistake in a few words. */
  title: text('has no title. Fix: add title="…", the mistake in a few words'),
});

export type PitfallProps = z.infer<typeof pitfallSchema>;

/** <Wrong>, <Right> and <RootCause>: Markdown between the tags, no props. */
export const pitfallPartSchema = z.strictObject({});

export type PitfallPartProps = z.infer<typeof pitfallPartSchema>;
