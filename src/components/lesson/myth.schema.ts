/**
 * Props of <Myth> (Myth.astro): the lesson contract validates every use against this schema when
 * the MDX compiles, and the component's Props type is inferred from it.
 */
import { z } from 'astro/zod';
import { courseId, describe, says, text, type ComponentUse } from '../../content/component-props';

export const mythSchema = z.strictObject({
  /** Unique across the course ("l3-myth-redirect"): it keys the learner's saved verdict. */
  id: courseId('l3-myth-redirect'),
  /** The belief being tested, phrased as a statement the learner judges. */
  claim: text('has no claim. Fix: add claim="…", the belief the learner judges'),
  /** Whether the claim is true: {true} for a fact, {false} for a myth. */
  answer: z.boolean(
    says((answer) => {
      if (answer === undefined)
        return 'has no correct answer (answer is missing). Fix: add answer={false} if the claim is wrong, answer={true} if it is right';
      const meant = String(answer).trim().toLowerCase() === 'true' ? 'true' : 'false';
      return `answer must be true or false, got ${describe(answer)}. Fix: write answer={${meant}} (braces, no quotes)`;
    }),
  ),
  /** One sentence: what is really true. */
  reality: text('has no reality. Fix: add reality="…", one sentence saying what is really true'),
});

export type MythProps = z.infer<typeof mythSchema>;

/** The text between the tags says why the claim matters; the learner reads it after judging. */
export function checkMyth({ text: why }: ComponentUse): string[] {
  return why.trim()
    ? []
    : ['has an empty explanation. Fix: write why it matters between <Myth …> and </Myth>'];
}
