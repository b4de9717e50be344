/**
 * localStorage keys read before first paint (BaseLayout's inline script) and by the islands.
 * THEME_KEY: an explicit theme choice ("light" | "dark"); absent = follow the system.
 * CODE_LANGUAGE_KEY: the language last picked in code tabs ("python" | "typescript").
 */
export const THEME_KEY = 'logout-lab:theme';
export const CODE_LANGUAGE_KEY = 'logout-lab:code-language';
