/**
 * <logout-lab>: the one custom element of the lab. It composes the plain-DOM views (editor, checks,
 * console, preview, log) around the runtime store and keeps the learner's work safe: every edit is
 * saved as a draft, Reset and Show solution keep the replaced code restorable.
 */
// The token checks' own module, not the catalog index: that would pull every check into this chunk.
import { progress } from '../../progress/browser';
import { STORAGE_KEYS } from '../../storage-keys';
import { CookieJar } from '../cookie-jar';
import { createDraftStore, restoreLabel, type DraftStore, type Files } from '../drafts';
import type { LabSources } from '../files';
import { download, labHandIn } from '../hand-in';
import type { RuntimeKind, RuntimeProblem } from '../runtime';
import { createLabStore, type LabState, type LabStore } from '../store';
import { LAB_ORIGIN } from '../tree/protocol';
import { createChecksView, runShortcut } from './checks-view';
import { createCompareView } from './compare';
import { createConsoleView } from './console-view';
import { h, replaceChildren } from './dom';
import { createEditors, type Editors } from './editor';
import { createFinishView, type NextStep } from './finish';
import { createHintsView } from './hints';
import { checkRunThrows, createLogView } from './log-view';
import { createPreviewView } from './preview-view';
import { createWorkbench, type Workbench } from './workbench';

/** The console's origin before a runtime serves: the one every runtime's server believes it has. */
const FALLBACK_ORIGIN = LAB_ORIGIN;

export interface LabInit {
  sources: LabSources;
  /** The status line (role=status) the lesson page already shows. */
  status: HTMLElement;
  prefer?: 'auto' | RuntimeKind;
  /** The lab grades token checks (LO-19…): the console offers the bearer-token examples. Decided at build time, so the page carries no catalog. */
  tokens?: boolean;
  /** Where a passed lab sends the learner: the next lesson, or the course's completion (Lab.astro). */
  next?: NextStep | undefined;
}

/** A failed WebContainer boot, remembered for this tab so a reload goes straight to the Worker. */
const BOOT_KEY = STORAGE_KEYS.webContainerFailed;
const bootMemory = {
  get(): string | null {
    try {
      return sessionStorage.getItem(BOOT_KEY);
    } catch {
      return null;
    }
  },
  set(reason: string): void {
    try {
      sessionStorage.setItem(BOOT_KEY, reason);
    } catch {
      // Not remembered: the next start simply tries again.
    }
  },
  clear(): void {
    try {
      sessionStorage.removeItem(BOOT_KEY);
    } catch {
      // Nothing was remembered either.
    }
  },
};

/**
 * "Retry WebContainer" after a failed boot: only a fresh page really retries (the API keeps its
 * boot frame, see the table's `retryReloads`). The failure is forgotten, the draft is already
 * saved (every edit is), and ../boot.ts starts this lesson's lab again by itself after the reload.
 */
function retryInFreshPage(lessonId: string): void {
  bootMemory.clear();
  try {
    sessionStorage.setItem(STORAGE_KEYS.labRetry, lessonId);
  } catch {
    // Not remembered: after the reload the learner presses Start lab.
  }
  location.reload();
}

function describeProblem(problem: RuntimeProblem): string {
  if (problem.kind === 'compile')
    return `Syntax error in ${problem.file}, line ${problem.line}, column ${problem.column}: ${problem.message}. The server keeps running your last version that compiled.`;
  if (problem.kind === 'load') {
    const at = problem.line === undefined ? '' : `, line ${problem.line}, column ${problem.column ?? 1}`;
    return `${problem.file}${at} did not load: ${problem.message} The server keeps running your last version that loaded.`;
  }
  return problem.message;
}

export class LabElement extends HTMLElement {
  #store: LabStore | null = null;
  #editors: Editors | null = null;
  #bench: Workbench | null = null;
  #cleanup: (() => void)[] = [];

  get store(): LabStore | null {
    return this.#store;
  }

