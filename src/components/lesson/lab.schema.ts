/**
 * Props of <Lab> (Lab.astro): none. The lab itself is described by lessons/<lesson>/lab/lab.json,
 * which the lesson page reads and checks (src/content/lab-check).
 */
import { z } from 'astro/zod';

export const labSchema = z.strictObject({});

export type LabProps = z.infer<typeof labSchema>;
