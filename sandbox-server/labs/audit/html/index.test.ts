import { describe, expect, it } from 'vitest';
import { parsePage, readField } from '.';

describe('parsePage', () => {
  it('reads forms, fields, buttons and links from untidy HTML', () => {
    const page = parsePage(`<p>Hi <a href="/a">A &amp; B</a>
      <form method=POST id=f><input name=x value="1 &lt; 2"><select name=s><option>one<option selected value=2>two</select>
      <textarea name=t>hello</textarea><input type=reset><input type=button name=b>
      <button type=button>not a submit</button><button name=go value=yes>Go <b>now</b></button>`);
    expect(page.links).toEqual([{ href: '/a', text: 'A & B' }]);
    expect(page.forms).toHaveLength(1);
    const [form] = page.forms;
    expect(form).toMatchObject({ method: 'POST', id: 'f', action: undefined });
    expect(form?.fields.map((f) => [f.name, f.value])).toEqual([
      ['x', '1 < 2'],
      ['s', '2'],
      ['t', 'hello'],
    ]);
    expect(form?.buttons).toEqual([
      { name: 'go', value: 'yes', text: 'Go now', formaction: undefined, formmethod: undefined },
    ]);
  });

  it('a select without a selected option sends its first one', () => {
    expect(
      parsePage('<form><select name=s><option value=a>A</option><option>B</option></select></form>').forms[0]
        ?.fields[0]?.value,
    ).toBe('a');
  });
});

describe('readField', () => {
  it('reads the value of a hidden field, in any form of the page', () => {
    const html = `<form action="/search"><input name="q"></form>
      <form method="post"><input type="hidden" name="csrf_token" value="Ijk.abc-_"></form>`;
    expect(readField(html, 'csrf_token')).toBe('Ijk.abc-_');
    expect(readField(html, '_csrf')).toBeUndefined();
  });
});
