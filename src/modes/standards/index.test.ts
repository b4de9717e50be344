import { describe, expect, it } from 'vitest';
import { citedStandards, plainText, standardMentions } from './index';

const SM = 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html';
const JWT = 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_Cheat_Sheet.html';
const REST = 'https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html';
const ASVS = 'https://owasp.org/www-project-application-security-verification-standard/';
const WSTG = 'https://owasp.org/www-project-web-security-testing-guide/';

describe('citedStandards', () => {
  it('groups mentions per document with the ids the text names, in order of first mention, each with its address', () => {
    const text = `The OWASP Session Management Cheat Sheet says so. ASVS 5.0 requirement 7.2.4 agrees,
      and ASVS 5.0 (requirement 3.5.3) too; WSTG-SESS-06 replays the cookie, WSTG-SESS-03 checks fixation.
      RFC 7009 answers 200, and RFC 9700 §4.14.2 revokes the family (ASVS 5.0 10.4.5). The **OWASP ASVS.**
      4.0.3 requirement 3.3.1 says the same. RFC 1234 is made up.`;
    expect(citedStandards(text)).toEqual([
      { name: 'OWASP Session Management Cheat Sheet', refs: [], url: SM },
      { name: 'OWASP ASVS 5.0', refs: ['7.2.4', '3.5.3', '10.4.5'], url: ASVS },
      { name: 'OWASP WSTG', refs: ['WSTG-SESS-06', 'WSTG-SESS-03'], url: WSTG },
      {
        name: 'RFC 7009: OAuth 2.0 Token Revocation',
        refs: [],
        url: 'https://datatracker.ietf.org/doc/rfc7009/',
      },
      {
        name: 'RFC 9700: Best Current Practice for OAuth 2.0 Security',
        refs: ['§4.14.2'],
        url: 'https://www.rfc-editor.org/rfc/rfc9700',
      },
      { name: 'OWASP ASVS 4.0.3', refs: ['3.3.1'], url: ASVS },
      { name: 'RFC 1234', refs: [], url: 'https://www.rfc-editor.org/rfc/rfc1234' },
    ]);
  });

  it('finds nothing in a text that cites nothing', () => {
    expect(citedStandards('A session is per-browser data. Cheat Sheet without a name.')).toEqual([]);
  });

  it('a bare ASVS mention alone is still listed', () => {
    expect(citedStandards('See the ASVS for more.')).toEqual([{ name: 'OWASP ASVS', refs: [], url: ASVS }]);
  });

  it('reads lesson 6\'s wording: possessive, lower case, "the X cheat sheet", and an unnamed "the cheat sheet"', () => {
    // Sentences as lessons/06-token-logout/index.mdx writes them.
    const text = [
      "Until mid-2026 even OWASP's JWT cheat sheet described that as *simulating* logout.",
      "OWASP's JWT cheat sheet recommends keying the list by **`jti` together with `iss`**.",
      'The REST Security cheat sheet gives the same advice for sessions that end early, through logout or an idle timeout.',
      "This was OWASP's own advice until its JWT cheat sheet was revised in June 2026. The cheat sheet now warns that a denylist…",
    ].join('\n');
    expect(citedStandards(text)).toEqual([
      { name: 'OWASP JSON Web Token Cheat Sheet', refs: [], url: JWT },
      { name: 'OWASP REST Security Cheat Sheet', refs: [], url: REST },
    ]);
  });

  it('matches a known cheat sheet whatever the case, and by its other names', () => {
    expect(citedStandards("see OWASP's session management cheat sheet").map((s) => s.name)).toEqual([
      'OWASP Session Management Cheat Sheet',
    ]);
    expect(
      citedStandards('the OWASP CSRF Cheat Sheet; the CSRF Prevention cheat sheet').map((s) => s.name),
    ).toEqual(['OWASP Cross-Site Request Forgery Prevention Cheat Sheet']);
    expect(citedStandards('the old JSON Web Token for Java Cheat Sheet').map((s) => s.name)).toEqual([
      'OWASP JSON Web Token Cheat Sheet',
    ]);
    expect(citedStandards('OWASP Password Storage Cheat Sheet')[0]?.url).toBe(
      'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html',
    );
  });

  it('lists a capitalised cheat sheet it does not know, without an address, and ignores unnamed ones', () => {
    expect(citedStandards('The Mass Assignment cheat sheet covers it.')).toEqual([
      { name: 'OWASP Mass Assignment Cheat Sheet', refs: [] },
    ]);
    // A longer capitalised name is not the known sheet its last words spell.
    expect(citedStandards('the Legacy REST Security cheat sheet').map((s) => s.name)).toEqual([
      'OWASP Legacy REST Security Cheat Sheet',
    ]);
    expect(citedStandards('the same cheat sheet, its own cheat sheet, the OWASP Cheat Sheet Series')).toEqual(
      [],
    );
  });

  it('names the WSTG and the ASVS when the prose spells them out', () => {
    expect(citedStandards("The OWASP testing guide's logout test").map((s) => s.name)).toEqual([
      'OWASP WSTG',
    ]);
    expect(citedStandards('the Application Security Verification Standard').map((s) => s.name)).toEqual([
      'OWASP ASVS',
    ]);
  });
});

describe('standardMentions', () => {
  it('reports where each mention stands in the plain text, the cheat sheet from its name to "cheat sheet"', () => {
    const source = "Keying by jti: OWASP's JWT cheat sheet and RFC 7009 §2.2.";
    const text = plainText(source);
    expect(standardMentions(source).map((m) => text.slice(m.at, m.end))).toEqual([
      'JWT cheat sheet',
      'RFC 7009 §2.2',
    ]);
  });
});
