/** localStorage key of an explicit theme choice ("light" | "dark"); absent = follow the system. */
export const THEME_KEY = 'logout-lab:theme';