  disconnectedCallback(): void {
    for (const fn of this.#cleanup.splice(0)) fn();
    this.#bench?.destroy();
    this.#editors?.destroy();
    void this.#store?.dispose();
  }

  async init({ sources, status, prefer = 'auto', tokens = false, next }: LabInit): Promise<void> {
    const { manifest, lessonId } = sources;
    const drafts: DraftStore = createDraftStore({
      lessonId,
      editable: manifest.editable,
      baselines: [sources.starter, sources.solution],
    });
    const loaded = drafts.load();
    const files: Files = { ...sources.starter, ...(loaded.kind === 'draft' ? loaded.draft.files : {}) };
    const store = createLabStore({
      lab: {
        lessonId,
        store: manifest.store,
        checks: manifest.checks,
        ...(manifest.learnerRoutes ? { learnerRoutes: manifest.learnerRoutes } : {}),
      },
      files,
      prefer,
      memory: bootMemory,
    });
    this.#store = store;
    const jar = new CookieJar();
    const origin = () => store.origin() ?? FALLBACK_ORIGIN;

    status.setAttribute('role', 'status');
    status.classList.add('lab-status');

    /* ---------- editor and draft safety ---------- */
    const current = (): Files =>
      Object.fromEntries(manifest.editable.map((path) => [path, editors.get(path) ?? ''])) as Files;
    const save = (): void => {
      const failed = drafts.save(current());
      if (failed) showNotice(failed);
    };
    const editors = createEditors(
      [
        ...manifest.editable.map((path) => ({ path, source: files[path] ?? '', readonly: false })),
        ...Object.entries(sources.readonly).map(([path, source]) => ({ path, source, readonly: true })),
      ],
      (path, source) => {
        store.edit(path, source);
        save();
      },
      { onRun: () => runChecks() },
    );
    this.#editors = editors;

    const notice = h('p', { className: 'lab-notice', 'aria-live': 'polite' });
    const undo = h('button', { type: 'button', className: 'lab-button', hidden: true });
    const showNotice = (text: string, withUndo = false): void => {
      notice.textContent = text;
      undo.hidden = !withUndo;
    };
    const replaceAll = async (next: Files): Promise<void> => {
      for (const [path, source] of Object.entries(next)) editors.set(path, source);
      save();
      await store.replaceFiles(next);
    };
    const offerRestore = (): void => {
      const slot = drafts.restoreSlot();
      if (!slot) return showNotice(notice.textContent ?? '', false);
      undo.textContent = restoreLabel(slot.reason);
      undo.hidden = false;
    };
    const back = {
      reset: 'Reset undone: your code is back.',
      solution: 'Your draft is back.',
      draft: 'Your draft is back.',
      restore: 'The code you replaced is back.',
    } as const;
    undo.addEventListener('click', () => {
      // The code on screen now goes into the slot (unless it is the starter or the solution).
      const slot = drafts.takeRestore(current());
      if (!slot) return;
      void replaceAll(slot.files);
      showNotice(
        drafts.restoreSlot() ? `${back[slot.reason]} The code it replaced is kept:` : back[slot.reason],
      );
      offerRestore();
    });

    const reset = h('button', { type: 'button', className: 'lab-button' }, 'Reset');
    reset.addEventListener('click', () => {
      const failed = drafts.keepForRestore('reset', current());
      void replaceAll(sources.starter);
      showNotice(
        failed ??
          (drafts.restoreSlot()
            ? 'The starter code is back. Your code is kept:'
            : 'The starter code is back.'),
      );
      offerRestore();
    });

    const dialog = h(
      'dialog',
      { className: 'lab-dialog', 'aria-labelledby': 'lab-solution-title' },
      h(
        'form',
        { method: 'dialog' },
        h('h4', { id: 'lab-solution-title' }, 'Replace your code with the reference solution?'),
        h('p', {}, 'Your current code is kept: “Restore my draft” brings it back at any time.'),
        h(
          'div',
          { className: 'lab-row' },
          h('button', { value: 'confirm', className: 'lab-button lab-primary' }, 'Replace with the solution'),
          h('button', { value: 'cancel', className: 'lab-button' }, 'Cancel'),
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'confirm') return;
      const failed = drafts.keepForRestore('solution', current());
      void replaceAll(sources.solution);
      showNotice(
        failed ??
          (drafts.restoreSlot()
            ? 'This is the reference solution. Your own code is kept:'
            : 'This is the reference solution.'),
      );
      offerRestore();
    });
    const solution = h('button', { type: 'button', className: 'lab-button' }, 'Show solution');
    solution.addEventListener('click', () => {
      dialog.returnValue = '';
      dialog.showModal();
    });

    /* ---------- checks, console, preview, log ---------- */
    // "Go to line" of a handler that threw (checks, console, log): the cursor on the learner's line.
    const reveal = (file: string, line: number, column: number): void => editors.reveal(file, line, column);
    const checks = createChecksView({ provided: manifest.provided ?? [], reveal });
    // Help before the solution (hints, a read-only comparison), and the way on once every check passes.
    const hints = createHintsView({ lessonId, hints: manifest.hints ?? [] });
    const compare = createCompareView({
      files: manifest.editable,
      draft: (path) => editors.get(path) ?? '',
      solution: sources.solution,
    });
    const finish = createFinishView({ learnt: manifest.learnt ?? [], next });
    checks.element.append(finish.element);
    this.#cleanup.push(compare.destroy);
    const shortcut = runShortcut();
    const run = h(
      'button',
      {
        type: 'button',
        className: 'lab-button lab-primary',
        disabled: true,
        title: `Run checks (${shortcut})`,
        'aria-keyshortcuts': shortcut === 'Cmd+Enter' ? 'Meta+Enter' : 'Control+Enter',
      },
      'Run checks',
    );
    // The button, Ctrl/Cmd+Enter in the editor and anywhere else in the lab all end here.
    function runChecks(): void {
      if (run.disabled) return;
      // The results are what the learner waits for: their tab comes to the front.
      bench.show('checks');
      checks.running();
      void store.runChecks().then((results) => {
        const summary = store.getState().summary;
        if (results) for (const line of checkRunThrows(results)) logView.add(line);
        if (results && summary) {
          try {
            progress().recordLab(lessonId, { passed: summary.total - summary.failed, total: summary.total });
          } catch {
            // Progress is a convenience; the results are on screen either way.
          }
        }
        // Results or the reason there are none: either way the summary says what happened.
        checks.focusSummary(bench.reveal);
      });
    }
    run.addEventListener('click', runChecks);
    const onKey = (event: KeyboardEvent): void => {
      // The editor's own Mod-Enter already ran them (and prevented the default); a dialog keeps its keys.
      if (
        event.key !== 'Enter' ||
        !(event.ctrlKey || event.metaKey) ||
        event.defaultPrevented ||
        event.isComposing
      )
        return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      event.preventDefault();
      runChecks();
    };
    // On the lesson's lab section, not only this element: a click on its text focuses the section
    // (tabindex -1, the skip link's target), and the shortcut should work from there too.
    const keys: HTMLElement = this.closest<HTMLElement>('[data-lab-root]') ?? this;
    keys.addEventListener('keydown', onKey);
    this.#cleanup.push(() => keys.removeEventListener('keydown', onKey));

    // "Export my work": a hand-in file for the instructor, who grades it with `lab grade`.
    const exportWork = h(
      'button',
      {
        type: 'button',
        className: 'lab-button',
        title: 'Download your files as one hand-in file for your instructor',
      },
      'Export my work',
    );
    exportWork.addEventListener('click', () => {
      const summary = store.getState().summary;
      const claimed = summary ? { passed: summary.total - summary.failed, total: summary.total } : undefined;
      void labHandIn(lessonId, current(), claimed).then(
        (handIn) => {
          download(handIn);
          showNotice(
            'Your work was exported as one file. Hand it in: your instructor grades it by running the checks again.',
          );
        },
        (error: unknown) =>
          showNotice(`Could not export your work: ${error instanceof Error ? error.message : String(error)}`),
      );
    });

    const send = (request: Parameters<LabStore['request']>[0]) => store.request(request);
    const consoleView = createConsoleView({ jar, origin, send, tokens, reveal });
    const previewView = createPreviewView({ jar, origin, send, preview: () => store.preview() });
    const logView = createLogView(store.getLogs(), reveal);
    this.#cleanup.push(store.onLog(logView.add), previewView.destroy);

    // The status line says where the lab runs in plain words; the technical side, and the switch
    // or retry of a runtime, sit under this toggle, out of the toolbar the learner works with.
    const runtimeDetail = h('p', { className: 'lab-runtime-detail' });
    const switcher = h('button', { type: 'button', className: 'lab-button', hidden: true });
    const runtimeInfo = h(
      'details',
      { className: 'lab-runtime', hidden: true },
      h('summary', {}, 'How the lab runs'),
      runtimeDetail,
      switcher,
    );
    switcher.addEventListener('click', () => {
      const action = store.getState().switchAction;
      if (action?.reload) {
        save();
        retryInFreshPage(lessonId);
      } else if (action) void store.switchTo(action.target);
    });

    const problem = h('div', { className: 'lab-problem', role: 'alert' });
    const busy = h('span', { className: 'lab-muted lab-busy' });

    /* ---------- rendering ---------- */
    let shownResults: LabState['results'] | undefined;
    let shownMessage: string | null | undefined;
    /** The runtime the preview last opened in: after a move to another one, it opens again there. */
    let previewed: LabState['runtime'] = null;
    const render = (state: LabState): void => {
      status.textContent = state.status;
      runtimeDetail.textContent = state.statusDetail ?? '';
      runtimeInfo.hidden = !state.statusDetail;
      run.disabled = state.phase !== 'ready' || state.busy === 'checking';
      busy.textContent =
        state.busy === 'restarting' || (state.applying && state.busy === null)
          ? 'Restarting the server with your code…'
          : state.busy === 'checking'
            ? 'Running checks…'
            : '';
      // For tests and styles: true until the server runs what the editor shows.
      this.dataset['applying'] = String(state.applying);
      const action = state.switchAction;
      switcher.hidden = !action;
      switcher.textContent = action?.label ?? '';
      // The earlier failure, as the button's description: a retry may well fail the same way.
      if (action?.reason)
        switcher.title = action.reload
          ? `${action.reason} Retrying reloads the page; your draft is saved.`
          : action.reason;
      else switcher.removeAttribute('title');
      const p = state.problem;
      editors.showProblem(p);
      if (p) {
        const goTo =
          (p.kind === 'compile' || p.kind === 'load') && p.line !== undefined
            ? h(
                'button',
                {
                  type: 'button',
                  className: 'lab-button',
                  onclick: () => editors.reveal(p.file, p.line ?? 1, p.column ?? 1),
                },
                `Go to line ${p.line}`,
              )
            : null;
        replaceChildren(problem, h('p', {}, describeProblem(p)), goTo);
      } else replaceChildren(problem);
      if (state.results !== shownResults || state.checksMessage !== shownMessage) {
        shownResults = state.results;
        shownMessage = state.checksMessage;
        checks.show(state.results, state.summary, state.checksMessage);
        finish.show(state.summary?.complete === true);
      }
      if (state.phase === 'ready' && state.runtime !== previewed) {
        previewed = state.runtime;
        void previewView.open('/');
      }
    };
    this.#cleanup.push(store.subscribe(render));

    if (loaded.kind === 'corrupt') showNotice(loaded.message);
    else if (loaded.kind === 'draft')
      showNotice(`Your draft from ${new Date(loaded.draft.savedAt).toLocaleString()} is back.`);
    offerRestore();

    const toolbar = h(
      'div',
      { className: 'lab-toolbar', role: 'group', 'aria-label': 'Lab actions' },
      run,
      reset,
      solution,
      exportWork,
      undo,
      busy,
    );
    const bench = createWorkbench({
      root: keys,
      toolbar,
      code: [
        editors.element,
        // CodeMirror takes Tab for indenting (editor.ts), so the way out is said where the keyboard is.
        h(
          'p',
          { className: 'lab-muted lab-editor-hint' },
          'In the editor, Tab indents: to leave it, press Esc, then Tab. ',
          h('kbd', {}, shortcut),
          ' runs the checks from anywhere in the lab.',
        ),
        h(
          'div',
          { className: 'lab-help', role: 'group', 'aria-label': 'Help' },
          hints.button,
          compare.button,
        ),
        hints.list,
        compare.panel,
      ],
      panels: [
        { key: 'checks', label: 'Checks', element: checks.element },
        { key: 'console', label: 'Console', element: consoleView.element },
        { key: 'preview', label: 'Preview', element: previewView.element },
        { key: 'log', label: 'Server log', element: logView.element },
      ],
    });
    this.#bench = bench;
    replaceChildren(this, toolbar, runtimeInfo, notice, problem, bench.element, dialog);
    // "Start lab" opens the full-width workbench; "Back to the lesson" (beside the title) leaves it.
    bench.open();
    render(store.getState());
    await store.start();
    // "Start lab" is disabled (then hidden) and focus went with it: the keyboard goes where the work
    // is, unless the learner has put it somewhere already. Only now: an edit made while the server
    // starts reaches no server (the store has no runtime to restart yet).
    const first = manifest.editable[0];
    const active = document.activeElement;
    const lost =
      !active ||
      active === document.body ||
      !active.isConnected ||
      (active instanceof HTMLButtonElement && active.disabled);
    if (first && lost && this.isConnected) editors.focus(first);
  }
}

if (!customElements.get('logout-lab')) customElements.define('logout-lab', LabElement);
