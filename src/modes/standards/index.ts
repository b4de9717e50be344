/**
 * The standards a lesson cites, read from its source text at build time for the Expert mode:
 * OWASP cheat sheets, ASVS requirements, WSTG tests and RFCs. Only what the text names is
 * listed (nothing is added), grouped per document with the requirement or test ids it mentions.
 */

export interface CitedStandard {
  /** "OWASP ASVS 5.0", "RFC 7009: OAuth 2.0 Token Revocation", "OWASP WSTG". */
  name: string;
  /** Requirement, test or section ids the text mentions, in order of first mention. */
  refs: string[];
}

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

/** Markdown emphasis and line breaks must not split a citation ("ASVS 5.0\nrequirement 7.2.4"). */
function plain(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/\s+/g, ' ');
}

export function citedStandards(source: string): CitedStandard[] {
  const text = plain(source);
  const found = new Map<string, CitedStandard>();
  const hits: { at: number; name: string; ref?: string }[] = [];

  for (const m of text.matchAll(/\bOWASP ((?:[A-Z][\w-]* ){1,4})Cheat Sheet\b/g)) {
    hits.push({ at: m.index, name: `OWASP ${m[1]}Cheat Sheet` });
  }
  // "ASVS 5.0 requirement 7.2.4", "ASVS 5.0 (requirement 3.5.3)", "ASVS 5.0 10.4.5", "ASVS. 4.0.3 requirement 3.3.1".
  for (const m of text.matchAll(/\bASVS\.?(?: (\d+\.\d+(?:\.\d+)?))?(?:,? \(?(?:requirements? )?(\d+\.\d+\.\d+)\b)?/g)) {
    const version = m[1];
    const name = version ? `OWASP ASVS ${version}` : 'OWASP ASVS';
    hits.push({ at: m.index, name, ...(m[2] && { ref: m[2] }) });
  }
  for (const m of text.matchAll(/\bWSTG(?:-([A-Z]{4}-\d{2}))?\b/g)) {
    hits.push({ at: m.index, name: 'OWASP WSTG', ...(m[1] && { ref: `WSTG-${m[1]}` }) });
  }
  for (const m of text.matchAll(/\bRFC ?(\d{4})(?: (§\d+(?:\.\d+)*))?/g)) {
    const number = m[1] ?? '';
    const title = rfcTitles[number];
    hits.push({ at: m.index, name: title ? `RFC ${number}: ${title}` : `RFC ${number}`, ...(m[2] && { ref: m[2] }) });
  }

  hits.sort((a, b) => a.at - b.at);
  // A bare "ASVS" beside a versioned mention adds nothing: the versioned entry names the document.
  const versioned = hits.some((h) => h.name.startsWith('OWASP ASVS '));
  for (const hit of hits) {
    if (hit.name === 'OWASP ASVS' && versioned) continue;
    const entry = found.get(hit.name) ?? { name: hit.name, refs: [] };
    found.set(hit.name, entry);
    if (hit.ref && !entry.refs.includes(hit.ref)) entry.refs.push(hit.ref);
  }
  return [...found.values()];
}
