import { describe, expect, it } from 'vitest';
import { isAppleMobile } from './index';

const safari =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

describe('isAppleMobile', () => {
  it('knows an iPhone and an iPad by platform or user agent, whichever browser (all are WebKit there)', () => {
    expect(
      isAppleMobile({
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
        platform: 'iPhone',
        maxTouchPoints: 5,
      }),
    ).toBe(true);
    expect(
      isAppleMobile({
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0 Mobile/15E148',
        platform: '',
        maxTouchPoints: 5,
      }),
    ).toBe(true);
    expect(
      isAppleMobile({
        userAgent: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X)',
        platform: 'iPad',
        maxTouchPoints: 5,
      }),
    ).toBe(true);
  });

  it('knows an iPad that asks for the desktop site: it says Mac, but has a touch screen', () => {
    expect(isAppleMobile({ userAgent: safari, platform: 'MacIntel', maxTouchPoints: 5 })).toBe(true);
  });

  it('leaves a Mac, Android and desktop browsers alone', () => {
    expect(isAppleMobile({ userAgent: safari, platform: 'MacIntel', maxTouchPoints: 0 })).toBe(false);
    expect(
      isAppleMobile({
        userAgent:
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/123.0 Mobile Safari/537.36',
        platform: 'Linux armv8l',
        maxTouchPoints: 5,
      }),
    ).toBe(false);
    expect(
      isAppleMobile({
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/123.0 Safari/537.36',
        platform: 'Win32',
        maxTouchPoints: 10,
      }),
    ).toBe(false);
  });
});
