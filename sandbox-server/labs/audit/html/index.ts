/**
 * The forms and links of an HTML page, read with htmlparser2 (a tolerant, streaming parser: real
 * pages are rarely valid HTML), for the audit's discovery and for reading a CSRF token before each
 * form post. Pure: it sees text, never the network.
 */
import { Parser } from 'htmlparser2';

export interface FormField {
  tag: 'input' | 'select' | 'textarea';
  name: string;
  /** Lower-case `type` of an input (`text` when absent); `select`/`textarea` for the others. */
  type: string;
  value: string;
  checked: boolean;
  autocomplete: string;
}

/** A control that submits its form: `<button>` (submit unless typed otherwise) or `<input type=submit|image>`. */
export interface SubmitButton {
  name: string | undefined;
  value: string;
  text: string;
  /** `formaction` / `formmethod` override the form's own for this button. */
  formaction: string | undefined;
  formmethod: string | undefined;
}

export interface HtmlForm {
  /** The `action` attribute as written (undefined: the page itself). */
  action: string | undefined;
  method: 'GET' | 'POST';
  id: string | undefined;
  fields: FormField[];
  buttons: SubmitButton[];
  /** The form's visible text, whitespace folded. */
  text: string;
}

export interface HtmlLink {
  href: string;
  text: string;
}

export interface HtmlPage {
  forms: HtmlForm[];
  links: HtmlLink[];
}

const fold = (text: string): string => text.replace(/\s+/g, ' ').trim();

function methodOf(value: string | undefined): 'GET' | 'POST' {
  return value?.toLowerCase() === 'post' ? 'POST' : 'GET';
}

/** Every form (with its fields and submit buttons) and every link of the page, in document order. */
export function parsePage(html: string): HtmlPage {
  const forms: HtmlForm[] = [];
  const links: HtmlLink[] = [];
  let form: HtmlForm | undefined;
  let button: SubmitButton | undefined;
  let link: HtmlLink | undefined;
  let textarea: FormField | undefined;
  let select: FormField | undefined;
  let option: { value: string | undefined; selected: boolean; text: string } | undefined;
  let firstOption: string | undefined;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const attr = (key: string): string | undefined => attributes[key];
        if (name === 'form') {
          form = {
            action: attr('action'),
            method: methodOf(attr('method')),
            id: attr('id'),
            fields: [],
            buttons: [],
            text: '',
          };
          forms.push(form);
          return;
        }
        if (name === 'a' && attr('href') !== undefined) {
          link = { href: attr('href') ?? '', text: '' };
          links.push(link);
          return;
        }
        if (form === undefined) return;
        if (name === 'input') {
          const type = (attr('type') ?? 'text').toLowerCase();
          if (type === 'submit' || type === 'image') {
            form.buttons.push({
              name: attr('name'),
              value: attr('value') ?? '',
              text: attr('value') ?? attr('alt') ?? '',
              formaction: attr('formaction'),
              formmethod: attr('formmethod'),
            });
            return;
          }
          if (type === 'button' || type === 'reset' || attr('name') === undefined) return;
          form.fields.push({
            tag: 'input',
            name: attr('name') ?? '',
            type,
            value: attr('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''),
            checked: attr('checked') !== undefined,
            autocomplete: (attr('autocomplete') ?? '').toLowerCase(),
          });
          return;
        }
        if (name === 'button') {
          const type = (attr('type') ?? 'submit').toLowerCase();
          if (type !== 'submit') return;
          button = {
            name: attr('name'),
            value: attr('value') ?? '',
            text: '',
            formaction: attr('formaction'),
            formmethod: attr('formmethod'),
          };
          form.buttons.push(button);
          return;
        }
        if ((name === 'textarea' || name === 'select') && attr('name') !== undefined) {
          const field: FormField = {
            tag: name,
            name: attr('name') ?? '',
            type: name,
            value: '',
            checked: false,
            autocomplete: (attr('autocomplete') ?? '').toLowerCase(),
          };
          form.fields.push(field);
          if (name === 'textarea') textarea = field;
          else {
            select = field;
            firstOption = undefined;
          }
          return;
        }
        if (name === 'option' && select !== undefined)
          option = { value: attr('value'), selected: attr('selected') !== undefined, text: '' };
      },
      ontext(text) {
        if (form !== undefined) form.text += text;
        if (button !== undefined) button.text += text;
        if (link !== undefined) link.text += text;
        if (textarea !== undefined) textarea.value += text;
        if (option !== undefined) option.text += text;
      },
      onclosetag(name) {
        if (name === 'form' && form !== undefined) {
          form.text = fold(form.text);
          form = undefined;
        } else if (name === 'button' && button !== undefined) {
          button.text = fold(button.text);
          button = undefined;
        } else if (name === 'a' && link !== undefined) {
          link.text = fold(link.text);
          link = undefined;
        } else if (name === 'textarea') textarea = undefined;
        else if (name === 'option' && option !== undefined && select !== undefined) {
          const value = option.value ?? fold(option.text);
          firstOption ??= value;
          if (option.selected || select.value === '') select.value = option.selected ? value : firstOption;
          option = undefined;
        } else if (name === 'select') select = undefined;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  for (const f of forms) f.text = fold(f.text);
  return { forms, links };
}

/** The value of the first form field named `name` (a hidden CSRF token), or undefined. */
export function readField(html: string, name: string): string | undefined {
  for (const form of parsePage(html).forms) {
    const field = form.fields.find((f) => f.name === name);
    if (field !== undefined) return field.value;
  }
  return undefined;
}
