/**
 * Props of <Prediction> (Prediction.astro): the lesson contract validates every use against this
 * schema when the MDX compiles, and the component's Props type is inferred from it.
 */
import { z } from 'astro/zod';
import { courseId, describe, says, text, type ComponentUse } from '../../content/component-props';

const writeOptions = 'Fix: write options={["…", "…", "…"]}';

/** Options that read the same once case and spacing are ignored ("POST" and " post "). */
function distinctOptions(options: string[], ctx: z.RefinementCtx<string[]>) {
  const seen = new Map<string, number>();
  options.forEach((option, index) => {
    const key = option.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!key)
      ctx.addIssue({ code: 'custom', message: `option ${index} is empty. Fix: write its text or remove it` });
    const first = seen.get(key);
    if (key && first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `options ${first} and ${index} are both ${JSON.stringify(option.trim())}. Fix: make every option different`,
      });
    }
    seen.set(key, first ?? index);
  });
}

const answerProblem = says((answer) => {
  if (answer === undefined)
    return 'has no correct answer (answer is missing). Fix: add answer={0}, the index of the correct option counting from 0';
  const meant = typeof answer === 'string' && /^\d+$/.test(answer.trim()) ? answer.trim() : '0';
  return `answer must be the index of the correct option, got ${describe(answer)}. Fix: write answer={${meant}}`;
});

export const predictionSchema = z
  .strictObject({
    /** Unique across the course, prefixed with the lesson number ("l3-post"): it keys the learner's saved answer. */
    id: courseId('l3-post-or-get'),
    /** The question the learner commits to before reading on. */
    question: text('has no question. Fix: add question="…", the question the learner commits to'),
    /** The choices, shown in this order: at least 2, all different, the wrong ones plausible. */
    options: z
      .array(
        z.string(says(`options must be a list of texts, got a list. ${writeOptions}`)),
        says((options) =>
          options === undefined
            ? 'has no options. Fix: add options={["…", "…", "…"]}'
            : `options must be a list of texts, got ${describe(options)}. ${writeOptions}`,
        ),
      )
      // `abort`: with too few options, empty or repeated ones are not worth a second message.
      .min(2, {
        ...says(
          (options) =>
            `needs at least 2 options, has ${(options as unknown[]).length}. Fix: add the plausible wrong answers to options`,
        ),
        abort: true,
      })
      .superRefine(distinctOptions),
    /** Index of the correct option, counting from 0. */
    answer: z.number(answerProblem).int(answerProblem),
  })
  .superRefine(
    (value, ctx) => {
      const { options, answer } = value as { options: unknown; answer: unknown };
      if (!Array.isArray(options) || options.length < 2 || !options.every((o) => typeof o === 'string'))
        return;
      if (typeof answer !== 'number' || !Number.isInteger(answer) || (answer >= 0 && answer < options.length))
        return;
      const count = options.length;
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `has no correct answer: answer={${answer}} is out of range (the ${count} options are numbered 0 to ${count - 1}). Fix: set answer to the index of the correct option, counting from 0`,
      });
    },
    // Also when another prop is wrong (a missing id): the range is worth knowing regardless.
    { when: () => true },
  );

export type PredictionProps = z.infer<typeof predictionSchema>;

/** The explanation between the tags is what the learner reads after committing. */
export function checkPrediction({ text: explanation }: ComponentUse): string[] {
  return explanation.trim()
    ? []
    : [
        'has an empty explanation. Fix: write why the answer is right between <Prediction …> and </Prediction>',
      ];
}
