/**
 * Terminal colour and cursor codes out of tool output. Runners colour their messages (jest, ts-jest,
 * chalk, a library's own error text) and their JUnit reporters carry the codes in different forms,
 * all captured in test/fixtures/tools/:
 *
 * - raw ESC bytes (node's JUnit reporter writes them into the XML as they are; jest's stderr);
 * - escaped as text: jest-junit 16 writes a suite's `testExecError` with `JSON.stringify`, so the XML
 *   carries the six characters `\u001b` followed by `[96m`; pytest writes `#x1B[31m`;
 * - the ESC dropped and the rest kept: vitest 4 writes `[31mexpected 2[0m`.
 *
 * All are removed before a message reaches a finding, a fingerprint or the review comment.
 */
import { stripVTControlCharacters } from 'node:util';

/** A CSI sequence's parameters, intermediates and final byte (ECMA-48). */
const CSI_TAIL = '\\[[0-?]*[ -/]*[@-~]';
/** `\u001b[…`, `\x1b[…`, `\033[…`, `\e[…` (JSON, shell, C escapes) and pytest's `#x1B[…`. */
const ESCAPED_CSI = new RegExp(`(?:\\\\(?:u001[bB]|x1[bB]|033|e)|#x1[bB];?)${CSI_TAIL}`, 'g');
/** What is left of a colour (SGR) code when a reporter dropped its ESC: `[31m`, `[0m`, `[1;33m` — not `a[0m]`. */
const BARE_SGR = /\[(?:\d{1,3};)*\d{1,3}m(?!\])/g;

/**
 * `text` without ANSI escape sequences: raw (Node's `util.stripVTControlCharacters`), escaped as text,
 * or colour codes whose ESC a reporter dropped. Other text is left as it is.
 */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text.replace(ESCAPED_CSI, '')).replace(BARE_SGR, '');
}
