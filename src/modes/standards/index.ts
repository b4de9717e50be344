/**
 * The standards a lesson cites, read from its source text at build time for the Expert mode:
 * OWASP cheat sheets, ASVS requirements, WSTG tests and RFCs. Only what the text names is
 * listed (nothing is added), grouped per document with the requirement or test ids it mentions,
 * and each document carries the address of its text so the Expert panel can link to it.
 *
 * Prose names documents loosely ("OWASP's JWT cheat sheet", "the REST Security cheat sheet",
 * "OWASP Session Management Cheat Sheet"), so cheat sheets are matched by name whatever the case
 * and whatever word comes before; `standardMentions` reports where each mention stands so a test
 * can prove that no mention in a lesson goes unlisted.
 */

export interface CitedStandard {
  /** "OWASP ASVS 5.0", "RFC 7009: OAuth 2.0 Token Revocation", "OWASP JSON Web Token Cheat Sheet". */
  name: string;
  /** Requirement, test or section ids the text mentions, in order of first mention. */
  refs: string[];
  /** Where the document can be read; missing only for a cheat sheet this module does not know. */
  url?: string;
}

/** One place in the text that names a standard, as offsets into `plainText(source)`. */
export interface StandardMention {
  at: number;
  end: number;
  name: string;
  ref?: string;
  url?: string;
}

interface CheatSheet {
  /** Official title without "Cheat Sheet". */
  title: string;
  /** File name on cheatsheetseries.owasp.org, without `_Cheat_Sheet.html`. */
  file: string;
  /** Other names prose uses for it (matched case-insensitively, the title included). */
  aliases: readonly string[];
}

/**
 * The OWASP cheat sheets the course cites (file names as in OWASP/CheatSheetSeries, see
 * docs/security-reference.md). A cheat sheet named in a lesson but missing here is still
 * listed, without a link, and the lesson coverage test fails until it is added.
 */
export const cheatSheets: readonly CheatSheet[] = [
  { title: 'Session Management', file: 'Session_Management', aliases: [] },
  {
    title: 'Cross-Site Request Forgery Prevention',
    file: 'Cross-Site_Request_Forgery_Prevention',
    aliases: ['CSRF Prevention', 'CSRF'],
  },
  // Called "JSON Web Token for Java" until mid-2026 (docs/security-reference.md §1.4).
  { title: 'JSON Web Token', file: 'JSON_Web_Token', aliases: ['JSON Web Token for Java', 'JWT'] },
  { title: 'REST Security', file: 'REST_Security', aliases: ['REST'] },
  { title: 'OAuth 2.0', file: 'OAuth2', aliases: ['OAuth2', 'OAuth'] },
  { title: 'Password Storage', file: 'Password_Storage', aliases: [] },
  { title: 'Authentication', file: 'Authentication', aliases: [] },
  { title: 'Transport Layer Security', file: 'Transport_Layer_Security', aliases: ['TLS'] },
  {
    title: 'Unvalidated Redirects and Forwards',
    file: 'Unvalidated_Redirects_and_Forwards',
    aliases: ['Unvalidated Redirects'],
  },
];

/** Titles of the RFCs the course relies on (docs/security-reference.md); others are listed by number alone. */
const rfcTitles: Record<string, string> = {
  '6265': 'HTTP State Management Mechanism (cookies)',
  '6749': 'The OAuth 2.0 Authorization Framework',
  '6819': 'OAuth 2.0 Threat Model and Security Considerations',
  '7009': 'OAuth 2.0 Token Revocation',
  '7519': 'JSON Web Token (JWT)',
  '8725': 'JSON Web Token Best Current Practices',
  '9110': 'HTTP Semantics',
  '9700': 'Best Current Practice for OAuth 2.0 Security',
};

/** docs/security-reference.md gives this address for RFC 7009; every other RFC links to the RFC Editor's copy. */
const rfcUrls: Record<string, string> = { '7009': 'https://datatracker.ietf.org/doc/rfc7009/' };
const ASVS_URL = 'https://owasp.org/www-project-application-security-verification-standard/';
const WSTG_URL = 'https://owasp.org/www-project-web-security-testing-guide/';
const cheatSheetUrl = (sheet: CheatSheet) =>
  `https://cheatsheetseries.owasp.org/cheatsheets/${sheet.file}_Cheat_Sheet.html`;

/** Words that introduce a cheat sheet without naming it: "the cheat sheet", "its cheat sheet". */
const determiners = new Set([
  'the',
  'its',
  'this',
  'that',
  'their',
  'our',
  'a',
  'an',
  'owasp',
  "owasp's",
  'owasp’s',
]);
const normalise = (words: string) =>
  words
    .toLowerCase()
    .replace(/[\s-]+/g, ' ')
    .trim();
const byAlias = new Map<string, CheatSheet>(
  cheatSheets.flatMap((sheet) =>
    [sheet.title, ...sheet.aliases].map((alias) => [normalise(alias), sheet] as const),
  ),
);
const longestAlias = Math.max(...[...byAlias.keys()].map((alias) => alias.split(' ').length));

