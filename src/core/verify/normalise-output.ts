/**
 * Normalises a tool's failure text so that the same failure on the base and on the head compares
 * equal: the checkout's absolute path, other absolute paths and `file://` URLs, numbers (line
 * numbers, timings, counts, addresses) and ANSI colour codes are replaced by placeholders and
 * whitespace is collapsed. Used to fingerprint `exit-code` failures and test failures (issue 9: a
 * failure on the base hides a failure on the head only when it is the same failure).
 */

/** How much of the end of the output is normalised (the rest is never compared). */
export const NORMALISED_TAIL_CHARS = 4000;

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");
const FILE_URL = /file:\/\/\/?[^\s'"()<>]*/g;
const ABSOLUTE_PATH = /(?<![\w.])(?:[A-Za-z]:)?[\\/](?:[\w.@+~-]+[\\/])+[\w.@+~-]*/g;
const NUMBER = /\d+(?:[.,]\d+)*/g;

/**
 * @param text the failure text (stdout/stderr tail, a failure message)
 * @param root absolute path of the checkout the tool ran in, removed first so relative paths stay
 * @returns at most `NORMALISED_TAIL_CHARS` characters of normalised text
 */
export function normaliseFailureText(text: string, root?: string): string {
  let tail = text.slice(-NORMALISED_TAIL_CHARS).replace(ANSI, '');
  if (root) tail = tail.split(root.replace(/[\\/]$/, '') + '/').join('').split(root).join('');
  return tail.replace(FILE_URL, '<path>').replace(ABSOLUTE_PATH, '<path>').replace(NUMBER, 'N').replace(/\s+/g, ' ').trim();
}
