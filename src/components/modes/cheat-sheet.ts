/**
 * The cheat sheet's content, for every page that shows it (the /cheat-sheet/ page and the last
 * lesson's completion view): each lesson that has takeaway or pitfall sections, rendered from its
 * own MDX with <CheatSection> in place of <Section>, so the sheet is never a second copy to keep
 * in step with the lessons.
 */
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import CheatSection from './CheatSection.astro';
import { lessonComponents } from '../lesson';
import { getLessons, renderPage, type Lesson } from '../../content/course';

/** The components to render a lesson's Content with: only takeaways and pitfalls come out. */
export const cheatComponents: Record<string, AstroComponentFactory> = {
  ...lessonComponents,
  Section: CheatSection,
};

export interface CheatSheetLesson {
  lesson: Lesson;
  Content: Awaited<ReturnType<typeof renderPage>>['Content'];
}

/** The lessons in course order that have something for the cheat sheet. */
export async function cheatSheetLessons(): Promise<CheatSheetLesson[]> {
  const rows = await Promise.all(
    (await getLessons()).map(async (lesson) => {
      const { Content, contract } = await renderPage(lesson);
      return {
        lesson,
        Content,
        keep: contract.sections.some((s) => s.kind === 'takeaway' || s.kind === 'pitfall'),
      };
    }),
  );
  return rows.filter((row) => row.keep).map(({ lesson, Content }) => ({ lesson, Content }));
}
