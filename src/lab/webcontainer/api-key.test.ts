import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyApiKey } from './api-key';

const fakeApi = () => ({ configureAPIKey: vi.fn<(key: string) => void>() });

describe('applyApiKey', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('configures the key given, trimmed', () => {
    const api = fakeApi();
    expect(applyApiKey(api, ' wc_api_example_123 ')).toBe(true);
    expect(api.configureAPIKey).toHaveBeenCalledExactlyOnceWith('wc_api_example_123');
  });

  it('does nothing without a key (the free, unlicensed use)', () => {
    const api = fakeApi();
    expect(applyApiKey(api, undefined)).toBe(false);
    expect(applyApiKey(api, '  ')).toBe(false);
    expect(api.configureAPIKey).not.toHaveBeenCalled();
  });

  it('reads PUBLIC_WEBCONTAINER_API_KEY by default', () => {
    vi.stubEnv('PUBLIC_WEBCONTAINER_API_KEY', 'wc_api_from_env');
    const api = fakeApi();
    expect(applyApiKey(api)).toBe(true);
    expect(api.configureAPIKey).toHaveBeenCalledWith('wc_api_from_env');
  });
});
