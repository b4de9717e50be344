import { describe, expect, it } from 'vitest';
import { thrownLine } from '.';

describe('thrownLine', () => {
  it('puts the place first, then the request and the error', () => {
    expect(
      thrownLine({
        request: 'POST /logout',
        message: "TypeError: Cannot read properties of undefined (reading 'y')",
        at: { file: 'routes/logout.ts', line: 14, column: 9 },
      }),
    ).toBe(
      "Your code threw at routes/logout.ts:14:9 (POST /logout): TypeError: Cannot read properties of undefined (reading 'y')",
    );
  });

  it('says no place when no frame was the learner’s (a thrown string has no stack)', () => {
    expect(thrownLine({ request: 'GET /me', message: 'boom' })).toBe('Your code threw (GET /me): boom');
  });
});
