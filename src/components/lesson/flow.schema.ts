/**
 * Props of <Flow> (Flow.astro), an accessible flow diagram: the lesson contract validates every use
 * against this schema when the MDX compiles, and the component's Props type is inferred from it.
 */
import { z } from 'astro/zod';
import { says, text } from '../../content/component-props';

/** "step 2": steps are counted from 1 in messages, as the diagram numbers them. */
const step = (path: readonly PropertyKey[]) => `step ${Number(path[1]) + 1}`;
const stepProblem = (problem: (step: string) => string) => says((_input, path) => problem(step(path)));
const noLabel = stepProblem((s) => `${s} has no label. Fix: write { label: "…", detail: "…" }`);

const stepSchema = z.object(
  {
    /** The step in a few words, shown bold in its box. */
    label: z.string(noLabel).trim().min(1, noLabel),
    /** Optional: a sentence under the label. */
    detail: z
      .string(stepProblem((s) => `${s}: detail must be text. Fix: write detail: "…" in quotes`))
      .optional(),
    /** Optional: who acts in this step ("Browser", "Server"), shown as a tag. */
    actor: z
      .string(stepProblem((s) => `${s}: actor must be text. Fix: write actor: "…" in quotes`))
      .optional(),
  },
  noLabel,
);

const needsSteps = says(
  'needs at least 2 steps. Fix: write steps={[{ label: "Log in", detail: "…" }, { label: "Log out", detail: "…" }]}',
);

export const flowSchema = z.strictObject({
  /** One sentence saying what the whole diagram shows. */
  caption: text('has no caption. Fix: add caption="…", one sentence saying what the diagram shows'),
  /** The steps in order, at least 2. The count is checked before the steps themselves (hence the pipe). */
  steps: z.array(z.unknown(), needsSteps).min(2, needsSteps).pipe(z.array(stepSchema)),
});

export type FlowProps = z.infer<typeof flowSchema>;
