import { describe, expect, it } from 'vitest';
import { catalog } from '../../../checks/catalog';
import { STACKS } from '../stack';
import { FIXES, fixFor } from '.';

describe('the fix table', () => {
  it('every entry names an existing check and a known stack, and is short', () => {
    const ids = new Set<string>(catalog.map((c) => c.id));
    for (const [id, entries] of Object.entries(FIXES)) {
      expect(ids.has(id), id).toBe(true);
      for (const [stack, text] of Object.entries(entries ?? {})) {
        expect(STACKS as readonly string[], `${id} ${stack}`).toContain(stack);
        expect(text.length, `${id} ${stack}`).toBeLessThan(400);
      }
    }
  });

  it('picks the most specific stack: Flask-Login over Flask, Flask where Flask-Login has none', () => {
    expect(fixFor('LO-04', ['flask', 'flask-login'])?.stack).toBe('Flask-Login');
    expect(fixFor('LO-04', ['flask', 'flask-login'])?.text).toContain('logout_user()');
    expect(fixFor('LO-12', ['flask', 'flask-login'])).toEqual({
      stack: 'Flask',
      text: expect.stringContaining("SESSION_COOKIE_SAMESITE='Lax'") as string,
    });
    expect(fixFor('LO-14', ['flask', 'flask-login'])?.text).toContain('remember_token');
    expect(fixFor('LO-10', ['express', 'express-session'])?.text).toContain('req.session.regenerate');
    expect(fixFor('LO-04', ['express', 'express-session'])?.text).toContain('req.session.destroy');
    expect(fixFor('LO-01', ['hono'])?.stack).toBe('Hono (the Logout Lab sandbox)');
  });

  it('no fix rather than a wrong-stack one: unknown, untabled (Django) or contradictory stacks', () => {
    expect(fixFor('LO-04', [])).toBeUndefined();
    expect(fixFor('LO-01', ['django'])).toBeUndefined();
    expect(fixFor('LO-01', ['flask', 'hono'])).toBeUndefined();
    // Express alone (X-Powered-By) does not say which session library: no express-session fix.
    expect(fixFor('LO-04', ['express'])).toBeUndefined();
    expect(fixFor('AU-01', ['flask'])).toBeUndefined();
  });
});
