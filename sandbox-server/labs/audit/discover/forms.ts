/**
 * What discovery reads from a page: the login form and the logout control. Pure (HTML in, data
 * out), so odd pages are pinned by unit tests on fixtures.
 */
import { parsePage, type FormField, type HtmlForm, type HtmlPage, type SubmitButton } from '../html';

/** Hidden fields that carry a CSRF token, by framework: Flask-WTF, Express/csurf, Django, Rails. */
export const CSRF_FIELDS = ['csrf_token', '_csrf', 'csrfmiddlewaretoken', 'authenticity_token'] as const;

export function isCsrfField(field: FormField): boolean {
  return (
    field.type === 'hidden' &&
    ((CSRF_FIELDS as readonly string[]).includes(field.name) || /csrf|xsrf/i.test(field.name))
  );
}

export interface FoundLoginForm {
  /** Where the form posts, as written (resolved by the caller against the page URL). */
  action: string | undefined;
  method: 'GET' | 'POST';
  username: string;
  password: string;
  remember: { name: string; value: string } | undefined;
  csrf: string | undefined;
  /** Other fields the form sends as they are: hidden defaults and a named submit button. */
  extra: Record<string, string>;
}

const TEXTLIKE = new Set(['text', 'email', 'tel', '']);

/** The submit that a user presses: the first submit button (its formaction/formmethod win). */
function submitter(form: HtmlForm): SubmitButton | undefined {
  return form.buttons[0];
}

function target(form: HtmlForm): { action: string | undefined; method: 'GET' | 'POST' } {
  const button = submitter(form);
  const method = button?.formmethod !== undefined ? button.formmethod.toLowerCase() : undefined;
  return {
    action: button?.formaction ?? form.action,
    method: method === 'post' ? 'POST' : method === 'get' ? 'GET' : form.method,
  };
}

/** Picks the username field: autocomplete=username first, then a telling name, then the first text-like input. */
function usernameField(form: HtmlForm): FormField | undefined {
  const candidates = form.fields.filter((f) => f.tag === 'input' && TEXTLIKE.has(f.type));
  return (
    candidates.find((f) => f.autocomplete === 'username' || f.autocomplete === 'email') ??
    candidates.find((f) => /user|login|email|name|account/i.test(f.name)) ??
    candidates[0]
  );
}

/**
 * The login form: a form with exactly one password input (two or more are a sign-up or a
 * password change) and a username field; among several, the one that says it signs in.
 */
export function findLoginForm(page: HtmlPage | string): FoundLoginForm | undefined {
  const { forms } = typeof page === 'string' ? parsePage(page) : page;
  const candidates = forms.filter(
    (form) =>
      form.fields.filter((f) => f.type === 'password').length === 1 && usernameField(form) !== undefined,
  );
  const form =
    candidates.find((f) => /log ?in|sign ?in/i.test(`${f.action ?? ''} ${f.text}`)) ?? candidates[0];
  if (form === undefined) return undefined;
  const username = usernameField(form);
  const password = form.fields.find((f) => f.type === 'password');
  if (username === undefined || password === undefined) return undefined;
  const checkbox = form.fields.find(
    (f) => f.type === 'checkbox' && /remember|persist|keep|stay/i.test(f.name),
  );
  const csrf = form.fields.find(isCsrfField);
  const extra: Record<string, string> = {};
  for (const field of form.fields) {
    if (field === username || field === password || field === checkbox || field === csrf) continue;
    // What a browser sends untouched: hidden fields, and checked boxes.
    if (field.type === 'hidden' || ((field.type === 'checkbox' || field.type === 'radio') && field.checked))
      extra[field.name] = field.value;
  }
  const button = submitter(form);
  if (button?.name !== undefined) extra[button.name] = button.value;
  return {
    ...target(form),
    username: username.name,
    password: password.name,
    remember: checkbox === undefined ? undefined : { name: checkbox.name, value: checkbox.value },
    csrf: csrf?.name,
    extra,
  };
}

export interface FoundLogout {
  kind: 'form' | 'link';
  action: string;
  method: 'GET' | 'POST';
  csrf: string | undefined;
}

const LOGOUT = /log[ _-]?out|sign[ _-]?out|log[ _-]?off/i;

/**
 * The logout control of a logged-in page: a form (or a button's formaction) whose action or
 * label says log out, else a link that does. A form wins over a link: it is what a careful app
 * offers, and a page may keep an old link around.
 */
export function findLogout(page: HtmlPage | string): FoundLogout | undefined {
  const { forms, links } = typeof page === 'string' ? parsePage(page) : page;
  for (const form of forms) {
    // A button with its own formaction sends the form elsewhere: that button is the logout.
    const button = form.buttons.find(
      (b) => b.formaction !== undefined && (LOGOUT.test(b.formaction) || LOGOUT.test(b.text)),
    );
    if (button?.formaction !== undefined) {
      const method = button.formmethod?.toLowerCase();
      return {
        kind: 'form',
        action: button.formaction,
        method: method === 'post' ? 'POST' : method === 'get' ? 'GET' : form.method,
        csrf: form.fields.find(isCsrfField)?.name,
      };
    }
  }
  for (const form of forms) {
    const { action, method } = target(form);
    if (form.fields.some((f) => f.type === 'password')) continue;
    const label = form.buttons.map((b) => b.text).join(' ');
    if (!LOGOUT.test(action ?? '') && !LOGOUT.test(label)) continue;
    return { kind: 'form', action: action ?? '', method, csrf: form.fields.find(isCsrfField)?.name };
  }
  const link = links.find((l) => LOGOUT.test(l.href) || LOGOUT.test(l.text));
  if (link !== undefined) return { kind: 'link', action: link.href, method: 'GET', csrf: undefined };
  return undefined;
}
