import { describe, expect, it } from 'vitest';
import { citedStandards } from './index';

describe('citedStandards', () => {
  it('groups mentions per document with the ids the text names, in order of first mention', () => {
    const text = `The OWASP Session Management Cheat Sheet says so. ASVS 5.0 requirement 7.2.4 agrees,
      and ASVS 5.0 (requirement 3.5.3) too; WSTG-SESS-06 replays the cookie, WSTG-SESS-03 checks fixation.
      RFC 7009 answers 200, and RFC 9700 §4.14.2 revokes the family (ASVS 5.0 10.4.5). The **OWASP ASVS.**
      4.0.3 requirement 3.3.1 says the same. RFC 1234 is made up.`;
    expect(citedStandards(text)).toEqual([
      { name: 'OWASP Session Management Cheat Sheet', refs: [] },
      { name: 'OWASP ASVS 5.0', refs: ['7.2.4', '3.5.3', '10.4.5'] },
      { name: 'OWASP WSTG', refs: ['WSTG-SESS-06', 'WSTG-SESS-03'] },
      { name: 'RFC 7009: OAuth 2.0 Token Revocation', refs: [] },
      { name: 'RFC 9700: Best Current Practice for OAuth 2.0 Security', refs: ['§4.14.2'] },
      { name: 'OWASP ASVS 4.0.3', refs: ['3.3.1'] },
      { name: 'RFC 1234', refs: [] },
    ]);
  });

  it('finds nothing in a text that cites nothing', () => {
    expect(citedStandards('A session is per-browser data. Cheat Sheet without a name.')).toEqual([]);
  });

  it('a bare ASVS mention alone is still listed', () => {
    expect(citedStandards('See the ASVS for more.')).toEqual([{ name: 'OWASP ASVS', refs: [] }]);
  });
});
