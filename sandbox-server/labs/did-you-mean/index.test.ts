import { describe, expect, it } from 'vitest';
import { closest, distance } from '.';

describe('closest', () => {
  it('finds the field a typo meant, ignoring case', () => {
    expect(closest('check', ['title', 'goal', 'checks'])).toBe('checks');
    expect(closest('Minute', ['minutes', 'level'])).toBe('minutes');
  });
  it('suggests nothing when no name is near', () => {
    expect(closest('colour', ['title', 'summary', 'level'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });
  it('counts single-character edits', () => {
    expect(distance('ordre', 'order')).toBe(2);
    expect(distance('', 'abc')).toBe(3);
  });
});
