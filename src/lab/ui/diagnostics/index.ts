/**
 * The learner's syntax error (or load error with a line), squiggled in the editor where the
 * runtime reported it: a CodeMirror lint diagnostic in that file's view, hovered for the message,
 * cleared when the store clears the problem. @codemirror/lint is imported on the first problem,
 * so a lab that never breaks never downloads it (setDiagnostics installs the lint state itself).
 */
import type { Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { RuntimeProblem } from '../../runtime';

/**
 * The range to underline for a 1-based line and column: the word there, or the one character
 * (a stray `;`). At a line's end, its last character; a problem reported at the end of the file
 * (a missing `}`, often on the empty last line) marks the end of the last line with text.
 */
export function problemRange(doc: Text, line: number, column: number): { from: number; to: number } {
  let target = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const pos = Math.min(target.from + Math.max(column - 1, 0), target.to);
  if (pos < target.to) {
    const word = /^[\w$]+/.exec(target.text.slice(pos - target.from));
    return { from: pos, to: pos + (word ? word[0].length : 1) };
  }
  while (target.length === 0 && target.number > 1) target = doc.line(target.number - 1);
  return target.length === 0
    ? { from: target.from, to: target.from }
    : { from: target.to - 1, to: target.to };
}

/** The diagnostic of a problem that has a place in a file; null for the others (a timeout, a crash). */
export function problemDiagnostic(doc: Text, problem: RuntimeProblem | null): Diagnostic | null {
  if (!problem || (problem.kind !== 'compile' && problem.kind !== 'load') || problem.line === undefined)
    return null;
  const range = problemRange(doc, problem.line, problem.column ?? 1);
  return { ...range, severity: 'error', message: problem.message };
}

/** Shows `problem` in its file's view (and nowhere else); null clears. Cheap to call on every render. */
export function problemMarker(
  views: ReadonlyMap<string, EditorView>,
): (problem: RuntimeProblem | null) => void {
  let lint: typeof import('@codemirror/lint') | undefined;
  let loading = false;
  let wanted: RuntimeProblem | null = null;
  let shown = '';
  /** The file that has a diagnostic now. */
  let marked: string | undefined;
  const apply = (): void => {
    if (!lint) return;
    const file = wanted && 'file' in wanted ? wanted.file : undefined;
    if (marked && marked !== file) {
      const view = views.get(marked);
      view?.dispatch(lint.setDiagnostics(view.state, []));
      marked = undefined;
    }
    const view = file === undefined ? undefined : views.get(file);
    const diagnostic = view && problemDiagnostic(view.state.doc, wanted);
    if (view && diagnostic) {
      view.dispatch(lint.setDiagnostics(view.state, [diagnostic]));
      marked = file;
    }
  };
  return (problem) => {
    const key = problem ? JSON.stringify(problem) : '';
    if (key === shown) return;
    shown = key;
    wanted = problem;
    if (lint) return apply();
    // Nothing marked yet and nothing to mark: no need for the lint package.
    if (!problem || loading) return;
    loading = true;
    void import('@codemirror/lint').then((module) => {
      lint = module;
      apply();
    });
  };
}
