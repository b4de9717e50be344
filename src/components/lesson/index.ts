/** Components available in every lesson's MDX without an import. */
import Section from './Section.astro';
import Prediction from './Prediction.astro';
import Myth from './Myth.astro';
import CodeTabs from './CodeTabs.astro';
import Pitfall from './Pitfall.astro';
import Wrong from './Wrong.astro';
import Right from './Right.astro';
import RootCause from './RootCause.astro';
import Flow from './Flow.astro';
import Lab from './Lab.astro';

export const lessonComponents = { Section, Prediction, Myth, CodeTabs, Pitfall, Wrong, Right, RootCause, Flow, Lab };