/** Markdown emphasis and line breaks must not split a citation ("ASVS 5.0\nrequirement 7.2.4"). */
export function plainText(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/\s+/g, ' ');
}

/**
 * The cheat sheet a "… cheat sheet" mention names, from the words just before it (`words`, in
 * order): the longest known name that ends there and is not itself the tail of a longer
 * capitalised name, else the capitalised words (an unknown cheat sheet), else none (an unnamed
 * "the cheat sheet").
 */
function nameCheatSheet(words: string[]): { words: number; sheet?: CheatSheet; title?: string } | undefined {
  for (let n = Math.min(longestAlias, words.length); n >= 1; n--) {
    const sheet = byAlias.get(normalise(words.slice(-n).join(' ')));
    if (!sheet) continue;
    const before = words[words.length - n - 1];
    // "Multifactor Authentication cheat sheet" is not the Authentication cheat sheet.
    if (before && /^[A-Z0-9]/.test(before) && !determiners.has(before.toLowerCase())) break;
    return { words: n, sheet };
  }
  const named: string[] = [];
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] ?? '';
    if (!/^[A-Z0-9]/.test(word) || determiners.has(word.toLowerCase())) break;
    named.unshift(word);
  }
  return named.length ? { words: named.length, title: named.join(' ') } : undefined;
}

/** Every mention of a standard in `source`, in text order. Offsets index `plainText(source)`. */
export function standardMentions(source: string): StandardMention[] {
  const text = plainText(source);
  const hits: StandardMention[] = [];
  const add = (at: number, end: number, name: string, url: string | undefined, ref?: string) =>
    hits.push({ at, end, name, ...(url && { url }), ...(ref && { ref }) });

  // Up to six words before "cheat sheet"; punctuation ends the run, so only the name's own words count.
  for (const m of text.matchAll(/(?<![\w.’'-])((?:[A-Za-z0-9][\w.’'-]* ){0,6})cheat[ -]?sheets?\b/gi)) {
    const words = (m[1] ?? '').trim().split(' ').filter(Boolean);
    const found = nameCheatSheet(words);
    if (!found) continue;
    const start = m.index + (m[1] ?? '').trimEnd().length - words.slice(-found.words).join(' ').length;
    if (found.sheet)
      add(start, m.index + m[0].length, `OWASP ${found.sheet.title} Cheat Sheet`, cheatSheetUrl(found.sheet));
    else add(start, m.index + m[0].length, `OWASP ${found.title ?? ''} Cheat Sheet`, undefined);
  }
  // "ASVS 5.0 requirement 7.2.4", "ASVS 5.0 (requirement 3.5.3)", "ASVS 5.0 10.4.5", "ASVS. 4.0.3 requirement 3.3.1".
  for (const m of text.matchAll(
    /\bASVS\.?(?: (\d+\.\d+(?:\.\d+)?))?(?:,? \(?(?:requirements? )?(\d+\.\d+\.\d+)\b)?/g,
  )) {
    const version = m[1];
    add(m.index, m.index + m[0].length, version ? `OWASP ASVS ${version}` : 'OWASP ASVS', ASVS_URL, m[2]);
  }
  for (const m of text.matchAll(/\bApplication Security Verification Standard\b/gi))
    add(m.index, m.index + m[0].length, 'OWASP ASVS', ASVS_URL);
  for (const m of text.matchAll(/\bWSTG(?:-([A-Z]{4}-\d{2}))?\b/g)) {
    add(m.index, m.index + m[0].length, 'OWASP WSTG', WSTG_URL, m[1] && `WSTG-${m[1]}`);
  }
  for (const m of text.matchAll(/\b(?:Web Security Testing Guide|OWASP testing guide)\b/gi))
    add(m.index, m.index + m[0].length, 'OWASP WSTG', WSTG_URL);
  for (const m of text.matchAll(/\bRFC ?(\d{4})(?: (§\d+(?:\.\d+)*))?/g)) {
    const number = m[1] ?? '';
    const title = rfcTitles[number];
    const url = rfcUrls[number] ?? `https://www.rfc-editor.org/rfc/rfc${number}`;
    add(m.index, m.index + m[0].length, title ? `RFC ${number}: ${title}` : `RFC ${number}`, url, m[2]);
  }
  return hits.sort((a, b) => a.at - b.at);
}

export function citedStandards(source: string): CitedStandard[] {
  const hits = standardMentions(source);
  const found = new Map<string, CitedStandard>();
  // A bare "ASVS" beside a versioned mention adds nothing: the versioned entry names the document.
  const versioned = hits.some((h) => h.name.startsWith('OWASP ASVS '));
  for (const hit of hits) {
    if (hit.name === 'OWASP ASVS' && versioned) continue;
    const entry = found.get(hit.name) ?? { name: hit.name, refs: [], ...(hit.url && { url: hit.url }) };
    found.set(hit.name, entry);
    if (hit.ref && !entry.refs.includes(hit.ref)) entry.refs.push(hit.ref);
  }
  return [...found.values()];
}
