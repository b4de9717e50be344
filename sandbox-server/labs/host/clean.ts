/**
 * Learner output is data, never part of a report's own text: a line printed by a learner's app
 * must not move the cursor, recolour the terminal, erase the summary or start a new line that
 * looks like the checker's. Web-standard, so the browser could use it too.
 */

/** ANSI/VT escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), and two-byte escapes. */
const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]?/g;
/** C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides that reorder text. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Longest line kept; the rest is cut with a note (a 10 MB line would drown the report). */
export const MAX_LINE = 2000;

/**
 * One line of learner output, safe to print: escape sequences removed, other control characters
 * (including \r and \n) shown as `\xNN`/`\uNNNN`, tabs as spaces, cut to MAX_LINE characters.
 */
export function cleanLine(text: string): string {
  let line = text
    .replace(ESCAPES, '')
    .replace(/\t/g, '  ')
    .replace(CONTROLS, (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`;
    });
  if (line.length > MAX_LINE)
    line = `${line.slice(0, MAX_LINE)}… (${line.length - MAX_LINE} more characters cut)`;
  return line;
}

/** Several lines (split on \n, \r\n or a lone \r), each cleaned. */
export function cleanLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/).map(cleanLine);
}
