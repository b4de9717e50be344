/**
 * The editor's TypeScript: CodeMirror 5's JavaScript mode in TypeScript flavour, run by
 * CodeMirror 6's stream parser. Chosen over @lezer/javascript for weight: the lezer grammar
 * (JS + TS + JSX tables and the LR runtime) is about 32 KB gzip of a lab bundle whose budget is
 * 250 KB, and the lab needs highlighting, indentation and bracket matching, not a syntax tree:
 * syntax errors come from the runtime's own compiler (see ../syntax), completions from the
 * sandbox's declarations.
 */
import { LanguageSupport, StreamLanguage } from '@codemirror/language';
import { typescript as typescriptMode } from '@codemirror/legacy-modes/mode/javascript';

export const typescriptLanguage = StreamLanguage.define(typescriptMode);
export const typescript = new LanguageSupport(typescriptLanguage);
