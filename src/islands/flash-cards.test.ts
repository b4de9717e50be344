/** The pure parts of the flashcard deck (the deck itself runs in the browser: test/e2e/modes.spec.ts). */
import { describe, expect, it } from 'vitest';
import { itemCardId, takeawayCue } from './flash-cards';

describe('takeaway cards', () => {
  it('one card per item, with a stable id: the heading id and the position from 1', () => {
    expect(itemCardId('remember-this', 0)).toBe('takeaway-remember-this-1');
    expect(itemCardId('what-to-carry-forward', 4)).toBe('takeaway-what-to-carry-forward-5');
  });

  it('the front shows the opening words to complete, never the whole item', () => {
    expect(takeawayCue('A session is per-browser data that the app finds again through a cookie.')).toBe(
      'A session is per-browser data …',
    );
    expect(takeawayCue('Whatever login adds to the session is exactly what logout must take away.')).toBe(
      'Whatever login adds to the session …',
    );
    const long =
      'Rotate refresh tokens on every use; when a spent one returns, revoke the whole family (RFC 9700 §4.14.2, ASVS 5.0 10.4.5).';
    expect(takeawayCue(long)).toBe('Rotate refresh tokens on every use; when a spent …');
    expect(takeawayCue('Short item here')).toBe('Short item …');
    expect(takeawayCue('  Two words ')).toBe('Two …');
    expect(takeawayCue('One')).toBe('…');
  });
});
