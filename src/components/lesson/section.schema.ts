/**
 * Props of <Section> (Section.astro), every top-level block of a lesson: the lesson contract
 * validates every use against this schema when the MDX compiles, and the component's Props type is
 * inferred from it. The page-wide rules (unique ids, a lab's `needs`) are in src/content/lesson-contract.
 */
import { z } from 'astro/zod';
import { describe, kebabId, says, text } from '../../content/component-props';
import { sectionKinds } from '../../content/section-kinds';

export const sectionSchema = z.strictObject({
  /** What the block is: learning modes and the cheat sheet select sections by kind. */
  kind: z.enum(
    sectionKinds,
    says(
      (kind) => `kind ${describe(kind)} is not a section kind. Fix: use one of ${sectionKinds.join(', ')}`,
    ),
  ),
  /** The heading and the table of contents entry. */
  title: text('has no title. Fix: add title="…"; it becomes the heading and the table of contents entry'),
  /** The heading's anchor; defaults to the slug of the title. Unique on the page. */
  id: kebabId('my-section').optional(),
  /**
   * Lab sections: the ids of the concept sections the lab relies on. Hands-on mode shows the lab,
   * then only these. Checked once the whole page is read (the ids may come later).
   */
  needs: z.array(z.string()).optional(),
});

export type SectionProps = z.infer<typeof sectionSchema>;
